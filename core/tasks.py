"""Celery tasks of core: the outbox's delivery and its sweeper (docs/architecture.md, "Outbox")."""

from __future__ import annotations

import os
from typing import Any

from celery import shared_task


@shared_task(
    bind=True,
    name="core.outbox_deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def outbox_deliver(self: Any, entry_pk: int) -> bool:
    """Perform one outbox entry's side effect (a no-op when it was delivered already)."""
    from core.outbox import deliver, worker_name

    hostname = getattr(self.request, "hostname", None)
    return deliver(pk=entry_pk, worker=f"{hostname}:{os.getpid()}" if hostname else worker_name())


@shared_task(name="core.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    """Started by beat: hand again to the broker what it lost or what a dead worker left."""
    from core.outbox import sweep

    return sweep().dispatched
