from __future__ import annotations

from factory.django import DjangoModelFactory

from programmes.models import Municipality


class MunicipalityFactory(DjangoModelFactory):
    """A fictional local government: tests must not depend on the seed's city."""

    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Gmina Przykładowo"
    name_genitive = "Gminy Przykładowo"
    kind = Municipality.Kind.GMINA
    council_name = "Rada Gminy Przykładowo"
    bip_url = "https://bip.example.org"
    seat = "ul. Urzędowa 1, 00-001 Przykładowo"
    accessibility_contact_name = "Ewa Kontaktowa"
    accessibility_contact_email = "dostepnosc@example.org"
    accessibility_contact_phone = "+48 22 000 00 00"
    controller_name = "Wójt Gminy Przykładowo"
    dpo_name = "Adam Inspektor"
    dpo_email = "iod@example.org"
