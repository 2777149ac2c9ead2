"""Generated files are rendered by a worker, never in a reader's request.

Each app keeps one row per file it generates (a draft's PDF, the report's, a meeting's
minutes), unique per content fingerprint. ``render_request`` is the one place a render is
queued and ``render_store`` the one place its result is kept (docs/operations.md,
"Generated files"); it records the render in the transactional outbox (``core.outbox``),
which hands it to a worker after commit and again if it was lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from core import outbox

# A render not finished after this long is taken as lost (a killed worker) and sent again
# by the next request for it; before that, requests only wait for the pending one.
RENDER_RETRY_AFTER = dt.timedelta(minutes=10)


class RenderRecord(Protocol):
    pk: Any
    file: FieldFile
    requested_at: dt.datetime
    rendered_at: dt.datetime | None

    @property
    def is_ready(self) -> bool: ...


M = TypeVar("M", bound=models.Model)


@transaction.atomic
def render_request(
    *,
    model: type[M],
    lookup: Mapping[str, Any],
    defaults: Mapping[str, Any],
    handler: str,
    now: dt.datetime,
    retry_after: dt.timedelta = RENDER_RETRY_AFTER,
) -> M:
    """The row of the file ``lookup`` names; queues its render unless one is pending.

    The row's unique constraint is the deduplication: however many readers ask at once,
    one row exists, and only the request that creates it (or finds its render lost,
    ``requested_at`` older than ``retry_after``) queues a render. ``handler`` is the
    dotted path of the task that renders, called with ``document_pk``.
    """
    manager = model._default_manager
    document, created = manager.get_or_create(**lookup, defaults={**defaults, "requested_at": now})
    record: Any = document
    if record.is_ready:
        if record.file.storage.exists(record.file.name):
            return document
        # The file went missing (storage wiped or restored without it): render it again,
        # at the pace of lost renders so that readers cannot queue a storm.
        manager.filter(pk=record.pk).update(file="", rendered_at=None)
        record.refresh_from_db()
    if not created:
        resent = manager.filter(
            pk=record.pk, rendered_at=None, requested_at__lt=now - retry_after
        ).update(requested_at=now)
        if not resent:
            return document
        record.requested_at = now
    # Through the outbox: a render the broker lost or a killed worker left is sent again by
    # the sweeper (docs/architecture.md, "Outbox"). Renders have their own queue so that a
    # long one never delays receipts and reminders.
    outbox.enqueue(
        handler=handler,
        payload={"document_pk": record.pk},
        dedup_key=f"render:{model._meta.label_lower}:{record.pk}:{now.isoformat()}",
        queue=settings.RENDER_QUEUE,
    )
    return document


def render_store(*, model: type[M], pk: Any, content: bytes, name: str, now: dt.datetime) -> M:
    """Keep a finished render (idempotent: a task run twice stores one file)."""
    with transaction.atomic():
        locked: Any = model._default_manager.select_for_update().get(pk=pk)
        if locked.is_ready:  # another worker finished first (acks_late may run a task twice)
            return locked
        # In the database storage the file row commits or rolls back with this one.
        locked.file.save(name, ContentFile(content), save=False)
        locked.rendered_at = now
        locked.save(update_fields=["file", "rendered_at"])
    return locked
