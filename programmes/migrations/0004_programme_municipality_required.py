"""Step 3 of 3: the text field goes; every programme now has its Municipality."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0003_municipality_records_from_names"),
    ]

    operations = [
        # A default first, so that going back can re-add the column to filled tables.
        migrations.AlterField(
            model_name="programme",
            name="municipality_name",
            field=models.CharField(default="", max_length=200, verbose_name="municipality"),
        ),
        migrations.RemoveField(model_name="programme", name="municipality_name"),
        migrations.AlterField(
            model_name="programme",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="programmes.municipality",
                verbose_name="local government",
            ),
        ),
    ]
