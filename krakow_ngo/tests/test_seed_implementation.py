"""The demo carries the cycle before the one in consultation, adopted and reported on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from implementation.models import AnnualReport, ImplementationRecord
from krakow_ngo.seed.loader import seed_krakow
from swot.models import Goal, SwotSession

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_2025_report_published_and_shown_on_the_2028_boards(client: Any) -> None:
    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    report = AnnualReport.objects.get(programme__slug="wpw-2025-2027", year=2025)
    assert report.is_published
    assert report.published_on_time
    assert "demonstracyjne" in report.programme.title
    years = set(
        ImplementationRecord.objects.filter(programme=report.programme).values_list(
            "year", flat=True
        )
    )
    assert years == {2025, 2026}
    assert Goal.objects.filter(
        team__programme__slug="wpw-2028-2030", continues__isnull=False
    ).exists()
    # Idempotent: loading again adds nothing.
    counts = (ImplementationRecord.objects.count(), AnnualReport.objects.count())
    again = seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    assert (ImplementationRecord.objects.count(), AnnualReport.objects.count()) == counts
    assert not again.created
    board = SwotSession.objects.filter(meeting__team__programme__slug="wpw-2028-2030").first()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-koordynator"))
    html = client.get(reverse("swot:board", args=[board.pk])).content.decode()
    assert "last-report-panel" in html
