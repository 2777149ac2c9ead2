"""The answers of a paragraph load in place with htmx, and as a page without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from consultations.tests.conftest import build_version
from consultations.tests.factories import CommentFactory, PhaseFactory, ProgrammeFactory
from core.testing import axe_violations, screenshot_dir

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def answered_version(transactional_db):
    now = timezone.now()
    programme = ProgrammeFactory(is_current=True, first_year=now.year + 2, last_year=now.year + 4)
    PhaseFactory(
        programme=programme,
        starts_at=now - dt.timedelta(days=40),
        ends_at=now - dt.timedelta(days=20),
    )
    version = build_version(programme)
    paragraph = version.sections.get(position=1).paragraphs.get(number=2)
    for n in range(3):
        comment = CommentFactory(
            paragraph=paragraph,
            proposed_wording=f"Propozycja numer {n}.",
            answer="accepted",
            answer_justification=f"Odpowiedź miasta numer {n}.",
        )
        Comment.objects.filter(pk=comment.pk).update(answer_published_at=now)
    CommentFactory(paragraph=paragraph, proposed_wording="Bez odpowiedzi jeszcze.")
    whole = CommentFactory(
        version=version,
        paragraph=None,
        current_wording="",
        proposed_wording="Uwaga do całości.",
        answer="explained",
        answer_justification="Odpowiedź miasta do całości.",
    )
    Comment.objects.filter(pk=whole.pk).update(answer_published_at=now)
    return version


def _shot(page, name: str) -> None:
    if (shots := screenshot_dir()) is not None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_the_answers_load_in_place_under_their_paragraph(live_server, answered_version, page):
    url = live_server.url + answered_version.get_absolute_url()
    page.goto(url)
    paragraph = page.locator("#p-1-2")
    assert "4 uwagi, 3 z odpowiedzią" in paragraph.inner_text()
    assert paragraph.get_by_text("Odpowiedź miasta numer 0.").count() == 0
    # The heat bar's colours are said in words beside it, so the bar itself is hidden
    # from screen readers and carries no <title> of its own.
    heat = paragraph.locator(".heat")
    assert heat.inner_text().strip() == "3 uwzględnione"
    assert heat.locator("svg").get_attribute("aria-hidden") == "true"
    assert heat.locator("svg title").count() == 0
    assert paragraph.get_by_role("img").count() == 0
    paragraph.get_by_role("link", name="Pokaż odpowiedzi").click()
    paragraph.get_by_text("Odpowiedź miasta numer 2.").wait_for()
    assert page.url == url  # in place: no navigation
    assert paragraph.get_by_text("Bez odpowiedzi jeszcze.").count() == 0
    # Only the list came (HX-Request), not the answers page with its heading.
    assert page.get_by_role("heading", name="Odpowiedzi na uwagi do § 1.2").count() == 0
    # The whole document's answers load in place the same way.
    document = page.locator("#document-comments")
    document.get_by_role("link", name="Pokaż odpowiedzi").click()
    document.get_by_text("Odpowiedź miasta do całości.").wait_for()
    assert page.url == url
    assert document.get_by_role("link", name="Pokaż odpowiedzi").count() == 0
    assert axe_violations(page) == []
    _shot(page, "draft-answers-in-place-1280")


def test_without_javascript_the_link_opens_the_answers_page(live_server, answered_version, browser):
    context = browser.new_context(
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + answered_version.get_absolute_url())
        page.locator("#p-1-2").get_by_role("link", name="Pokaż odpowiedzi").click()
        page.wait_for_load_state()
        expected = reverse(
            "consultations:paragraph_answers",
            args=[answered_version.programme.slug, 1, 1, 2],
        )
        assert page.url == live_server.url + expected
        assert page.get_by_role("heading", name="Odpowiedzi na uwagi do § 1.2").is_visible()
        assert page.get_by_text("Odpowiedź miasta numer 1.").is_visible()
        _shot(page, "paragraph-answers-page-360")
        page.get_by_role("link", name="Powrót do dokumentu").click()
        page.wait_for_load_state()
        assert page.url.endswith("#p-1-2")
    finally:
        context.close()
