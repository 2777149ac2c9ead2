"""Reads of the cycle: its timeline and the local government it belongs to."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from programmes.models import Municipality, Phase, PhaseChange, Programme


def programme_timeline(programme: Programme) -> QuerySet[Phase]:
    """The programme's phases in the order they happen."""
    return Phase.objects.for_programme(programme).order_by("starts_at", "pk")


def neutral_municipality() -> Municipality:
    """An unsaved stand-in for a database without any record (a fresh install before seeding)."""
    name = str(_("Local government"))
    return Municipality(
        name=name, name_genitive=name, kind=Municipality.Kind.GMINA, council_name=str(_("Council"))
    )


def current_municipality() -> Municipality:
    """The current programme's local government, else the first one, else a neutral stand-in.

    One query: the record owning the programme shown on the home page sorts first.
    """
    current = Exists(Programme.objects.filter(municipality=OuterRef("pk"), is_current=True))
    found = (
        Municipality.objects.annotate(owns_current=current).order_by("-owns_current", "pk").first()
    )
    return found if found is not None else neutral_municipality()


class ProgrammeStatus(enum.StrEnum):
    """Where a cycle stands, as the archive shows it (/programmes/)."""

    PREPARATION = "preparation"
    CONSULTATION = "consultation"
    AWAITING_ADOPTION = "awaiting_adoption"
    ADOPTED = "adopted"
    NOT_RECORDED = "not_recorded"


STATUS_LABELS = {
    ProgrammeStatus.PREPARATION: _("in preparation"),
    ProgrammeStatus.CONSULTATION: _("in consultation"),
    ProgrammeStatus.AWAITING_ADOPTION: _("awaiting adoption by the council"),
    ProgrammeStatus.ADOPTED: _("adopted"),
    ProgrammeStatus.NOT_RECORDED: _("adoption not recorded"),
}


@dataclass(frozen=True)
class ArchiveRow:
    programme: Programme
    status: ProgrammeStatus
    adoption: Any  # consultations.Adoption once that model exists (branch rec10)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def programme_adoption(programme: Programme) -> Any:
    """The council's adoption record, if the app that keeps it is installed and has one.

    The Adoption model (OneToOne ``programme.adoption``) comes from another branch;
    read it defensively so this page works before and after that merge.
    """
    try:
        return getattr(programme, "adoption", None)
    except ObjectDoesNotExist:
        return None


def programme_status(
    programme: Programme, *, now: dt.datetime, phases: list[Phase]
) -> ProgrammeStatus:
    """Adopted (a resolution recorded), in consultation (a comment phase open), else by date."""
    if programme_adoption(programme) is not None:
        return ProgrammeStatus.ADOPTED
    if any(p.accepts_comments and p.is_open(now) for p in phases):
        return ProgrammeStatus.CONSULTATION
    if now >= programme.adoption_deadline_end:
        # Past 30 November with no resolution on record: the portal cannot tell whether
        # the council adopted it, so it says exactly that rather than "not adopted".
        return ProgrammeStatus.NOT_RECORDED
    if phases and all(p.ends_at < now for p in phases):
        return ProgrammeStatus.AWAITING_ADOPTION
    return ProgrammeStatus.PREPARATION


def programme_archive(*, now: dt.datetime) -> list[ArchiveRow]:
    """Every cycle, the current one first, then newest to oldest, with its status."""
    programmes = (
        Programme.objects.select_related("municipality")
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("starts_at", "pk")))
        .order_by("-is_current", "-first_year", "-last_year", "pk")
    )
    # The adoption record is a higher app's one-to-one (``programme.adoption``): join it
    # when it is installed, so the archive costs the same queries however many cycles.
    if "adoption" in {rel.name for rel in Programme._meta.related_objects}:
        programmes = programmes.select_related("adoption")
    rows = []
    for programme in programmes:
        phases = list(programme.phases.all())
        rows.append(
            ArchiveRow(
                programme=programme,
                status=programme_status(programme, now=now, phases=phases),
                adoption=programme_adoption(programme),
            )
        )
    return rows


def programme_phase_changes(programme: Programme) -> QuerySet[PhaseChange]:
    """ "Historia zmian harmonogramu": every change of the dates, newest first."""
    return (
        PhaseChange.objects.filter(programme=programme)
        .select_related("phase", "changed_by")
        .order_by("-changed_at", "-pk")
    )
