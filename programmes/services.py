"""Writes and proposals for the cycle itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.dates import WARSAW, warsaw_midnight
from core.services import record_delete, record_save
from core.signals import public_record_changed_on_commit
from programmes.models import (
    Municipality,
    Phase,
    PriorityArea,
    Programme,
    StrategyDocument,
    StrategyGoal,
)

# What a coordinator edits by hand in the admin (docs/architecture.md, "Writes from the admin").
ProgrammesRecord = Municipality | StrategyDocument | StrategyGoal | PriorityArea | Programme | Phase


PHASE_STARTED_MESSAGE = gettext_noop(
    "This phase has started: change its dates under “Timeline changes”, "
    "with a reason that is published."
)


def phase_moved_after_start(
    before: Phase, *, starts_at: dt.datetime | None, ends_at: dt.datetime | None, now: dt.datetime
) -> list[str]:
    """The dates of a started phase that an edit would move: those move only through a
    published timeline change (``reminders.services.phase_reschedule``)."""
    if before.pk is None or before.starts_at > now:
        return []
    wanted = {"starts_at": starts_at, "ends_at": ends_at}
    return [name for name, value in wanted.items() if value != getattr(before, name)]


def _phase_dates_check(phase: Phase, *, now: dt.datetime) -> None:
    before = Phase.objects.filter(pk=phase.pk).first() if phase.pk else None
    if before is None:
        return
    moved = phase_moved_after_start(
        before, starts_at=phase.starts_at, ends_at=phase.ends_at, now=now
    )
    if moved:
        raise ValidationError(dict.fromkeys(moved, _(PHASE_STARTED_MESSAGE)), code="started")


@transaction.atomic
def programmes_record_save(
    *,
    record: ProgrammesRecord,
    by: Any,
    save_m2m: Callable[[], None] | None = None,
    now: dt.datetime | None = None,
) -> ProgrammesRecord:
    """Save the cycle's reference data edited by hand; the public pages and search follow."""
    now = now or timezone.now()
    if isinstance(record, Phase):
        _phase_dates_check(record, now=now)
    record_save(record, by=by, save_m2m=save_m2m)
    programme_id = record.pk if isinstance(record, Programme) else None
    if isinstance(record, Phase):
        programme_id = record.programme_id
    if programme_id is not None:
        public_record_changed_on_commit(Programme, programme_id)
    return record


@transaction.atomic
def programmes_record_delete(
    *, record: ProgrammesRecord, by: Any, now: dt.datetime | None = None
) -> None:
    """Delete reference data nobody relies on yet; what is part of the record stays."""
    now = now or timezone.now()
    if isinstance(record, Phase) and record.starts_at <= now:
        raise ValidationError(_("A phase that has started is part of the record."), code="started")
    if isinstance(record, Municipality) and record.programmes.exists():
        raise ValidationError(_("Programmes belong to this local government."), code="protected")
    programme_id = record.programme_id if isinstance(record, Phase) else None
    record_delete(record, by=by)
    if programme_id is not None:
        public_record_changed_on_commit(Programme, programme_id)


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
