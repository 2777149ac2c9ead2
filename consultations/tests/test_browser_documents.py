"""The differences page and the "PDF being prepared" page in real Chromium (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from core.testing import axe_violations, screenshot_dir
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DIFF = f"/programmes/{SEED_SLUG}/drafts/1/diff/2/"
PREPARING = f"/programmes/{SEED_SLUG}/drafts/2/pdf/"


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Eager tasks would render before the page shows: keep the render queued instead.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    seed_krakow()


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_diff_page_has_no_wcag_violations(live_server, seeded, page, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + DIFF)
    assert axe_violations(page) == []
    page.locator("details summary").first.click()  # unfolded, it must pass as well
    assert axe_violations(page) == []


def test_the_diff_page_fits_a_phone(live_server, seeded, phone_page):
    phone_page.goto(live_server.url + DIFF)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the diff scrolls sideways on a phone ({width}px)"
    if (shots := screenshot_dir()) is not None:
        phone_page.screenshot(path=str(shots / "phone-diff.png"), full_page=True)


def test_the_preparing_page_has_no_wcag_violations(live_server, seeded, page):
    response = page.goto(live_server.url + PREPARING)
    assert response.status == 202
    assert page.locator("[role=status][hx-trigger]").count() == 1
    assert axe_violations(page) == []
