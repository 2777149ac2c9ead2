"""'Propose a change' on selected words of the public draft (issue 11, item 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import Paragraph
from krakow_ngo.seed.loader import seed_krakow

pytestmark = pytest.mark.django_db


def _paragraph(report) -> Paragraph:
    return Paragraph.objects.get(
        section__version__programme=report.demo_programme,
        section__version__number=1,
        section__position=3,
        number=1,
    )


def test_the_form_takes_the_selected_span_as_current_wording(client):
    report = seed_krakow(demo=True)
    paragraph = _paragraph(report)
    url = reverse("consultations:comment_create", args=[report.demo_programme.slug, 1])
    span = paragraph.text[10:40]
    form = client.get(url, {"paragraph": "3-1", "current": span}).context["form"]
    assert form.initial["current_wording"] == span
    # Anything that is not a span of the paragraph falls back to the whole paragraph.
    form = client.get(url, {"paragraph": "3-1", "current": "nie ma tego"}).context["form"]
    assert form.initial["current_wording"] == paragraph.text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_selecting_words_offers_propose_a_change(live_server, page):
    report = seed_krakow(demo=True)
    paragraph = _paragraph(report)
    page.goto(
        live_server.url
        + reverse("consultations:draft_detail", args=[report.demo_programme.slug, 1])
    )
    link = page.locator("#p-3-1 a.propose-change")
    assert link.count() == 0
    selected = page.evaluate(
        """() => {
            const p = document.querySelector('#p-3-1 p');
            const node = [...p.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
            const range = document.createRange();
            range.setStart(node, 5);
            range.setEnd(node, 40);
            const selection = document.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return selection.toString().trim();
        }"""
    )
    link.wait_for()
    link.click()
    page.wait_for_url("**/comment/**")
    assert page.locator("#id_current_wording").input_value() == selected
    assert selected in paragraph.text
