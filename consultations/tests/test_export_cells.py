"""Both exports write cells that a spreadsheet shows as text (core.spreadsheets).

Issue 9: the SWOT board CSV wrote item text as typed, so ``=HYPERLINK(...)`` became a
live formula in every downloader's spreadsheet. The report export already neutralised
cells; both now go through one function, and this test feeds both the same texts.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from consultations.tests.factories import CommentFactory
from core.spreadsheets import neutralise
from swot.tests.factories import SwotItemFactory, SwotSessionFactory
from teams.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

# What a member can type that a spreadsheet would run or reinterpret.
DANGEROUS = ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tleading tab", "\rleading CR"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_neutralise_quotes_every_formula_start(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("plain text") == "plain text"


def test_the_swot_board_csv_neutralises_every_dangerous_cell(client: Any, team: Any) -> None:
    closed_session = SwotSessionFactory(meeting=MeetingFactory(team=team), closed_at=timezone.now())
    for text in DANGEROUS:
        SwotItemFactory(session=closed_session, text=text)
    with translation.override("en"):
        body = client.get(reverse("swot:board_csv", args=[closed_session.pk])).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    texts = {row[2] for row in rows[1:]}
    assert texts == {"'" + text for text in DANGEROUS}


def test_the_report_csv_neutralises_the_same_cells(client: Any, version: Any) -> None:
    paragraph = version.sections.first().paragraphs.first()
    for text in DANGEROUS:
        CommentFactory(
            version=version,
            paragraph=paragraph,
            proposed_wording=text,
            justification="uzasadnienie",
            answer="rejected",
            answer_justification=text,
            answer_published_at=version.published_at,
        )
    programme = version.programme
    body = client.get(reverse("consultations:report_csv", args=[programme.slug])).content
    cells = {
        cell
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
        for cell in row
    }
    for text in DANGEROUS:
        assert text not in cells
        assert "'" + text in cells
