"""Database refusals as messages beside fields (docs/operations.md, "Bounded input").

Forms check uniqueness first, but two people may register the same number at the same
moment; the database then refuses with its constraint's name, which no user should
read. ``constraint_name`` finds which constraint it was, so that a service can turn it
into the field's message.
"""

from __future__ import annotations

import re

from django.db import IntegrityError

_SQLITE_UNIQUE = re.compile(r"(?:UNIQUE|CHECK) constraint failed: (?P<name>[\w.]+)")


def constraint_name(exc: IntegrityError) -> str:
    """The name of the constraint PostgreSQL reported (SQLite reports columns instead)."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    match = _SQLITE_UNIQUE.search(str(exc))
    return match["name"] if match else ""
