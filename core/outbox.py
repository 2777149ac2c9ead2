"""The transactional outbox: side effects that happen once, after their change commits.

docs/architecture.md, "Outbox". A service calls :func:`enqueue` inside the transaction
that makes the change; the entry commits or rolls back with it. After the commit the
entry is handed to Celery (:func:`dispatch`); a broker that is down only logs a
warning, the request goes on. A worker runs :func:`deliver`, which performs the side
effect while it holds the entry's row lock and marks it delivered in the same
transaction, so a worker killed half-way leaves the entry pending. The periodic
:func:`sweep` hands pending entries to the broker again (docs/operations.md, "Outbox").
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import OutboxEntry

logger = logging.getLogger(__name__)


def enqueue(
    *,
    handler: str,
    payload: Mapping[str, Any] | None = None,
    dedup_key: str = "",
    queue: str = "",
) -> OutboxEntry | None:
    """Record a side effect in the current transaction; None when ``dedup_key`` exists.

    ``handler`` is the dotted path of a callable taking ``payload`` (JSON) as keyword
    arguments. Without a ``dedup_key`` every call is a new intent.
    """
    now = timezone.now()
    entry = OutboxEntry(
        handler=handler,
        payload=dict(payload or {}),
        dedup_key=dedup_key or f"{handler}:{uuid.uuid4().hex}",
        queue=queue,
        created_at=now,
        dispatched_at=now,
    )
    try:
        # A savepoint: a duplicate key must not spoil the caller's transaction.
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        if OutboxEntry.objects.filter(dedup_key=entry.dedup_key).exists():
            return None
        raise
    transaction.on_commit(partial(dispatch, entry.pk, queue))
    return entry


def enqueue_many(
    *, handler: str, payloads: list[Mapping[str, Any]], queue: str = ""
) -> list[OutboxEntry]:
    """Several new intents of one handler in one INSERT (reminder chunks); no dedup keys."""
    now = timezone.now()
    entries = OutboxEntry.objects.bulk_create(
        OutboxEntry(
            handler=handler,
            payload=dict(payload),
            dedup_key=f"{handler}:{uuid.uuid4().hex}",
            queue=queue,
            created_at=now,
            dispatched_at=now,
        )
        for payload in payloads
    )
    for entry in entries:
        transaction.on_commit(partial(dispatch, entry.pk, queue))
    return entries


def dispatch(pk: int, queue: str = "", *, connection: Any = None) -> bool:
    """Hand one entry to the broker; never raises (the sweeper retries what did not go)."""
    from core.tasks import outbox_deliver

    options: dict[str, Any] = {"retry": False}
    if queue:
        options["queue"] = queue
    try:
        if outbox_deliver.app.conf.task_always_eager:
            outbox_deliver.apply_async(args=[pk], **options)
        elif connection is not None:
            outbox_deliver.apply_async(args=[pk], connection=connection, **options)
        else:
            with outbox_deliver.app.pool.acquire(block=True, timeout=2) as conn:
                # One attempt: kombu would otherwise retry for ~6 s (its connect
                # timeout) while the person who saved a comment waits for the page.
                conn.ensure_connection(max_retries=0, timeout=1)
                outbox_deliver.apply_async(args=[pk], connection=conn, **options)
    except Exception as exc:
        # kombu's OperationalError, redis' ConnectionError, a timeout: the change is
        # committed and its entry waits in the table; nobody sees an error page. One
        # line, no traceback: during an outage every request would print one.
        logger.warning(
            "Outbox entry %s not dispatched (%s: %s); the sweeper will retry it",
            pk,
            exc.__class__.__name__,
            exc,
        )
        return False
    return True


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def deliver(*, pk: int, worker: str = "") -> bool:
    """Perform the entry's side effect once; True when this call delivered it."""
    worker = (worker or worker_name())[:200]
    with transaction.atomic():
        # SKIP LOCKED: an entry another worker is delivering right now is its business.
        locked = list(
            OutboxEntry.objects.pending()
            .select_for_update(skip_locked=True)
            .filter(pk=pk)
            .values_list("pk", flat=True)
        )
        if not locked:
            return False
        OutboxEntry.objects.filter(pk=pk).update(
            claimed_at=timezone.now(), claimed_by=worker, attempts=F("attempts") + 1
        )
    # The claim above is committed: the sweeper and the admin see who holds the entry.
    with transaction.atomic():
        entry = (
            OutboxEntry.objects.pending().select_for_update(skip_locked=True).filter(pk=pk).first()
        )
        if entry is None:  # delivered meanwhile, or being delivered by another worker
            return False
        try:
            # A savepoint: a failing side effect is rolled back, its error recorded.
            with transaction.atomic():
                import_string(entry.handler)(**entry.payload)
        except Exception as exc:
            entry.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            entry.save(update_fields=["last_error"])
            logger.warning("Outbox entry %s (%s) failed", pk, entry.handler, exc_info=True)
            return False
        # Marked in the transaction in which the side effect happened (an e-mail the SMTP
        # server accepted): a worker killed before this commit leaves it pending.
        entry.delivered_at = timezone.now()
        entry.last_error = ""
        entry.save(update_fields=["delivered_at", "last_error"])
    return True


@dataclass
class SweepResult:
    due: int = 0
    dispatched: int = 0


def due_entries(*, now: datetime) -> Any:
    """Pending entries the broker lost (never claimed) or whose worker died or failed."""
    retry_after = now - timedelta(seconds=settings.OUTBOX_RETRY_AFTER)
    claim_timeout = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    return (
        OutboxEntry.objects.pending()
        .filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS, dispatched_at__lt=retry_after)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=claim_timeout))
        .order_by("created_at")
    )


def sweep(*, now: datetime | None = None) -> SweepResult:
    """Hand pending entries to the broker again (the beat entry "Outbox sweeper")."""
    now = now or timezone.now()
    result = SweepResult()
    rows = list(due_entries(now=now).values_list("pk", "queue")[: settings.OUTBOX_SWEEP_BATCH])
    result.due = len(rows)
    if not rows:
        return result
    from core.tasks import outbox_deliver

    with outbox_deliver.app.pool.acquire(block=True, timeout=10) as conn:
        for pk, queue in rows:
            # Recorded before the broker sees it, so a slow queue is not flooded with
            # copies; a copy too many would only find the entry delivered.
            OutboxEntry.objects.filter(pk=pk).update(dispatched_at=timezone.now())
            if not dispatch(pk, queue, connection=conn):
                break  # the broker is still down: the next sweep tries again
            result.dispatched += 1
    logger.info("Outbox sweep: %d due, %d dispatched", result.due, result.dispatched)
    return result


def stats(*, now: datetime | None = None) -> dict[str, int]:
    """What /health/ and monitoring read: pending, overdue and given-up entries."""
    now = now or timezone.now()
    pending = OutboxEntry.objects.pending()
    return {
        "pending": pending.count(),
        "overdue": due_entries(now=now).count(),
        "failed": pending.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).count(),
    }
