"""The minutes PDF's "being prepared" page in real Chromium: WCAG 2.1 AA, phone and desktop."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from core.testing import axe_violations, screenshot_dir
from teams.models import MinutesPdf
from teams.tests.factories import MeetingFactory, SectorTeamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def pending(transactional_db: Any, settings: Any) -> str:
    # Eager tasks would render before the page shows: keep the render queued instead.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    meeting = MeetingFactory(
        team=SectorTeamFactory(),
        title="Spotkanie zespołu ds. pomocy społecznej",
        minutes="Ustalono harmonogram prac.",
        minutes_published_at=timezone.now(),
    )
    return f"/meetings/{meeting.pk}/minutes.pdf"


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_minutes_preparing_page_is_accessible_on_desktop_and_phone(
    live_server: Any, pending: str, request: Any, fixture: str
) -> None:
    page = request.getfixturevalue(fixture)
    response = page.goto(live_server.url + pending)
    assert response.status == 202
    assert response.headers["retry-after"] == "5"
    assert page.locator("[role=status][hx-trigger]").count() == 1
    assert page.get_by_role("link", name="Powrót do strony spotkania").count() == 1
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"the page scrolls sideways ({width}px > {viewport}px)"
    assert MinutesPdf.objects.filter(rendered_at__isnull=True).count() == 1
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"minutes-pdf-preparing-{viewport}.png"), full_page=True)
