"""The public pages in real Chromium: phone and desktop widths, WCAG 2.1 AA."""

from __future__ import annotations

import pytest

from core.testing import axe_violations, screenshot_dir
from krakow_ngo.seed.loader import SEED_SLUG
from krakow_ngo.seed.testing import seed_for_transactional_test

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PAGES = [
    "/",
    f"/programmes/{SEED_SLUG}/",
    "/teams/wykluczenie-spoleczne/",
    "/accessibility/",
    "/privacy/",
]


@pytest.fixture
def seeded(transactional_db):
    seed_for_transactional_test(demo=True)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_public_pages_have_no_wcag_violations(live_server, seeded, page, path, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PAGES[:3])
def test_public_pages_fit_a_phone(live_server, seeded, phone_page, path):
    phone_page.goto(live_server.url + path)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways on a phone ({width}px)"
    if (shots := screenshot_dir()) is not None:
        name = path.strip("/").replace("/", "_") or "home"
        phone_page.screenshot(path=str(shots / f"phone-{name}.png"), full_page=True)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, seeded, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
