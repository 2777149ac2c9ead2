"""The document editor in Chromium: a section moved with htmx, and both previews opened."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from consultations.models import MANDATORY_SECTION_KINDS
from consultations.tests.factories import version_with_sections
from core.testing import axe_violations, screenshot_dir

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _log_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _shots(page: Any, name: str) -> None:
    if (shots := screenshot_dir()) is None:
        return
    for width, height in ((1280, 900), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(shots / f"left11-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_coordinator_moves_a_section_and_previews_the_page_and_the_pdf(
    live_server, page, programme, coordinator
):
    version = version_with_sections(programme, number=1)
    _log_in(page, live_server, coordinator)
    base = live_server.url
    editor = base + reverse("consultations:draft_edit", args=[programme.slug, 1])
    page.goto(editor)
    third = version.sections.get(position=3)
    page.locator(f"#edit-s-{third.pk}").get_by_role("button", name="Przenieś sekcję wyżej").click()
    # htmx swaps the list of sections in place: the page is not reloaded.
    page.locator(f"#editor-sections > section:nth-of-type(2)#edit-s-{third.pk}").wait_for()
    assert page.url == editor
    kinds = list(version.sections.order_by("position").values_list("kind", flat=True))
    expected = list(MANDATORY_SECTION_KINDS)
    expected[1], expected[2] = expected[2], expected[1]
    assert kinds == expected
    assert axe_violations(page) == []
    _shots(page, "editor")

    # The PDF preview: the editor's link, fetched with the browser's own session.
    href = page.get_by_role("link", name="Podgląd PDF").get_attribute("href")
    response = page.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.get_by_role("link", name="Podgląd w postaci publicznej").click()
    page.get_by_text("Podgląd nieopublikowanej wersji").wait_for()
    assert axe_violations(page) == []
    _shots(page, "preview")
