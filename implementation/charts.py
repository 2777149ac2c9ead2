"""Server-rendered, accessible SVG charts of the annual report (page and PDF alike).

Each chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>`` and comes with the
table of the same numbers, printed beside it. Bars are told apart by pattern and by the
value written at their end, never by colour alone (WCAG 1.4.1). No script, no style
attribute: presentation attributes only (CSP).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from implementation.amounts import format_pln

WIDTH = 640
LABEL_W = 200
BAR_H = 14
GAP = 10
INK = "#1a1a1a"
PLANNED_PATTERN = "hatch"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]


def _svg(slug: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{slug}-title {slug}-desc" font-family="Liberation Sans, DejaVu Sans, sans-serif" '
        f'font-size="11">'
        f'<title id="{slug}-title">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(desc)}</desc>'
        f'<defs><pattern id="{slug}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _text(x: float, y: float, text: str, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{INK}">{escape(text)}</text>'
    )


def _bar(x: float, y: float, w: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{BAR_H}" '
        f'fill="{fill}" stroke="{INK}" stroke-width="0.8"/>'
    )


def _legend(slug: str, y: float) -> list[str]:
    return [
        _bar(LABEL_W, y, 18, f"url(#{slug}-hatch)"),
        _text(LABEL_W + 24, y + 11, pgettext("chart legend", "planned")),
        _bar(LABEL_W + 110, y, 18, INK),
        _text(LABEL_W + 134, y + 11, pgettext("chart legend", "spent")),
    ]


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def funds_chart(content: dict[str, Any]) -> Chart:
    """Funds planned vs spent per priority area and year."""
    slug = "chart-funds"
    rows_data = content["funds_history"]
    top = max(
        [Decimal(r["planned"]) for r in rows_data]
        + [Decimal(r["spent"]) for r in rows_data]
        + [Decimal(1)]
    )
    span = WIDTH - LABEL_W - 120
    body: list[str] = _legend(slug, 4)
    y = 30.0
    for r in rows_data:
        planned, spent = Decimal(r["planned"]), Decimal(r["spent"])
        body.append(_text(LABEL_W - 8, y + 18, f"{_short(r['area'])} · {r['year']}", "end"))
        wp = float(planned / top) * span
        ws = float(spent / top) * span
        body.append(_bar(LABEL_W, y, wp, f"url(#{slug}-hatch)"))
        body.append(_text(LABEL_W + wp + 4, y + 11, format_pln(planned)))
        body.append(_bar(LABEL_W, y + BAR_H + 2, ws, INK))
        body.append(_text(LABEL_W + ws + 4, y + BAR_H + 13, format_pln(spent)))
        y += 2 * BAR_H + GAP + 2
    title = _("Funds planned and spent per priority area and year")
    desc = _(
        "Pairs of bars per priority area and year: hatched is planned, solid is spent; "
        "the amounts are written beside the bars and in the table below."
    )
    return Chart(
        slug,
        title,
        desc,
        _svg(slug, title, desc, int(y) + 6, body),
        [_("Priority area"), _("Year"), _("Planned"), _("Spent")],
        [
            [
                r["area"],
                str(r["year"]),
                format_pln(Decimal(r["planned"])),
                format_pln(Decimal(r["spent"])),
            ]
            for r in rows_data
        ],
    )


def indicators_chart(content: dict[str, Any]) -> Chart:
    """Indicator progress per goal: the mean share of each action's target reached (≤ 100%)."""
    slug = "chart-indicators"
    goals = [g for g in content["goals"] if g["percent"] is not None]
    span = WIDTH - LABEL_W - 60
    body: list[str] = []
    y = 6.0
    for g in goals:
        body.append(_text(LABEL_W - 8, y + 11, _short(g["title"]), "end"))
        body.append(
            f'<rect x="{LABEL_W}" y="{y:.1f}" width="{span}" height="{BAR_H}" '
            f'fill="#ffffff" stroke="{INK}" stroke-width="0.8"/>'
        )
        body.append(_bar(LABEL_W, y, span * g["percent"] / 100, INK))
        body.append(_text(LABEL_W + span + 6, y + 11, f"{g['percent']}%"))
        y += BAR_H + GAP
    title = _("Indicator progress per goal in %(year)d") % {"year": content["year"]}
    desc = _(
        "For each goal, the share of its actions' indicator targets reached, "
        "as a filled part of a bar from 0 to 100 per cent; the per cents are in the table."
    )
    return Chart(
        slug,
        title,
        desc,
        _svg(slug, title, desc, int(y) + 4, body),
        [_("Goal"), _("Actions measured"), _("Target reached")],
        [[g["title"], str(g["measured"]), f"{g['percent']}%"] for g in goals],
    )


def organisations_chart(content: dict[str, Any]) -> Chart:
    """Organisations involved per year (summed over actions)."""
    slug = "chart-organisations"
    data = content["organisations_by_year"]
    top = max([d["organisations"] for d in data] + [1])
    span = WIDTH - LABEL_W - 60
    body: list[str] = []
    y = 6.0
    for d in data:
        w = span * d["organisations"] / top
        body.append(_text(LABEL_W - 8, y + 11, str(d["year"]), "end"))
        body.append(_bar(LABEL_W, y, w, INK))
        body.append(_text(LABEL_W + w + 6, y + 11, str(d["organisations"])))
        y += BAR_H + GAP
    title = _("Organisations involved over the years")
    desc = _(
        "One bar per year; its length and the number beside it give the organisations "
        "involved in the programme's actions, counted per action."
    )
    return Chart(
        slug,
        title,
        desc,
        _svg(slug, title, desc, int(y) + 4, body),
        [_("Year"), _("Organisations involved")],
        [[str(d["year"]), str(d["organisations"])] for d in data],
    )


def timeline_chart(content: dict[str, Any]) -> Chart:
    """The programme's timeline: adoption, years, reports due and published."""
    slug = "chart-timeline"
    events = content["timeline"]
    body: list[str] = [
        f'<line x1="90" y1="6" x2="90" y2="{6 + 20 * len(events)}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    ]
    y = 14.0
    for e in events:
        body.append(
            f'<circle cx="90" cy="{y - 4:.1f}" r="4" fill="#ffffff" stroke="{INK}" '
            f'stroke-width="1.5"/>'
        )
        body.append(_text(80, y, e["date"], "end"))
        body.append(_text(102, y, e["label"]))
        y += 20
    title = _("Timeline of the programme")
    desc = _(
        "Dates from the adoption through each year of the programme, with each annual "
        "report's due date and publication; listed in the table as well."
    )
    return Chart(
        slug,
        title,
        desc,
        _svg(slug, title, desc, int(y), body),
        [_("Date"), _("Event")],
        [[e["date"], e["label"]] for e in events],
    )


def report_charts(content: dict[str, Any]) -> list[Chart]:
    return [
        funds_chart(content),
        indicators_chart(content),
        organisations_chart(content),
        timeline_chart(content),
    ]
