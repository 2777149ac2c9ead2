"""Writes and proposals for the cycle itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.dates import WARSAW, warsaw_midnight
from programmes.models import Phase, Programme


def default_programme_slug(*, kind: str, first_year: int, last_year: int) -> str:
    """Short addresses people can type from a letter: wpw-2031-2033, rpw-2031."""
    if kind == Programme.Kind.ANNUAL or first_year == last_year:
        return f"rpw-{first_year}"
    return f"wpw-{first_year}-{last_year}"


@dataclass
class PhaseProposal:
    """One proposed phase of a new cycle; the coordinator edits it before saving."""

    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    accepts_comments: bool


def _same_day_in(moment: dt.datetime, years: int) -> dt.datetime:
    """The same Warsaw wall-clock time ``years`` later (the stored value is UTC)."""
    local = moment.astimezone(WARSAW).replace(tzinfo=None)
    try:
        shifted = local.replace(year=local.year + years)
    except ValueError:  # 29 February in a year without one
        shifted = local.replace(year=local.year + years, day=28)
    return shifted.replace(tzinfo=WARSAW)


def phases_propose(*, previous: Programme, first_year: int, min_days: int) -> list[PhaseProposal]:
    """The new cycle's timeline, anchored on its 30 November (art. 5a ust. 1).

    The previous cycle's phases are moved by whole years (an official expects
    "1–14 September" again), cut at the new adoption deadline, and each comment phase is
    lengthened backwards to the minimum. Without a previous timeline, a plan is laid
    backwards from the deadline: team work, consultation, summary, adoption.
    """
    deadline_end = warsaw_midnight(dt.date(first_year - 1, 12, 1))
    last_moment = deadline_end - dt.timedelta(seconds=1)
    shift = first_year - previous.first_year
    proposals = []
    for phase in Phase.objects.for_programme(previous).order_by("starts_at", "pk"):
        starts = _same_day_in(phase.starts_at, shift)
        ends = min(_same_day_in(phase.ends_at, shift), last_moment)
        if phase.accepts_comments:
            last_day = ends.astimezone(WARSAW).date()
            earliest_start = warsaw_midnight(last_day - dt.timedelta(days=min_days - 1))
            starts = min(starts, earliest_start)
        if ends <= starts:
            continue
        proposals.append(
            PhaseProposal(phase.kind, phase.name, starts, ends, phase.accepts_comments)
        )
    if proposals:
        return proposals

    def day(days_before: int) -> dt.datetime:
        return warsaw_midnight(dt.date(first_year - 1, 11, 30) - dt.timedelta(days=days_before))

    consultation_start = day(60 + min_days)
    return [
        PhaseProposal(
            Phase.Kind.TEAM_WORK,
            _("Work of the sector teams"),
            day(150),
            consultation_start - dt.timedelta(seconds=1),
            False,
        ),
        PhaseProposal(
            Phase.Kind.CONSULTATION,
            _("Consultation of the draft programme"),
            consultation_start,
            day(60) - dt.timedelta(seconds=1),
            True,
        ),
        PhaseProposal(
            Phase.Kind.SUMMARY,
            _("Summary of the comments"),
            day(60),
            day(30) - dt.timedelta(seconds=1),
            False,
        ),
        PhaseProposal(
            Phase.Kind.ADOPTION, _("Adoption of the programme"), day(30), last_moment, False
        ),
    ]
