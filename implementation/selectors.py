"""Reads for implementation: the actions of an adopted programme, records, the report.

``report_compose`` turns the records of years up to Y into one JSON-serialisable dict;
a draft report is composed live, a published one keeps the dict it was published with
(``AnnualReport.content``), so what citizens downloaded never changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from consultations.models import Adoption
from core.dates import warsaw_midnight
from implementation.models import (
    AnnualReport,
    CooperationUse,
    ImplementationRecord,
    RecordStatus,
    Survey,
    SurveyAnswer,
    report_due_on,
)
from programmes.models import Programme
from swot.models import Action
from teams.models import Meeting, Membership, SectorTeam

# Totals that are sums of amounts (Decimal) and of counts (int).
AMOUNT_FIELDS = ("funds_planned", "funds_spent", "grants_total")
COUNT_FIELDS = ("competitions", "offers_received", "grants_awarded", "organisations_involved")
NO_AREA = "—"


def programme_actions(programme: Programme) -> QuerySet[Action]:
    """The programme's actions in document order, with what the report prints beside them."""
    return (
        Action.objects.filter(goal__team__programme=programme)
        .select_related("goal__team")
        .prefetch_related("goal__priority_areas")
        .order_by(
            "goal__team__position",
            "goal__team__name",
            "goal__position",
            "goal_id",
            "position",
            "pk",
        )
    )


def actions_for_year(programme: Programme, year: int) -> QuerySet[Action]:
    """Actions whose years include ``year`` (an action 2026–2027 has no 2025 record)."""
    return programme_actions(programme).filter(first_year__lte=year, last_year__gte=year)


def records_by_action(programme: Programme, year: int) -> dict[int, ImplementationRecord]:
    records = ImplementationRecord.objects.filter(programme=programme, year=year)
    return {r.action_id: r for r in records}


def programme_years(programme: Programme) -> list[int]:
    return list(range(programme.first_year, programme.last_year + 1))


@dataclass(frozen=True)
class YearStatus:
    year: int
    due_on: dt.date
    records: int
    report: AnnualReport | None

    @property
    def is_published(self) -> bool:
        return self.report is not None and self.report.is_published


def programme_year_statuses(programme: Programme) -> list[YearStatus]:
    """Each year of the programme: records entered, its report and when it is due."""
    counts = dict(
        ImplementationRecord.objects.filter(programme=programme)
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    reports = {r.year: r for r in AnnualReport.objects.filter(programme=programme)}
    return [
        YearStatus(year, report_due_on(year), counts.get(year, 0), reports.get(year))
        for year in programme_years(programme)
    ]


def report_for(programme: Programme, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(programme=programme, year=year).first()


def next_report_due(programme: Programme, *, today: dt.date) -> YearStatus | None:
    """The report the public page talks about: the latest year that has ended.

    The report on year Y can be written once Y is over; the page names the newest such
    year (published or not), or nothing before the programme's first year has ended.
    """
    years = [y for y in programme_years(programme) if dt.date(y + 1, 1, 1) <= today]
    if not years:
        return None
    year = years[-1]
    return YearStatus(
        year,
        report_due_on(year),
        ImplementationRecord.objects.filter(programme=programme, year=year).count(),
        report_for(programme, year),
    )


# ------------------------------------------------------------------------------
# Composition
# ------------------------------------------------------------------------------
def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _area_of(action: Action) -> tuple[int, str]:
    # An action counts once, under its goal's first priority area: a goal aligned with
    # two areas would otherwise be counted twice in the financial table.
    areas = sorted(action.goal.priority_areas.all(), key=lambda a: a.number)
    if not areas:
        return (10_000, NO_AREA)
    return (areas[0].number, f"{areas[0].number}) {areas[0].name}")


def _zero_totals() -> dict[str, Any]:
    return {
        **{f: Decimal("0.00") for f in AMOUNT_FIELDS},
        **dict.fromkeys(COUNT_FIELDS, 0),
        "actions": 0,
        "reported": 0,
    }


def _add(totals: dict[str, Any], record: ImplementationRecord) -> None:
    for f in AMOUNT_FIELDS + COUNT_FIELDS:
        totals[f] += getattr(record, f)
    totals["reported"] += 1


def _serialise_totals(totals: dict[str, Any]) -> dict[str, Any]:
    return {k: _money(v) if isinstance(v, Decimal) else v for k, v in totals.items()}


def report_compose(programme: Programme, year: int) -> dict[str, Any]:
    """The report's figures for ``year``: plan vs reality per area, money, forms, charts.

    Polish labels are written in: the report is a Polish public document.
    """
    with translation.override("pl"):
        return _compose(programme, year)


def _compose(programme: Programme, year: int) -> dict[str, Any]:
    actions = list(programme_actions(programme))
    records = list(
        ImplementationRecord.objects.filter(programme=programme, year__lte=year).order_by(
            "year", "action_id"
        )
    )
    by_year_action = {(r.year, r.action_id): r for r in records}
    status_labels = dict(RecordStatus.choices)

    areas: dict[tuple[int, str], dict[str, Any]] = {}
    totals = _zero_totals()
    forms = {c.value: 0 for c in CooperationUse}
    non_financial: list[dict[str, str]] = []
    goals: dict[int, dict[str, Any]] = {}
    for action in actions:
        if not action.first_year <= year <= action.last_year:
            continue
        key = _area_of(action)
        area = areas.setdefault(key, {"name": key[1], "actions": [], "totals": _zero_totals()})
        record = by_year_action.get((year, action.pk))
        area["totals"]["actions"] += 1
        totals["actions"] += 1
        goal = goals.setdefault(
            action.goal_id,
            {"title": action.goal.title, "team": action.goal.team.name, "percents": []},
        )
        row: dict[str, Any] = {
            "id": action.pk,
            "title": action.title,
            "team": action.goal.team.name,
            "goal": action.goal.title,
            "responsible": action.responsible_party,
            "indicator": action.indicator,
            "reported": record is not None,
        }
        if record is not None:
            _add(area["totals"], record)
            _add(totals, record)
            for form in record.forms_used:
                forms[form] += 1
            if record.non_financial:
                non_financial.append(
                    {
                        "title": action.title,
                        "team": action.goal.team.name,
                        "remarks": record.remarks,
                    }
                )
            percent = record.indicator_percent
            if percent is not None:
                goal["percents"].append(min(percent, 100))
            row |= {
                "status": record.status,
                "status_label": str(status_labels[record.status]),
                "dropped_reason": record.dropped_reason,
                "target": None if record.indicator_target is None else str(record.indicator_target),
                "value": None if record.indicator_value is None else str(record.indicator_value),
                "percent": percent,
                "forms": [str(CooperationUse(f).label) for f in record.forms_used],
                "remarks": record.remarks,
                **{f: _money(getattr(record, f)) for f in AMOUNT_FIELDS},
                **{f: getattr(record, f) for f in COUNT_FIELDS},
            }
        area["actions"].append(row)

    # Funds per area and year, and organisations per year, for the charts.
    area_of_action = {a.pk: _area_of(a) for a in actions}
    per_area_year: dict[tuple[tuple[int, str], int], list[Decimal]] = defaultdict(
        lambda: [Decimal("0.00"), Decimal("0.00")]
    )
    organisations_by_year = dict.fromkeys(range(programme.first_year, year + 1), 0)
    for (y, action_id), r in by_year_action.items():
        cell = per_area_year[(area_of_action.get(action_id, (10_000, NO_AREA)), y)]
        cell[0] += r.funds_planned
        cell[1] += r.funds_spent
        organisations_by_year[y] = organisations_by_year.get(y, 0) + r.organisations_involved
    funds_history = [
        {"area": key[1], "year": y, "planned": _money(v[0]), "spent": _money(v[1])}
        for (key, y), v in sorted(per_area_year.items())
    ]

    adoption = Adoption.objects.filter(programme=programme).first()
    published_years = dict(
        AnnualReport.objects.filter(programme=programme)
        .published()
        .values_list("year", "published_at")
    )
    timeline = []
    if adoption is not None:
        timeline.append(
            {
                "date": adoption.resolution_date.isoformat(),
                "label": _("Programme adopted (resolution No. %(n)s)")
                % {"n": adoption.resolution_number},
            }
        )
    for y in range(programme.first_year, programme.last_year + 1):
        timeline.append(
            {
                "date": dt.date(y, 1, 1).isoformat(),
                "label": _("Year %(year)d of the programme begins") % {"year": y},
            }
        )
        timeline.append(
            {
                "date": report_due_on(y).isoformat(),
                "label": _("Report on %(year)d due") % {"year": y},
            }
        )
        published_at = published_years.get(y)
        if published_at is not None:
            timeline.append(
                {
                    "date": published_at.date().isoformat(),
                    "label": _("Report on %(year)d published") % {"year": y},
                }
            )
    timeline.sort(key=lambda e: e["date"])

    return {
        "schema": 1,
        "year": year,
        "programme": {
            "slug": programme.slug,
            "title": programme.title,
            "period": programme.period_display,
            "municipality": programme.municipality.name,
            "council": programme.municipality.council_name,
        },
        "due_on": report_due_on(year).isoformat(),
        "areas": [
            {"name": a["name"], "actions": a["actions"], "totals": _serialise_totals(a["totals"])}
            for _key, a in sorted(areas.items())
        ],
        "totals": _serialise_totals(totals),
        "forms": [
            {"form": f, "label": str(CooperationUse(f).label), "actions": n}
            for f, n in forms.items()
        ],
        "non_financial": non_financial,
        "goals": [
            {
                "title": g["title"],
                "team": g["team"],
                "measured": len(g["percents"]),
                "percent": round(sum(g["percents"]) / len(g["percents"]))
                if g["percents"]
                else None,
            }
            for g in goals.values()
        ],
        "funds_history": funds_history,
        "organisations_by_year": [
            {"year": y, "organisations": n} for y, n in sorted(organisations_by_year.items())
        ],
        "timeline": timeline,
        "teams": _teams_activity(programme, year),
        "council": {
            "resolution": adoption.resolution_number if adoption else "",
            "date": adoption.resolution_date.isoformat() if adoption else "",
            "bip_url": adoption.bip_url if adoption else "",
        },
        "survey": survey_summary(programme, year),
    }


def _teams_activity(programme: Programme, year: int) -> list[dict[str, Any]]:
    start, end = warsaw_midnight(dt.date(year, 1, 1)), warsaw_midnight(dt.date(year + 1, 1, 1))
    teams = (
        SectorTeam.objects.filter(programme=programme)
        .annotate(
            meetings_in_year=Count(
                "meetings",
                filter=Q(meetings__starts_at__gte=start, meetings__starts_at__lt=end),
                distinct=True,
            ),
            member_count=Count("memberships", distinct=True),
        )
        .order_by("position", "name")
    )
    return [
        {"name": name, "meetings": meetings, "members": members}
        for name, meetings, members in teams.values_list("name", "meetings_in_year", "member_count")
    ]


def survey_summary(programme: Programme, year: int) -> dict[str, Any]:
    """Average rating per form of cooperation and the remarks, without who wrote them."""
    survey = Survey.objects.filter(programme=programme, year=year).first()
    if survey is None:
        return {"held": False, "answers": 0, "ratings": [], "remarks": []}
    answers = list(SurveyAnswer.objects.filter(survey=survey).order_by("pk"))
    ratings = []
    for form in CooperationUse:
        values = [getattr(a, form.value) for a in answers if getattr(a, form.value)]
        ratings.append(
            {
                "form": form.value,
                "label": str(form.label),
                "count": len(values),
                "average": f"{sum(values) / len(values):.1f}" if values else None,
            }
        )
    return {
        "held": True,
        "closes_at": survey.closes_at.isoformat(),
        "answers": len(answers),
        "ratings": ratings,
        "remarks": [a.remarks for a in answers if a.remarks.strip()],
    }


def report_content(report: AnnualReport | None, programme: Programme, year: int) -> dict[str, Any]:
    """The figures a report shows: frozen when published, composed live otherwise."""
    if report is not None and report.is_published and report.content:
        return report.content
    return report_compose(programme, year)


# ------------------------------------------------------------------------------
# Feedback into the next cycle
# ------------------------------------------------------------------------------
def previous_programme(programme: Programme) -> Programme | None:
    """The programme that ended before this one began (same local government)."""
    return (
        Programme.objects.filter(
            municipality_id=programme.municipality_id, last_year__lt=programme.first_year
        )
        .order_by("-last_year")
        .first()
    )


def last_published_report(programme: Programme) -> AnnualReport | None:
    return AnnualReport.objects.filter(programme=programme).published().order_by("-year").first()


def team_feedback(team: SectorTeam) -> dict[str, Any] | None:
    """What the previous programme's last published report showed, for a team's board.

    The team's own results where the previous programme had a team of the same name
    (teams are re-created each cycle), otherwise the whole report's totals.
    """
    previous = previous_programme(team.programme)
    if previous is None:
        return None
    report = last_published_report(previous)
    if report is None or not report.content:
        return None
    content = report.content
    rows = [row for area in content["areas"] for row in area["actions"] if row["team"] == team.name]
    return {
        "programme": previous,
        "report": report,
        "year": report.year,
        "totals": content["totals"],
        "rows": rows,
        "continued_goals": list(
            team.goals.filter(continues__isnull=False).select_related("continues")
        ),
    }


def official_memberships(user: Any, programme: Programme) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk, role="official", team__programme=programme)


def team_meetings_in_year(team: SectorTeam, year: int) -> QuerySet[Meeting]:
    start, end = warsaw_midnight(dt.date(year, 1, 1)), warsaw_midnight(dt.date(year + 1, 1, 1))
    return team.meetings.filter(starts_at__gte=start, starts_at__lt=end)
