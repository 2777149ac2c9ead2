"""Reading rows whose dates Python cannot hold (docs/operations.md, "Bounded input").

Before the date CHECK constraints existed, a meeting could be stored at 0001-01-01
Warsaw time, which PostgreSQL keeps as a timestamp "BC" that psycopg2 cannot turn into
a ``datetime`` ("year -1 is out of range"): every page reading that row answered 500,
the admin page that would fix it included. The constraints are added ``NOT VALID`` (old
rows stay, new ones are refused), so such rows may still exist; these typecasters read
them as the nearest instant Python can represent, a day inside its range so that
moving it to Warsaw time cannot overflow either. Pages then show an absurd year the
admin can correct instead of an error page.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

logger = logging.getLogger(__name__)

# A day inside Python's range on both sides: converting to any UTC offset stays valid.
SAFE_MIN = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
SAFE_MAX = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)

_installed = False


def _clamped(value: str | None, default: Any, cursor: Any, *, kind: str) -> Any:
    if value is None:
        return None
    try:
        result = default(value, cursor)
    except (ValueError, OverflowError):
        low = value.endswith("BC") or value.startswith("-")
        logger.warning("Out-of-range %s %r read as the nearest representable value", kind, value)
        edge = SAFE_MIN if low else SAFE_MAX
        if kind == "date":
            return edge.date()
        if kind == "timestamp":
            return edge.replace(tzinfo=None)
        return edge
    if kind == "timestamptz" and result is not None:
        if result < SAFE_MIN:
            return SAFE_MIN
        if result > SAFE_MAX:
            return SAFE_MAX
    return result


def install_psycopg2_casters() -> bool:
    """Register the clamping typecasters for date, timestamp and timestamptz (once)."""
    global _installed
    if _installed:
        return True
    try:
        import psycopg2.extensions as ext
    except ImportError:  # SQLite-only installs
        return False
    for oids, default, kind in (
        (ext.PYDATETIMETZ.values, ext.PYDATETIMETZ, "timestamptz"),
        (ext.PYDATETIME.values, ext.PYDATETIME, "timestamp"),
        (ext.PYDATE.values, ext.PYDATE, "date"),
    ):
        caster = ext.new_type(
            oids,
            f"SAFE_{kind.upper()}",
            lambda value, cursor, default=default, kind=kind: _clamped(
                value, default, cursor, kind=kind
            ),
        )
        ext.register_type(caster)
    _installed = True
    return True
