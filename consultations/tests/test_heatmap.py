"""The heat map and the consultation in numbers (consultations/charts.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import charts, selectors
from consultations.models import Comment
from consultations.tests.conftest import build_version
from consultations.tests.factories import CommentFactory
from core.dates import WARSAW

pytestmark = pytest.mark.django_db

PLAN = [  # (section, paragraph, answer, published)
    (1, 1, "accepted", True),
    (1, 1, "accepted", True),
    (1, 1, "rejected", True),
    (1, 2, "partly_accepted", True),
    (1, 2, "rejected", False),  # answered, not published: pending in the heat map
    (2, 1, "", False),
    (2, 3, "explained", True),
]


@pytest.fixture
def answered(programme: Any) -> Any:
    version = build_version(programme)
    now = timezone.now()
    for n, (s, p, answer, published) in enumerate(PLAN, start=1):
        paragraph = version.sections.get(position=s).paragraphs.get(number=p)
        CommentFactory(
            version=version,
            paragraph=paragraph,
            number=n,
            answer=answer,
            answer_justification="Uzasadnienie." if answer else "",
            answer_published_at=now if published else None,
            submitted_at=dt.datetime(2011, 8, n, 10, tzinfo=WARSAW),
        )
    withdrawn = CommentFactory(
        version=version,
        paragraph=version.sections.get(position=1).paragraphs.get(number=1),
        number=99,
        status=Comment.Status.WITHDRAWN,
    )
    assert withdrawn.is_withdrawn
    return version


def test_heat_map_numbers_equal_the_report_counts(programme: Any, answered: Any) -> None:
    context = selectors.report_context(programme)
    heatmap = context["heatmap"]
    totals = heatmap.totals()
    by_answer = {
        str(Comment.Answer(a).label): n for a, n in [(k, totals.get(k, 0)) for k in Comment.Answer]
    }
    assert {k: v for k, v in by_answer.items() if v} == dict(context["counts"]["by_answer"])
    # The report lists every number; the heat map counts its rows that are comments
    # (not withdrawn, not set aside), whatever their position.
    live = [c for c in context["comments"] if not c.is_withdrawn and not c.is_not_a_comment]
    assert heatmap.total == len(live) == len(context["comments"]) - 1  # one withdrawn
    # Per paragraph: the report's rows of that paragraph.
    per_paragraph: dict[str, int] = {}
    for comment in live:
        per_paragraph[comment.part_label] = per_paragraph.get(comment.part_label, 0) + 1
    assert {r.label: r.total for r in heatmap.rows} == per_paragraph
    # Positions by section count the same rows.
    assert sum(p.row.total for p in context["positions"]) == len(live)


def test_draft_heat_map_counts_active_comments_and_published_positions(answered: Any) -> None:
    paragraphs = [p for s in selectors.version_sections(answered) for p in s.paragraphs.all()]
    heatmap = charts.version_heatmap(answered, paragraphs)
    rows = {r.label: r for r in heatmap.rows}
    assert rows["§ 1.1"].counts == {"accepted": 2, "rejected": 1}  # the withdrawn one is out
    assert rows["§ 1.1"].shares["accepted"] == 67
    assert rows["§ 1.2"].counts == {"partly_accepted": 1, "pending": 1}
    assert rows["§ 2.1"].counts == {"pending": 1}
    assert rows["§ 3.3"].total == 0
    assert heatmap.total == 7


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b[^>]*>", html)


@pytest.mark.parametrize("page", ["draft", "report"])
def test_pages_show_accessible_svg_without_inline_style_or_script(
    client: Any, programme: Any, answered: Any, page: str
) -> None:
    url = (
        reverse("consultations:draft_detail", args=[programme.slug, 1])
        if page == "draft"
        else reverse("consultations:report", args=[programme.slug])
    )
    html = client.get(url).content.decode()
    svgs = _svgs(html)
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg or 'aria-hidden="true"' in svg
    assert "style=" not in html
    assert "<style" not in html.split("</head>")[-1]
    assert "<script>" not in html
    if page == "draft":
        # The numbers beside each paragraph; the whole table on a page of its own.
        table_url = reverse("consultations:draft_heatmap", args=[programme.slug, 1])
        assert f'href="{table_url}"' in html
        assert "heatmap-table" not in html
        html = client.get(table_url).content.decode()
    assert "heatmap-table" in html  # the numbers as a table
    if page == "report":
        assert "Comments received per day" in html or "Uwagi" in html


def test_numbers_per_day_and_kind(programme: Any, answered: Any) -> None:
    context = selectors.report_context(programme)
    per_day, per_channel, per_kind = context["numbers"]
    assert sum(b.n for b in per_day.bars) == 7
    assert len(per_day.bars) == 7  # 1–7 August, one a day
    assert per_channel.bars[0].n == 7
    assert sum(b.n for b in per_kind.bars) == 7


def test_the_strip_draws_every_part_once_in_one_path_per_position(answered: Any) -> None:
    paragraphs = [p for s in selectors.version_sections(answered) for p in s.paragraphs.all()]
    heatmap = charts.version_heatmap(answered, paragraphs)
    fills = [fill for fill, _d in heatmap.strip]
    assert fills == [fill for _key, fill, _name in charts.POSITIONS if fill in fills]  # once each
    drawn = sorted(
        (float(x), float(y), float(h), fill)
        for fill, d in heatmap.strip
        for x, y, h in re.findall(r"M(\S+) (\S+)h7v(\S+)h-7z", d)
    )
    parts = sorted(
        (float(row.x), s.strip_y, s.strip_h, s.fill)
        for row in heatmap.rows
        for s in row.segments
        if s.n
    )
    assert drawn == parts
    assert len(parts) == 6  # § 1.1 two positions, § 1.2 two, § 2.1 and § 2.3 one each


def test_the_table_page_lists_every_commented_paragraph_and_links_back(
    client: Any, programme: Any, answered: Any
) -> None:
    version = answered
    html = client.get(reverse("consultations:draft_heatmap", args=[programme.slug, 1])).content
    page = html.decode()
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">', page)
    heatmap = charts.heatmap_from_counts(
        selectors.version_position_counts(version),
        [p for s in selectors.version_document(version) for p in s.paragraphs.all()],
    )
    assert rows == [f"{version.get_absolute_url()}#{r.anchor}" for r in heatmap.rows if r.total]
    assert "<details>" not in page  # the table is what this page is for: shown open


@pytest.mark.parametrize(
    ("role", "published", "status"),
    [
        *(
            (role, True, 200)
            for role in ("anonymous", "member", "other_team_member", "moderator", "coordinator")
        ),
        *((role, False, 404) for role in ("anonymous", "member", "other_team_member", "moderator")),
        ("coordinator", False, 200),
    ],
)
def test_the_table_page_permissions(
    client: Any,
    as_role: Any,
    programme: Any,
    answered: Any,
    role: str,
    published: bool,
    status: int,
) -> None:
    number = 1 if published else build_version(programme, number=2, published=False).number
    as_role(role)
    url = reverse("consultations:draft_heatmap", args=[programme.slug, number])
    response = client.get(url)
    assert response.status_code == status
    if status == 200 and not published:
        assert "no-store" in response["Cache-Control"]


def test_the_table_page_of_a_version_without_comments_says_so(client: Any, programme: Any) -> None:
    build_version(programme)
    response = client.get(reverse("consultations:draft_heatmap", args=[programme.slug, 1]))
    assert response.status_code == 200
    assert "Nie zgłoszono jeszcze uwag." in response.content.decode()
