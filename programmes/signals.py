"""The calendar changes the programme's pages (docs/architecture.md, "Caching").

Phases are edited in the admin (the programme's inline, the phase list) as well as by
``reminders.services.phase_reschedule``; every save or delete of a phase, or of the
programme row itself, gives the programme's pages a new revision, whoever made it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import revisions
from programmes.models import Municipality, Phase, Programme


@receiver([post_save, post_delete], sender=Phase)
def phase_changed(sender: type[Phase], instance: Phase, **kwargs: Any) -> None:
    revisions.bump(revisions.programme_scope(instance.programme_id))


@receiver([post_save, post_delete], sender=Programme)
def programme_changed(sender: type[Programme], instance: Programme, **kwargs: Any) -> None:
    if not kwargs.get("created"):
        revisions.bump(revisions.programme_scope(instance.pk))


@receiver([post_save, post_delete], sender=Municipality)
def municipality_changed(sender: type[Municipality], instance: Municipality, **kwargs: Any) -> None:
    # Every page's layout names the local government: whole responses kept for anonymous
    # readers (core.pagecache.shared_response) depend on it.
    revisions.bump(revisions.SITE)
