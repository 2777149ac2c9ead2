"""Announcements of changes to the public record, for apps higher up to follow.

Lower layers may not import the apps above them (search, feeds), yet those must see
every publication. A service calls :func:`public_record_changed_on_commit`; the
receiver (search's index) runs once the transaction has committed, so a rolled-back
publication never reaches the index. The ``sender`` is the model class whose row
changed and ``pk`` its key; the receivers decide what that means for them.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.dispatch import Signal

public_record_changed = Signal()


def public_record_changed_on_commit(model: type[models.Model], pk: int) -> None:
    """Send :data:`public_record_changed` for ``model``/``pk`` after the commit.

    Through the outbox (docs/architecture.md, "Outbox"): the receivers (the search
    index) run in a worker, and an index update the broker lost is swept again.
    """
    from core import outbox

    outbox.enqueue(
        handler="core.signals.public_record_changed_deliver",
        payload={"model": model._meta.label, "pk": pk},
    )


def public_record_changed_deliver(*, model: str, pk: int) -> None:
    """The outbox's side effect: announce the change to the receivers."""
    public_record_changed.send(sender=apps.get_model(model), pk=pk)
