"""The heat map of the draft and "the consultation in numbers": counts and SVG geometry.

Server-rendered inline SVG (templates/consultations/includes/heatmap_*.html, chart_*.html):
no script, no inline style (a CSP forbids both), presentation attributes only. Every
picture has role="img", a title and a description, and the table of its numbers next to
it; positions are told apart by text and order as well as by colour. The colours keep
at least 3:1 against white (WCAG 1.4.11) and the text inside them is not relied upon.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations.models import Comment, DraftVersion, Paragraph
from programmes.models import Programme

PENDING = "pending"
# Order of the segments, left to right; colours ≥ 3:1 against white.
POSITIONS: list[tuple[str, str, object]] = [
    (Comment.Answer.ACCEPTED, "#1a7f37", _("accepted")),
    (Comment.Answer.PARTLY_ACCEPTED, "#9a6700", _("partly accepted")),
    (Comment.Answer.REJECTED, "#cf222e", _("rejected")),
    (Comment.Answer.EXPLAINED, "#0969da", _("explained")),
    (PENDING, "#6e7781", _("no published answer yet")),
]
BAR_WIDTH = 160


def _in_words(key: str, n: int) -> str:
    """ "3 accepted": one published position with its count, in the plural form it takes."""
    if key == Comment.Answer.ACCEPTED:
        return ngettext("%(n)d accepted", "%(n)d accepted", n) % {"n": n}
    if key == Comment.Answer.PARTLY_ACCEPTED:
        return ngettext("%(n)d partly accepted", "%(n)d partly accepted", n) % {"n": n}
    if key == Comment.Answer.REJECTED:
        return ngettext("%(n)d rejected", "%(n)d rejected", n) % {"n": n}
    return ngettext("%(n)d explained", "%(n)d explained", n) % {"n": n}


STRIP_HEIGHT = 60


@dataclass
class Segment:
    key: str
    fill: str
    label: object
    n: int
    x: float = 0.0
    width: float = 0.0


@dataclass
class HeatRow:
    """One paragraph: its comments and their published positions."""

    label: str
    anchor: str
    counts: dict[str, int]
    total: int = 0
    segments: list[Segment] = field(default_factory=list)
    # Overview strip: the column of this paragraph.
    x: float = 0.0
    height: float = 0.0

    @property
    def shares(self) -> dict[str, int]:
        """Per cent of the paragraph's comments in each position (for the table)."""
        return {
            key: round(100 * self.counts.get(key, 0) / self.total) if self.total else 0
            for key, _fill, _name in POSITIONS
        }

    @property
    def published(self) -> int:
        return self.total - self.counts.get(PENDING, 0)

    @property
    def in_words(self) -> str:
        """The published positions in words, "3 accepted · 1 rejected" (none: empty).

        What the bar's colours say, said in text (WCAG 1.4.1): on the draft page the bar
        beside it is then decorative and needs no <title> of its own.
        """
        return " · ".join(
            _in_words(key, self.counts[key])
            for key, _fill, _name in POSITIONS
            if key != PENDING and self.counts.get(key)
        )


@dataclass
class Heatmap:
    rows: list[HeatRow]
    width: int = 0
    legend: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    def totals(self) -> dict[str, int]:
        result: Counter[str] = Counter()
        for row in self.rows:
            result.update(row.counts)
        return dict(result)

    @property
    def strip(self) -> list[tuple[str, str]]:
        """The overview strip as one path per position: (fill, d), in the legend's order.

        Each part of a column is a rectangle 7 wide, ``M x y h7 v h h-7 z``: a few
        bytes a part instead of a <rect> with its own <title>. The strip is one image
        (role="img", title and description); the table beside it gives the numbers.
        """
        parts: dict[str, list[str]] = {}
        for row in self.rows:
            for s in row.segments:
                if s.n:
                    y, h = s.strip_y, s.strip_h  # type: ignore[attr-defined]
                    parts.setdefault(s.key, []).append(f"M{row.x:g} {y:g}h7v{h:g}h-7z")
        return [(fill, "".join(parts[key])) for key, fill, _name in POSITIONS if key in parts]


def _row(label: str, anchor: str, counts: Counter[str]) -> HeatRow:
    row = HeatRow(label=label, anchor=anchor, counts=dict(counts), total=sum(counts.values()))
    x = 0.0
    for key, fill, name in POSITIONS:
        n = counts.get(key, 0)
        width = BAR_WIDTH * n / row.total if row.total else 0
        row.segments.append(Segment(key, fill, name, n, round(x, 2), round(width, 2)))
        x += width
    return row


def _heatmap(rows: list[HeatRow]) -> Heatmap:
    peak = max((r.total for r in rows), default=0)
    column = 8
    for i, row in enumerate(rows):
        row.x = i * column
        row.height = round(STRIP_HEIGHT * row.total / peak, 2) if peak else 0
        # Stack the segments of the column bottom up, in the legend's order.
        y = float(STRIP_HEIGHT)
        for segment in row.segments:
            h = row.height * segment.n / row.total if row.total else 0
            y -= h
            segment.strip_y = round(y, 2)  # type: ignore[attr-defined]
            segment.strip_h = round(h, 2)  # type: ignore[attr-defined]
    legend = [Segment(key, fill, name, 0) for key, fill, name in POSITIONS]
    return Heatmap(rows=rows, width=max(len(rows) * column, column), legend=legend)


def _position(answer: str, published_at: dt.datetime | None) -> str:
    return answer if answer and published_at is not None else PENDING


def version_heatmap(version: DraftVersion, paragraphs: Iterable[Paragraph]) -> Heatmap:
    """Each paragraph of the version: active comments and their published positions.

    One query. ``paragraphs`` are the page's (with ``section`` loaded), in order.
    """
    counts: dict[int | None, Counter[str]] = {}
    for paragraph_id, answer, published_at in (
        Comment.objects.filter(version=version)
        .active()
        .order_by()
        .values_list("paragraph_id", "answer", "answer_published_at")
    ):
        counts.setdefault(paragraph_id, Counter())[_position(answer, published_at)] += 1
    rows = [_row(f"§ {p.label}", p.anchor, counts.get(p.pk, Counter())) for p in paragraphs]
    return _heatmap(rows)


def heatmap_from_counts(counts: Iterable[Any], paragraphs: Iterable[Paragraph]) -> Heatmap:
    """``version_heatmap`` from the grouped counts the draft page already read (no query).

    ``counts`` are ``selectors.PositionCount`` rows: paragraph, status, answer, n, published.
    """
    by_part: dict[int | None, Counter[str]] = {}
    for row in counts:
        if row.status != Comment.Status.SUBMITTED:
            continue
        part = by_part.setdefault(row.paragraph_id, Counter())
        if row.published:
            part[row.answer] += row.published
        if row.n - row.published:
            part[PENDING] += row.n - row.published
    rows = [_row(f"§ {p.label}", p.anchor, by_part.get(p.pk, Counter())) for p in paragraphs]
    return _heatmap(rows)


def report_heatmap(comments: list[Comment]) -> Heatmap:
    """The report's rows (published answers) by paragraph, in document order."""
    counts: dict[tuple[int, int, int], Counter[str]] = {}
    labels: dict[tuple[int, int, int], tuple[str, str]] = {}
    for comment in comments:
        if comment.paragraph is None:
            key = (comment.version.number, 0, 0)
            labels[key] = (str(_("whole document")), "")
        else:
            p = comment.paragraph
            key = (comment.version.number, p.section.position, p.number)
            labels[key] = (f"§ {p.label}", p.anchor)
        counts.setdefault(key, Counter())[
            _position(comment.answer, comment.answer_published_at)
        ] += 1
    several = len({k[0] for k in counts}) > 1
    rows = []
    for key in sorted(counts):
        label, anchor = labels[key]
        if several:
            label = f"{label} (v{key[0]})"
        rows.append(_row(label, anchor, counts[key]))
    return _heatmap(rows)


# ------------------------------------------------------------------------------
# The consultation in numbers
# ------------------------------------------------------------------------------
@dataclass
class Bar:
    label: str
    n: int
    x: float = 0.0
    y: float = 0.0
    length: float = 0.0


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar]
    width: int = 0
    height: int = 0
    peak: int = 0

    @property
    def last_label(self) -> str:
        return self.bars[-1].label if self.bars else ""


CHART_WIDTH = 600
BAR_THICKNESS = 18


def _bars(title: str, description: str, items: list[tuple[str, int]]) -> Chart:
    """Horizontal bars: a label column, the bar, and its number."""
    peak = max((n for _, n in items), default=0)
    bars = []
    for i, (label, n) in enumerate(items):
        length = (CHART_WIDTH - 260) * n / peak if peak else 0
        bars.append(Bar(label, n, 200, i * (BAR_THICKNESS + 6), round(length, 2)))
    return Chart(title, description, bars, CHART_WIDTH, len(bars) * (BAR_THICKNESS + 6), peak)


def _columns(title: str, description: str, items: list[tuple[str, int]]) -> Chart:
    """Vertical columns for a time series (days), numbers in the table beside it."""
    peak = max((n for _, n in items), default=0)
    height = 120
    step = CHART_WIDTH / max(len(items), 1)
    bars = []
    for i, (label, n) in enumerate(items):
        length = height * n / peak if peak else 0
        bars.append(Bar(label, n, round(i * step, 2), round(height - length, 2), round(length, 2)))
    chart = Chart(title, description, bars, CHART_WIDTH, height, peak)
    chart.step = round(max(step - 2, 1), 2)  # type: ignore[attr-defined]
    return chart


def organisation_type(comment: Comment) -> str:
    """Kind of sender. Organisations have no legal-form field: the name's first word tells."""
    if comment.organisation is None:
        return str(comment.get_capacity_display())
    first = comment.organisation.name.split()[0].lower() if comment.organisation.name else ""
    if first.startswith("stowarzysz"):
        return str(_("association"))
    if first.startswith("fundacj"):
        return str(_("foundation"))
    return str(_("other organisation"))


def consultation_numbers(programme: Programme, report_rows: list[Comment]) -> list[Chart]:
    """Comments per day, per channel, per kind of sender; positions by section."""
    comments = list(
        Comment.objects.filter(version__programme=programme)
        .active()
        .select_related("organisation")
        .order_by("submitted_at")
    )
    charts = []
    days: Counter[dt.date] = Counter(timezone.localdate(c.submitted_at) for c in comments)
    if days:
        first, last = min(days), max(days)
        series = []
        day = first
        while day <= last:
            series.append((day.strftime("%d.%m"), days.get(day, 0)))
            day += dt.timedelta(days=1)
        charts.append(
            _columns(
                str(_("Comments received per day")),
                str(_("Active comments by the day they were sent, from the first to the last.")),
                series,
            )
        )
    # Every channel the record accepts (portal, e-mail, post, meeting), in one numbering.
    channels: Counter[str] = Counter(c.get_channel_display() for c in comments)
    charts.append(
        _bars(
            str(_("Comments per channel")),
            str(_("Active comments by how they reached the city.")),
            sorted(channels.items(), key=lambda kv: (-kv[1], kv[0])),
        )
    )
    kinds = Counter(organisation_type(c) for c in comments)
    charts.append(
        _bars(
            str(_("Comments per kind of sender")),
            str(_("Active comments by the kind of organisation or capacity of the sender.")),
            sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        )
    )
    return charts


@dataclass
class SectionPositions:
    title: str
    row: HeatRow


def positions_by_section(report_rows: list[Comment]) -> list[SectionPositions]:
    """The report's rows (published positions) by section of the document."""
    counts: dict[tuple[int, int], Counter[str]] = {}
    titles: dict[tuple[int, int], str] = {}
    for comment in report_rows:
        if comment.paragraph is None:
            key = (comment.version.number, 0)
            titles[key] = str(_("whole document"))
        else:
            section = comment.paragraph.section
            key = (comment.version.number, section.position)
            titles[key] = f"{section.position}. {section.title}"
        counts.setdefault(key, Counter())[comment.answer] += 1
    return [
        SectionPositions(titles[key], _row(titles[key], "", counts[key])) for key in sorted(counts)
    ]
