"""Reads of the cycle: its timeline."""

from __future__ import annotations

from django.db.models import QuerySet

from programmes.models import Phase, PhaseChange, Programme


def programme_timeline(programme: Programme) -> QuerySet[Phase]:
    """The programme's phases in the order they happen."""
    return Phase.objects.for_programme(programme).order_by("starts_at", "pk")


def programme_phase_changes(programme: Programme) -> QuerySet[PhaseChange]:
    """ "Historia zmian harmonogramu": every change of the dates, newest first."""
    return (
        PhaseChange.objects.filter(programme=programme)
        .select_related("phase", "changed_by")
        .order_by("-changed_at", "-pk")
    )
