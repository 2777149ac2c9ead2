"""The resolution is cited as a Polish official would cite it (issue 11, item 6)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from consultations.models import Adoption


def test_the_resolution_is_cited_with_a_written_date_not_an_iso_one():
    adoption = Adoption(resolution_number="XX/123/2024", resolution_date=dt.date(2024, 11, 19))
    with translation.override("pl"):
        assert str(adoption) == "Uchwała nr XX/123/2024 z dnia 19 listopada 2024 r."
    with translation.override("en"):
        assert str(adoption) == "Resolution No. XX/123/2024 of 19 November 2024"
