"""The SQLite half of the "comments are never deleted" trigger (migration 0012).

SQLite's ``flush`` empties tables with row-by-row DELETEs, which the trigger would
refuse; it asks ``consultations_deletes_allowed()``, registered on every SQLite
connection here, and that answers 1 only while our ``flush`` command runs.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_state = threading.local()


def deletes_allowed() -> int:
    return 1 if getattr(_state, "flushing", False) else 0


@contextlib.contextmanager
def whole_database_flush() -> Iterator[None]:
    """Only emptying the whole database (``manage.py flush``, test teardown) lifts the guard."""
    _state.flushing = True
    try:
        yield
    finally:
        _state.flushing = False


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "consultations_deletes_allowed", 0, deletes_allowed, deterministic=False
        )
