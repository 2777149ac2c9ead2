"""Pages found and shared well: description, Open Graph, favicon; the draft's sticky contents."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.testing import screenshot_dir
from krakow_ngo.seed.loader import seed_krakow

pytestmark = pytest.mark.django_db


def _meta(html: str, attr: str, name: str) -> str:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_public_pages_have_a_description_a_title_to_share_and_a_favicon(client):
    report = seed_krakow(demo=True)
    demo = report.demo_programme
    draft_url = reverse("consultations:draft_detail", args=[demo.slug, 1])
    for url in ("/", demo.get_absolute_url(), draft_url, reverse("consultations:programme_list")):
        html = client.get(url).content.decode()
        assert len(_meta(html, "name", "description")) > 40, url
        assert _meta(html, "property", "og:title"), url
        assert 'rel="icon"' in html, url
    draft = client.get(draft_url).content.decode()
    assert _meta(draft, "property", "og:title") == demo.versions.get(number=1).title
    assert client.get("/static/img/favicon.svg").status_code in (200, 404)  # served by WhiteNoise


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_contents_stay_beside_the_draft_on_wide_screens(live_server, page, phone_page):
    report = seed_krakow(demo=True)
    url = live_server.url + reverse(
        "consultations:draft_detail", args=[report.demo_programme.slug, 1]
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    toc = page.locator("nav.toc")
    first_section = page.locator("section.draft-section").first
    assert toc.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert (
        toc.bounding_box()["x"] + toc.bounding_box()["width"] <= first_section.bounding_box()["x"]
    )
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    assert 0 <= toc.bounding_box()["y"] <= 50  # still in view after scrolling
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / "coord11-draft-toc-1366.png"))
    assert errors == []
    # On a phone the contents stay above the text, as before.
    phone_page.goto(url)
    assert phone_page.locator("nav.toc").evaluate("e => getComputedStyle(e).position") != "sticky"
    if (shots := screenshot_dir()) is not None:
        phone_page.screenshot(path=str(shots / "coord11-draft-toc-360.png"))
