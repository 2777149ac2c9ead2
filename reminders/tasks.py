"""Reminder tasks: thin, they call the services.

The task names keep their ``consultations.`` prefix: they are the contract with the
beat schedule stored in the database and with messages already in the broker.
"""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(name="consultations.reminders_daily_pass", acks_late=True)
def reminders_daily_pass() -> int:
    """Started by the beat entry once a day: plan today's reminders and enqueue them."""
    from reminders.services import reminders_send_due

    return len(reminders_send_due(now=timezone.now()).enqueued_ids)


@shared_task(
    bind=True,
    name="consultations.reminders_send_chunk",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,  # the service counts attempts per row (REMINDERS_MAX_ATTEMPTS)
)
def reminders_send_chunk_task(self, delivery_ids: list[int]) -> int:
    """Send one chunk over one SMTP connection; retry with backoff on SMTP failures."""
    from reminders.services import TransientSendError, reminders_send_chunk

    retries = self.request.retries or 0
    final = retries + 1 >= settings.REMINDERS_MAX_ATTEMPTS
    try:
        return reminders_send_chunk(delivery_ids=delivery_ids, final_attempt=final).sent
    except TransientSendError as exc:
        if self.request.is_eager:
            # Eager mode (zero-setup, tests) has no broker to come back through:
            # Celery re-raises Retry there, so try again at once, up to the limit.
            return int(self.apply(args=[delivery_ids], retries=retries + 1).result)
        # Exponential backoff with jitter, capped below the broker's visibility
        # timeout: a longer countdown would make Redis redeliver it (docs/operations.md, "Pitfalls on our machines", item 3).
        countdown = min(settings.REMINDERS_RETRY_BACKOFF_MAX, 10 * 2**retries)
        countdown = int(countdown * random.uniform(0.8, 1.0))  # noqa: S311
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="reminders.phase_change_notify", acks_late=True)
def phase_change_notify(change_pk: int) -> int:
    """Tell commenters and subscribers that a phase's dates changed (once per change)."""
    from programmes.models import PhaseChange
    from reminders.services import phase_change_notify as notify

    change = PhaseChange.objects.filter(pk=change_pk).first()
    if change is None:
        return 0
    return notify(change=change, now=timezone.now())
