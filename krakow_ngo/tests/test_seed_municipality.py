from __future__ import annotations

import pytest

from krakow_ngo.seed.loader import seed_krakow
from programmes.models import Municipality, Programme
from programmes.selectors import current_municipality

pytestmark = pytest.mark.django_db


def test_the_seed_creates_its_local_government_once_and_links_its_programmes():
    seed_krakow()
    seed_krakow()
    municipality = Municipality.objects.get()
    municipality.full_clean()
    assert municipality.council_name == "Rada Miasta Krakowa"
    assert municipality.bip_url == "https://www.bip.krakow.pl"
    assert municipality.kind == Municipality.Kind.CITY_WITH_COUNTY_RIGHTS
    assert municipality.dpo_email.endswith("@example.org")
    assert municipality.accessibility_contact_email.endswith("@example.org")
    assert set(Programme.objects.values_list("municipality", flat=True)) == {municipality.pk}
    assert current_municipality() == municipality
