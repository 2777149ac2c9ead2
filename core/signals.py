"""Announcements of changes to the public record, for apps higher up to follow.

Lower layers may not import the apps above them (search, feeds), yet those must see
every publication. A service calls :func:`public_record_changed_on_commit`; the
receiver (search's index) runs once the transaction has committed, so a rolled-back
publication never reaches the index. The ``sender`` is the model class whose row
changed and ``pk`` its key; the receivers decide what that means for them.
"""

from __future__ import annotations

from django.db import models, transaction
from django.dispatch import Signal

public_record_changed = Signal()


def public_record_changed_on_commit(model: type[models.Model], pk: int) -> None:
    """Send :data:`public_record_changed` for ``model``/``pk`` after the commit."""
    transaction.on_commit(lambda: public_record_changed.send(sender=model, pk=pk))
