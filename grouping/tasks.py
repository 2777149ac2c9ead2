"""Celery tasks of the grouping app: thin, they load by pk and call a service."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from consultations.models import DraftVersion


@shared_task(name="grouping.grouping_compute", acks_late=True)
def grouping_compute(version_pk: int, trigger: str, by_pk: int | None = None) -> int:
    """Compute a grouping run; a run twice (acks_late) only stores a second, equal run."""
    from grouping.services import grouping_compute as compute

    version = DraftVersion.objects.get(pk=version_pk)
    by = get_user_model().objects.filter(pk=by_pk).first() if by_pk else None
    return compute(version=version, trigger=trigger, by=by, now=timezone.now()).pk


@shared_task(name="grouping.grouping_due_pass", acks_late=True)
def grouping_due_pass() -> int:
    """Beat entry (hourly): send a run for each version whose comment phase has closed."""
    from grouping.services import grouping_due

    return grouping_due(now=timezone.now())
