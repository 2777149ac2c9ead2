"""Programmes belong to a Municipality record instead of naming it in a text field.

Step 1 of 3: the table and a nullable link (0003 fills it, 0004 makes it required).

The data step makes one Municipality from each distinct (trimmed) name that programmes
carried and links them; fields the old text could not hold (genitive, council, contacts)
start as the name or empty, for a coordinator to complete in the admin. Reversible:
going back writes the name into the text field again.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programmes", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='Municipality',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='In the nominative.', max_length=200, unique=True, verbose_name='official name')),
                ('name_genitive', models.CharField(help_text='As in “Program współpracy …” (whose programme).', max_length=200, verbose_name='official name in the genitive')),
                ('short_name', models.CharField(blank=True, help_text='Shown in page titles and the header; the official name when empty.', max_length=100, verbose_name='short name')),
                ('kind', models.CharField(choices=[('gmina', 'municipality (gmina)'), ('miasto_npp', 'city with county rights'), ('powiat', 'county (powiat)'), ('wojewodztwo', 'voivodeship (województwo)')], max_length=20, verbose_name='type of local government')),
                ('council_name', models.CharField(max_length=200, verbose_name='council')),
                ('bip_url', models.URLField(blank=True, help_text='The Public Information Bulletin (Biuletyn Informacji Publicznej).', validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='BIP address')),
                ('seat', models.CharField(blank=True, help_text='Street, postcode, town.', max_length=300, verbose_name='seat and address')),
                ('accessibility_contact_name', models.CharField(blank=True, max_length=200, verbose_name='accessibility contact person')),
                ('accessibility_contact_email', models.EmailField(blank=True, max_length=254, verbose_name='accessibility contact e-mail')),
                ('accessibility_contact_phone', models.CharField(blank=True, max_length=30, validators=[django.core.validators.RegexValidator('^\\+?[0-9][0-9 ()-]{4,28}[0-9]\\Z', 'Enter a telephone number of digits, spaces, brackets and hyphens, e.g. +48 12 616 12 12.')], verbose_name='accessibility contact phone')),
                ('controller_name', models.CharField(blank=True, help_text='Who decides about the data, e.g. the mayor (wójt, burmistrz, prezydent).', max_length=200, verbose_name='personal data controller')),
                ('controller_address', models.CharField(blank=True, help_text='The seat above when empty.', max_length=300, verbose_name="controller's address")),
                ('dpo_name', models.CharField(blank=True, max_length=200, verbose_name='data protection officer')),
                ('dpo_email', models.EmailField(blank=True, max_length=254, verbose_name="data protection officer's e-mail")),
                ('logo_static_path', models.CharField(blank=True, help_text='A path inside the static files, e.g. img/logo.svg; empty for none.', max_length=150, validators=[django.core.validators.RegexValidator('^(?!/)(?!.*\\.\\.)[A-Za-z0-9_./-]{1,150}\\.(png|svg|jpg|jpeg|webp)\\Z', 'Enter a path inside the static files, e.g. img/logo.svg (PNG, SVG, JPEG or WebP).')], verbose_name='logo (static file)')),
                ('colour_primary', models.CharField(default='#0B5394', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9A-Fa-f]{6}\\Z', 'Enter a colour as # and six hexadecimal digits, e.g. #0B5394.')], verbose_name='brand colour')),
                ('colour_secondary', models.CharField(default='#F2C200', max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9A-Fa-f]{6}\\Z', 'Enter a colour as # and six hexadecimal digits, e.g. #0B5394.')], verbose_name='second brand colour')),
            ],
            options={
                'verbose_name': 'local government',
                'verbose_name_plural': 'local governments',
                'ordering': ['name'],
            },
        ),
        migrations.RenameField(
            model_name="programme", old_name="municipality", new_name="municipality_name"
        ),
        migrations.AddField(
            model_name="programme",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="programmes.municipality",
                verbose_name="local government",
            ),
        ),
    ]
