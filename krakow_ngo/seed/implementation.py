"""Demo: the cycle before the one in consultation, adopted and being carried out.

An adopted programme three years before the demo cycle (2025–2027 when the demo cycle is
2028–2030), its results for the years so far, its first year's report published before
31 May, and the organisations' survey; the demo cycle's goals name the goals they carry
on, so its SWOT boards show what the last report showed (issue 12). Figures are invented
and the programme's title says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from consultations.models import Adoption
from core.dates import WARSAW
from implementation import selectors as impl_selectors
from implementation import services as impl_services
from implementation.models import (
    AnnualReport,
    ImplementationRecord,
    RecordStatus,
    Survey,
    SurveyAnswer,
)
from programmes.models import Programme
from swot.models import Goal
from teams.models import Organisation, SectorTeam

DEMO_SUFFIX = " (dane demonstracyjne)"
FORMS = {
    "commissioning": ("open_competition",),
    "partnership": ("contract",),
    "local_initiative": ("contract",),
}
REPORT_TEXTS = {
    "summary": (
        "W roku {year} realizowano działania programu we wszystkich obszarach priorytetowych. "
        "Większość zadań zlecono w otwartych konkursach ofert; część zrealizowano w trybie "
        "art. 19a (małe granty). Dane mają charakter demonstracyjny."
    ),
    "non_financial": (
        "Zespoły branżowe spotykały się regularnie; projekty uchwał konsultowano z organizacjami, "
        "a miasto informowało o planowanych kierunkach działalności."
    ),
    "teams_activity": (
        "Rada Działalności Pożytku Publicznego zaopiniowała projekt programu na kolejne lata "
        "i sprawozdanie za rok poprzedni."
    ),
    "conclusions": (
        "Rekomenduje się zwiększenie udziału małych grantów i wcześniejsze ogłaszanie konkursów."
    ),
}


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=WARSAW)


def _record_values(index: int, planned: Decimal, year: int, today: dt.date) -> dict[str, Any]:
    """Deterministic, plausible results: most done, one dropped, the current year under way."""
    if year >= today.year:
        share, status = Decimal("0.45"), RecordStatus.IN_PROGRESS
    elif index % 7 == 3:
        share, status = Decimal("0"), RecordStatus.DROPPED
    else:
        share = Decimal("0.88") + Decimal(index % 4) * Decimal("0.03")
        status = RecordStatus.DONE
    organisations = 0 if status == RecordStatus.DROPPED else 3 + (index * 5 + year) % 9
    offers = organisations + index % 3
    grants = min(organisations, offers)
    spent = (planned * share).quantize(Decimal("0.01"))
    return {
        "status": status,
        "dropped_reason": "Brak ofert spełniających wymogi formalne; środki przesunięto."
        if status == RecordStatus.DROPPED
        else "",
        "indicator_target": Decimal(20 + index * 5),
        "indicator_value": Decimal(20 + index * 5) * share,
        "funds_planned": planned,
        "funds_spent": spent,
        "competitions": 1 if status != RecordStatus.DROPPED else 0,
        "offers_received": offers,
        "grants_awarded": grants,
        "grants_total": spent if grants else Decimal("0.00"),
        "organisations_involved": organisations,
        "open_competition": grants > 0,
        "small_grant": index % 3 == 0 and grants > 0,
        "non_financial": index % 2 == 0,
    }


def seed_previous_cycle(
    *,
    report: Any,
    programme: Programme,
    teams: dict[str, SectorTeam],
    coordinator: Any,
    today: dt.date,
    meeting: Any,
) -> None:
    """Adopt ``programme``, enter its results so far and publish its first year's report."""
    first = programme.first_year
    if not Adoption.objects.filter(programme=programme).exists():
        from krakow_ngo.seed.loader import _draft

        (version,) = _draft(
            report,
            programme,
            published_at=_at(dt.date(first - 1, 10, 15)),
            published_by=coordinator,
            versions=1,
        )
        Adoption.objects.create(
            programme=programme,
            version=version,
            council="Miasta Krakowa",
            resolution_number=f"XX/123/{first - 1}",
            resolution_date=dt.date(first - 1, 11, 19),
            bip_url="https://bip.example.org/demo/uchwala",
            opinion_date=dt.date(first - 1, 10, 30),
            opinion_text="Rada Działalności Pożytku Publicznego opiniuje projekt pozytywnie (demo).",
            recorded_by=coordinator,
            recorded_at=_at(dt.date(first - 1, 11, 20)),
        )
        report.count("adoptions", True)
    actions = list(impl_selectors.programme_actions(programme))
    years = [y for y in (first, first + 1) if dt.date(y, 1, 1) <= today]
    existing = set(
        ImplementationRecord.objects.filter(programme=programme).values_list("action_id", "year")
    )
    new = []
    for index, action in enumerate(actions):
        for year in years:
            if (action.pk, year) in existing or not action.first_year <= year <= action.last_year:
                continue
            planned = action.planned_funds or Decimal("50000.00")
            new.append(
                ImplementationRecord(
                    programme=programme,
                    action=action,
                    year=year,
                    entered_by=coordinator,
                    updated_at=_at(dt.date(year + 1, 2, 10) if year < today.year else today),
                    **_record_values(index, planned, year, today),
                )
            )
    ImplementationRecord.objects.bulk_create(new)
    report.count("implementation records", bool(new))
    if not Survey.objects.filter(programme=programme, year=first).exists():
        survey = Survey.objects.create(
            programme=programme,
            year=first,
            opens_at=_at(dt.date(first + 1, 1, 15)),
            closes_at=_at(dt.date(first + 1, 2, 28), 23),
        )
        for n, org in enumerate(Organisation.objects.order_by("pk")[:4]):
            contact = org.memberships.select_related("user").first()
            if contact is None:
                continue
            SurveyAnswer.objects.create(
                survey=survey,
                organisation=org,
                answered_by=contact.user,
                open_competition=4 - n % 2,
                small_grant=5 - n % 3,
                contract=3,
                non_financial=4,
                remarks="Przydałyby się wcześniejsze terminy konkursów." if n == 0 else "",
                updated_at=_at(dt.date(first + 1, 2, 1 + n)),
            )
        report.count("NGO surveys", True)
    published_on = _at(dt.date(first + 1, 5, 27), 10)
    report_row = AnnualReport.objects.filter(programme=programme, year=first).first()
    if published_on.date() < today and (report_row is None or not report_row.is_published):
        draft = impl_services.report_save(
            programme=programme,
            year=first,
            texts={k: v.format(year=first) for k, v in REPORT_TEXTS.items()},
            by=coordinator,
            now=_at(dt.date(first + 1, 5, 20)),
        )
        impl_services.report_publish(report=draft, by=coordinator, now=published_on)
        report.count("annual reports", True)


def link_continued_goals(*, previous: Programme, following: Programme) -> None:
    """The next cycle's goals carry on the previous goals of the same title and team name."""
    earlier = {
        (g.team.name, g.title): g
        for g in Goal.objects.filter(team__programme=previous).select_related("team")
    }
    for goal in Goal.objects.filter(
        team__programme=following, continues__isnull=True
    ).select_related("team"):
        match = earlier.get((goal.team.name, goal.title))
        if match is not None:
            Goal.objects.filter(pk=goal.pk).update(continues=match)
