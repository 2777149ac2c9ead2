"""The text of the composed sections of a new draft version.

The document is Polish content (like the seed), not interface text: it is written
under ``translation.override("pl")`` whatever language the coordinator's admin is in,
and its connecting phrases are Polish literals on purpose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils import formats, timezone, translation

from consultations import selectors
from consultations.models import Comment, SectionKind
from programmes.models import Phase, PriorityArea, Programme
from programmes.selectors import programme_timeline
from swot.models import CooperationForm, Goal

# Section titles for a first version that has no predecessor to carry titles over from.
DEFAULT_SECTION_TITLES: dict[str, str] = {
    SectionKind.GOALS: "Cel główny i cele szczegółowe Programu",
    SectionKind.PRINCIPLES: "Zasady współpracy",
    SectionKind.SCOPE: "Zakres przedmiotowy współpracy",
    SectionKind.FORMS: "Formy współpracy",
    SectionKind.PRIORITY_TASKS: "Priorytetowe zadania publiczne",
    SectionKind.PERIOD: "Okres realizacji Programu",
    SectionKind.IMPLEMENTATION: "Sposób realizacji Programu",
    SectionKind.FUNDS: "Wysokość środków planowanych na realizację Programu",
    SectionKind.EVALUATION: "Sposób oceny realizacji Programu",
    SectionKind.PREPARATION: "Informacja o sposobie tworzenia Programu oraz o przebiegu konsultacji",
    SectionKind.COMMITTEES: (
        "Tryb powoływania i zasady działania komisji konkursowych do opiniowania ofert "
        "w otwartych konkursach ofert"
    ),
}


def _date(value: dt.datetime) -> str:
    day = timezone.localdate(value)
    return formats.date_format(day, "j E Y") + " r."


def _money(value: Decimal) -> str:
    # A no-break space keeps the currency on the amount's line.
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True) + "\u00a0zł"


def _plural(n: int, one: str, few: str, many: str) -> str:
    """Polish plural forms: 1 uwaga, 2–4 (not 12–14) uwagi, otherwise uwag."""
    if n == 1:
        return f"{n} {one}"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} {few}"
    return f"{n} {many}"


# A final full stop that belongs to an abbreviation ("2011 r.", "art.") is kept.
ABBREVIATION_END = re.compile(r"\b(r|ul|nr|pl|art|ust|pkt|zm|in|tj|ok)\.$")


def _trim(text: str) -> str:
    """A list item without its closing punctuation, so that items join with "; "."""
    text = text.strip().rstrip(";").rstrip()
    if text.endswith(".") and not ABBREVIATION_END.search(text):
        text = text[:-1]
    return text


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _numbered(items: Iterable[str]) -> str:
    return "; ".join(f"{n}) {_trim(text)}" for n, text in enumerate(items, start=1))


class Heading(str):
    """A composed line that is a heading inside its section (stored with is_heading)."""


def _area_label(area: PriorityArea | None) -> Heading:
    if area is None:
        return Heading("Cele bez wskazanego obszaru priorytetowego")
    return Heading(f"Obszar priorytetowy {area.number}) {area.name}")


def priority_tasks_paragraphs(programme: Programme) -> list[str]:
    """Goals, proposed solutions and actions of every team, by team and priority area."""
    with translation.override("pl"):
        goals = list(selectors.composition_goals(programme))
        paragraphs = [
            f"Priorytetowe zadania publiczne na lata {programme.period_display} wynikają z celów, "
            "propozycji rozwiązań i działań wypracowanych przez zespoły branżowe. Zestawiono je "
            "według zespołów i obszarów priorytetowych, z formą współpracy, latami realizacji, "
            "wskaźnikiem i planowaną wysokością środków."
        ]
        by_team: dict[int, list[Goal]] = {}
        for goal in goals:
            by_team.setdefault(goal.team_id, []).append(goal)
        for team_goals in by_team.values():
            team = team_goals[0].team
            paragraphs.append(Heading(team.name))
            by_area: dict[int | None, list[Goal]] = {}
            areas: dict[int | None, PriorityArea | None] = {None: None}
            for goal in team_goals:
                first = next(iter(goal.priority_areas.all()), None)
                key = first.pk if first else None
                areas[key] = first
                by_area.setdefault(key, []).append(goal)
            for key, area_goals in by_area.items():
                paragraphs.append(_area_label(areas[key]))
                for goal in area_goals:
                    paragraphs.extend(_goal_paragraphs(goal))
        return paragraphs


def _goal_paragraphs(goal: Goal) -> list[str]:
    text = f"Cel: {goal.title.strip().rstrip('.')}."
    if goal.description.strip():
        text += f" {goal.description.strip()}"
    solutions = [s.text for s in goal.solutions.all() if s.text.strip()]
    if solutions:
        text += " " + _sentence(f"Proponowane rozwiązania: {_numbered(solutions)}")
    areas = list(goal.priority_areas.all())
    if len(areas) > 1:
        text += " Zbieżność z obszarami priorytetowymi: " + ", ".join(
            f"{a.number}) {a.name}" for a in areas
        )
        text += "."
    result = [text]
    for action in goal.actions.all():
        parts = [
            f"Działanie: {action.title.strip().rstrip('.')}.",
            f"Realizator: {action.responsible_party}.",
            f"Forma współpracy: {CooperationForm(action.cooperation_form).label}.",
            f"Lata realizacji: {action.years_display}.",
        ]
        if action.indicator.strip():
            parts.append(f"Wskaźnik: {action.indicator.strip().rstrip('.')}.")
        if action.planned_funds is not None:
            parts.append(f"Planowane środki: {_money(action.planned_funds)}.")
        result.append(" ".join(parts))
    return result


def preparation_paragraphs(programme: Programme, *, now: dt.datetime | None = None) -> list[str]:
    """How the programme was made and consulted, in the tense of ``now`` (past, open, planned)."""
    now = now or timezone.now()
    with translation.override("pl"):
        paragraphs: list[str] = []
        teams = list(selectors.programme_teams(programme))
        sector = [t.name for t in teams if not t.is_coordinating]
        coordinating = [t.name for t in teams if t.is_coordinating]
        if sector:
            text = "Projekt Programu przygotowano w zespołach branżowych: "
            text += "; ".join(sector) + "."
            if coordinating:
                text += f" Prace zespołów koordynował {coordinating[0]}."
            paragraphs.append(text)
        meetings = list(selectors.composition_meetings(programme))
        for lead, group in (
            ("Odbyły się spotkania zespołów: ", [m for m in meetings if m.starts_at <= now]),
            ("Zaplanowano spotkania zespołów: ", [m for m in meetings if m.starts_at > now]),
        ):
            if group:
                paragraphs.append(
                    lead
                    + "; ".join(
                        f"{_date(m.starts_at)} – {m.title} ({m.team.name}"
                        + (f", {m.place}" if m.place else "")
                        + ")"
                        for m in group
                    )
                    + "."
                )
        sessions = [(m, s) for m in meetings for s in m.swot_sessions.all()]
        if sessions:
            paragraphs.append(
                "Na spotkaniach przeprowadzono analizę SWOT "
                f"({_plural(len(sessions), 'sesja', 'sesje', 'sesji')}): "
                + "; ".join(
                    f"„{s.topic}” ({m.team.name}, {_date(m.starts_at)}: "
                    f"{_plural(getattr(s, 'n_items', 0), 'pozycja', 'pozycje', 'pozycji')}, "
                    f"{_plural(getattr(s, 'n_votes', 0), 'głos', 'głosy', 'głosów')})"
                    for m, s in sessions
                )
                + "."
            )
        phases = list(programme_timeline(programme))
        if phases:
            paragraphs.append(
                _sentence(
                    "Harmonogram prac nad Programem: "
                    + _numbered(
                        f"{p.name}: od {_date(p.starts_at)} do {_date(p.ends_at)}"
                        + (f", {_trim(p.channels)}" if p.channels.strip() else "")
                        for p in phases
                    )
                )
            )
            consulted = [p for p in phases if p.kind != Phase.Kind.TEAM_WORK and p.accepts_comments]
            # The tense of the moment: a closed phase "można było", an open one "można",
            # a coming one "będzie można" (the composed text is read while it happens).
            for phrase, window in (
                (
                    "Uwagi do projektu można było zgłaszać",
                    [p for p in consulted if p.ends_at < now],
                ),
                ("Uwagi do projektu można zgłaszać", [p for p in consulted if p.is_open(now)]),
                (
                    "Uwagi do projektu będzie można zgłaszać",
                    [p for p in consulted if p.starts_at > now],
                ),
            ):
                if window:
                    where = " w okresie: " if len(window) == 1 else " w okresach: "
                    paragraphs.append(
                        _sentence(
                            phrase
                            + where
                            + "; ".join(
                                f"{_date(p.starts_at)} – {_date(p.ends_at)}" for p in window
                            )
                        )
                    )
        paragraphs.append(_counts_paragraph(selectors.consultation_counts(programme)))
        return paragraphs


def _counts_paragraph(counts: selectors.ConsultationCounts) -> str:
    if counts.comments == 0:
        return "Do dnia przygotowania niniejszej wersji projektu nie zgłoszono uwag."
    text = f"W konsultacjach zgłoszono {_plural(counts.comments, 'uwagę', 'uwagi', 'uwag')}" + (
        f", w tym od {_plural(counts.organisations, 'organizacji', 'organizacji', 'organizacji')}."
        if counts.organisations
        else "."
    )
    answered = [
        f"{Comment.Answer(answer).label}: {counts.by_answer[answer]}"
        for answer in Comment.Answer.values
        if counts.by_answer.get(answer)
    ]
    if answered:
        text += " Stanowisko wobec uwag – " + "; ".join(answered) + "."
    if counts.unanswered:
        text += f" Uwagi oczekujące na stanowisko: {counts.unanswered}."
    return text
