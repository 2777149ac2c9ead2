"""Reads of the cycle: its timeline."""

from __future__ import annotations

from django.db.models import QuerySet

from programmes.models import Phase, Programme


def programme_timeline(programme: Programme) -> QuerySet[Phase]:
    """The programme's phases in the order they happen."""
    return Phase.objects.for_programme(programme).order_by("starts_at", "pk")
