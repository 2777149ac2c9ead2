"""Step 2 of 3: one Municipality per distinct programme municipality name, linked.

Its own migration (own transaction): PostgreSQL refuses ALTER TABLE while the
new foreign key's deferred checks from these updates are pending.
"""

from django.db import migrations

# A programme saved with an empty name still gets a record (names are unique).
UNNAMED = "Jednostka samorządu terytorialnego"


def names_to_records(apps, schema_editor):
    Municipality = apps.get_model("programmes", "Municipality")
    Programme = apps.get_model("programmes", "Programme")
    records = {}
    for programme in Programme.objects.order_by("pk"):
        name = " ".join(programme.municipality_name.split()) or UNNAMED
        if name not in records:
            records[name], _ = Municipality.objects.get_or_create(
                name=name[:200],
                defaults={"name_genitive": name[:200], "kind": "gmina", "council_name": ""},
            )
        programme.municipality = records[name]
        programme.save(update_fields=["municipality"])


def records_to_names(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.select_related("municipality"):
        programme.municipality_name = programme.municipality.name
        programme.save(update_fields=["municipality_name"])


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0002_municipality_from_programme_names"),
    ]

    operations = [
        migrations.RunPython(names_to_records, records_to_names, elidable=False),
    ]
