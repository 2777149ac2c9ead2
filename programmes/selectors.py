"""Reads of the cycle: its timeline and the local government it belongs to."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from programmes.models import Municipality, Phase, Programme


def programme_timeline(programme: Programme) -> QuerySet[Phase]:
    """The programme's phases in the order they happen."""
    return Phase.objects.for_programme(programme).order_by("starts_at", "pk")


def neutral_municipality() -> Municipality:
    """An unsaved stand-in for a database without any record (a fresh install before seeding)."""
    name = _("Local government")
    return Municipality(
        name=name, name_genitive=name, kind=Municipality.Kind.GMINA, council_name=_("Council")
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
