"""Revision numbers per scope: the part of a cache key that changes when content does.

docs/architecture.md, "Caching". A page (or a fragment of one) is cached under a key that
contains the revision of every scope it shows, e.g. ``programme:12``. The services that
change what such a page shows call :func:`bump` in their transaction; nothing expires
by time. The number lives in the database (``core.Revision``) and is copied into the
cache, so a hit costs one cache read and no SQL, and a flushed cache falls back to the
row rather than to a number pages were already cached under.

Ordering against concurrent readers: :func:`bump` increments the row, then deletes the
cached copy at once (so the writing transaction itself reads the new number) and again
after the commit (a reader that saw the old committed row in between may have put it
back). Readers only ever *add* a missing copy, never overwrite one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from core.models import Revision

KEY_PREFIX = "rev:"


def _key(scope: str) -> str:
    return f"{KEY_PREFIX}{scope}"


def revisions(scopes: Iterable[str]) -> dict[str, int]:
    """The current number of each scope: one cache round trip when all are cached."""
    scopes = list(scopes)
    cached = cache.get_many([_key(s) for s in scopes])
    found = {s: int(cached[_key(s)]) for s in scopes if _key(s) in cached}
    missing = [s for s in scopes if s not in found]
    if missing:
        rows = dict(Revision.objects.filter(scope__in=missing).values_list("scope", "number"))
        for scope in missing:
            number = int(rows.get(scope, 0))
            # add, not set: a bump that committed meanwhile has deleted the key and
            # its own copy must win over the older number read here.
            cache.add(_key(scope), number, timeout=None)
            found[scope] = number
    return found


def revision(scope: str) -> int:
    """The current number of one scope."""
    return revisions([scope])[scope]


def bump(*scopes: str) -> None:
    """Record that what ``scopes`` show has changed (call inside the writing transaction)."""
    for scope in dict.fromkeys(scopes):  # once each, in order
        updated = Revision.objects.filter(scope=scope).update(number=F("number") + 1)
        if not updated:
            _, created = Revision.objects.get_or_create(scope=scope, defaults={"number": 1})
            if not created:  # another transaction created it between our two statements
                Revision.objects.filter(scope=scope).update(number=F("number") + 1)
    keys = [_key(s) for s in scopes]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def programme_scope(programme_id: int) -> str:
    """Everything public about one programme: versions, comments, answers, calendar, teams."""
    return f"programme:{programme_id}"


def board_scope(session_id: int) -> str:
    """One SWOT board: its items, votes and state."""
    return f"swot-board:{session_id}"
