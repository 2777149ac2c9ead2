"""The mechanics every app's services share when they save a row someone edited by hand.

The admin writes only through services (docs/architecture.md, "Writes from the admin"):
each app's ``<app>_record_save`` / ``<app>_record_delete`` states its rules and side
effects (who and when, the public record's signal, history) and calls these two for
the plain part, so the bookkeeping is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def _author_history(record: models.Model, by: Any, reason: str) -> None:
    # django-simple-history reads these attributes when it writes the history row, so
    # the row names the person and the reason even outside a request (tasks, shell).
    if hasattr(type(record), "history"):
        record._history_user = by  # type: ignore[attr-defined]
        if reason:
            record._change_reason = reason  # type: ignore[attr-defined]


def record_save(
    record: M,
    *,
    by: Any,
    reason: str = "",
    save_m2m: Callable[[], None] | None = None,
) -> M:
    """Save ``record`` with its history's author and reason, then its many-to-many choices."""
    _author_history(record, by, reason)
    record.save()
    if save_m2m is not None:
        save_m2m()
    return record


def record_delete(record: models.Model, *, by: Any, reason: str = "") -> None:
    """Delete ``record``; a model with history keeps a "deleted" row naming ``by``."""
    _author_history(record, by, reason)
    record.delete()
