"""Revision numbers per scope: the part of a cache key that changes when content does.

docs/architecture.md, "Caching". A page (or a fragment of one) is cached under a key that
contains the revision of every scope it shows, e.g. ``programme:12``. The services that
change what such a page shows call :func:`bump` in their transaction; nothing expires
by time. The number lives in the database (``core.Revision``) and is copied into the
cache, so a hit costs one cache read and no SQL, and a flushed cache falls back to the
row rather than to a number pages were already cached under.

Ordering against concurrent readers: :func:`bump` raises the row, deletes the cached copy
and deletes it again after the commit (a reader that saw the old committed row in
between may have put it back). Readers only ever *add* a missing copy, never overwrite
one, and a transaction that has bumped a scope reads that scope from its own row and
never copies it into the cache (it might still roll back).

A number is never reused, even after a rollback: a bump sets it to at least the current
time in microseconds, so a fragment rendered under a number that was rolled back can
never be found again under a later bump.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from core.models import Revision

logger = logging.getLogger(__name__)

KEY_PREFIX = "rev:"
# A copy lives at most this long. Bumps delete copies, so in normal operation this never
# matters; it bounds how long a copy can outlive a bump made while Redis was away (the
# bump could not delete it there).
COPY_TIMEOUT = 60
# A Redis that stops answering mid-call: the rows answer instead.
_COPY_ERRORS: tuple[type[BaseException], ...]
try:
    from redis.exceptions import RedisError

    _COPY_ERRORS = (RedisError, OSError)
except ImportError:  # the zero-setup mode has no Redis client to fail
    _COPY_ERRORS = (OSError,)


# The numbers a view read while it rendered (core.pagecache.shared_response keeps the
# whole response under them). A scope bumped by the reader's own, unfinished transaction
# is recorded as -1: a number no committed row has, so such a response is never reused.
_reads: ContextVar[dict[str, int] | None] = ContextVar("revision_reads", default=None)


@contextlib.contextmanager
def recording() -> Iterator[dict[str, int]]:
    """Collect every scope read by :func:`revisions` inside the block, with its number."""
    reads: dict[str, int] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def _key(scope: str) -> str:
    return f"{KEY_PREFIX}{scope}"


def _copies() -> Any | None:
    """Where the copies of revision numbers may be kept, or None: read the rows.

    Only a cache every process shares. With ``core.cache.FallbackRedisCache`` that is
    Redis alone: its database fallback holds what one process wrote during an outage, and
    a copy left there would come back, stale, at the next outage.
    """
    backend = caches["default"]
    available = getattr(backend, "redis_available", None)
    if available is None:
        return backend
    return getattr(backend, "primary") if available() else None  # noqa: B009 - not typed on BaseCache


def _pending() -> set[str]:
    """Scopes bumped by the transaction in progress on this connection."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        connection.__dict__.pop("_revisions_pending", None)
        return set()
    pending: set[str] = connection.__dict__.setdefault("_revisions_pending", set())
    return pending


def revisions(scopes: Iterable[str]) -> dict[str, int]:
    """The current number of each scope: one cache round trip when all are cached."""
    scopes = list(scopes)
    reads = _reads.get()
    if reads is not None and SITE not in reads and SITE not in scopes:
        # A kept response depends on the layout too: read its scope in the same trip.
        scopes.append(SITE)
    pending = _pending()
    copies = _copies()
    shared = [s for s in scopes if s not in pending] if copies is not None else []
    cached: dict[str, Any] = {}
    if shared:
        try:
            cached = copies.get_many([_key(s) for s in shared])  # type: ignore[union-attr]
        except _COPY_ERRORS:
            copies, shared = None, []
    found = {s: int(cached[_key(s)]) for s in shared if _key(s) in cached}
    missing = [s for s in scopes if s not in found]
    if missing:
        rows = dict(Revision.objects.filter(scope__in=missing).values_list("scope", "number"))
        for scope in missing:
            number = int(rows.get(scope, 0))
            if copies is not None and scope not in pending:
                # add, not set: a bump that committed meanwhile has deleted the key and
                # its own copy must win over the older number read here.
                try:
                    copies.add(_key(scope), number, timeout=COPY_TIMEOUT)
                except _COPY_ERRORS:
                    copies = None
            found[scope] = number
    if reads is not None:
        reads.update({s: (-1 if s in pending else n) for s, n in found.items()})
    return found


def revision(scope: str) -> int:
    """The current number of one scope."""
    return revisions([scope])[scope]


def bump(*scopes: str) -> None:
    """Record that what ``scopes`` show has changed (call inside the writing transaction)."""
    floor = time.time_ns() // 1000
    for scope in dict.fromkeys(scopes):  # once each, in order
        raised = Greatest(F("number") + 1, Value(floor))
        if not Revision.objects.filter(scope=scope).update(number=raised):
            _, created = Revision.objects.get_or_create(scope=scope, defaults={"number": floor})
            if not created:  # another transaction created it between our two statements
                Revision.objects.filter(scope=scope).update(number=raised)
    keys = [_key(s) for s in scopes]
    _forget(keys)
    pending = _pending()
    if transaction.get_connection().in_atomic_block:
        pending.update(scopes)

    def committed() -> None:
        _forget(keys)
        pending.difference_update(scopes)
        _announce(scopes)

    transaction.on_commit(committed)


def _forget(keys: list[str]) -> None:
    copies = _copies()
    if copies is None:
        return  # Redis is away: no copy can be read there either until it is back
    with contextlib.suppress(*_COPY_ERRORS):
        copies.delete_many(keys)


# ---------------------------------------------------------------------------
# The watch: numbers a process may use without asking Redis
# ---------------------------------------------------------------------------
# A kept anonymous response (core.pagecache.shared_response) is otherwise one Redis round
# trip per request, and on a busy two-core machine that wait was a third of the answer.
# Each web process subscribes to CHANNEL; every committed bump publishes its scopes there,
# and the watch forgets them at once in the bumping process and within a message's
# delivery in the others. A number is used from memory only while the subscription is
# known to be alive (a ping every few seconds), only if no message arrived while it was
# being read, and at most WATCH_TIMEOUT seconds: a message lost with a failed publish
# cannot keep an old page for longer than that. Without Redis nothing is watched and
# every read asks the cache (docs/architecture.md, "Caching").
CHANNEL = "core:revisions"
WATCH_TIMEOUT = 60.0
_PING_EVERY = 5.0


class _Watch:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.known: dict[str, tuple[int, float]] = {}
        self.serial = 0  # moves with every message and every (dis)connection
        self.trusted = False
        self.pid: int | None = None
        self.stopped = threading.Event()

    def start(self, url: str | None = None) -> None:
        """Subscribe in a thread of this process, once (again after a fork)."""
        pid = os.getpid()
        if self.pid == pid:
            return
        with self.lock:
            if self.pid == pid:
                return
            self.pid = pid
            self._distrust_locked()
            url = url or _redis_url()
            if url is None:
                return
            threading.Thread(
                target=self._run, args=(url, pid), name="revision-watch", daemon=True
            ).start()

    def _distrust_locked(self) -> None:
        self.known.clear()
        self.trusted = False
        self.serial += 1

    def forget(self, scopes: Iterable[str]) -> None:
        with self.lock:
            for scope in scopes:
                self.known.pop(scope, None)
            self.serial += 1

    def _run(self, url: str, pid: int) -> None:
        import redis

        while os.getpid() == pid and not self.stopped.is_set():
            try:
                client = redis.Redis.from_url(
                    url, socket_connect_timeout=0.5, socket_timeout=3 * _PING_EVERY
                )
                pubsub = client.pubsub()
                pubsub.subscribe(CHANNEL)
                while not self.stopped.is_set():
                    message = pubsub.get_message(timeout=_PING_EVERY)
                    if message is None:
                        pubsub.ping()  # a dead connection fails here or at the next read
                    elif message["type"] == "subscribe":
                        with self.lock:
                            self._distrust_locked()
                            self.trusted = True
                    elif message["type"] == "message":
                        self.forget(bytes(message["data"]).decode().split("\n"))
            except Exception as exc:  # any failure: stop trusting, retry
                with self.lock:
                    was = self.trusted
                    self._distrust_locked()
                if was:
                    logger.warning("Revision watch lost (%s): asking Redis on every read", exc)
                self.stopped.wait(1.0)

    def stop(self) -> None:
        """End the thread (tests; a web process's watch lives as long as the process)."""
        self.stopped.set()
        with self.lock:
            self._distrust_locked()

    def numbers(self, scopes: list[str]) -> dict[str, int] | None:
        """Every scope's number from memory, or None when one is missing or too old."""
        now = time.monotonic()
        with self.lock:
            if not self.trusted:
                return None
            found = {}
            for scope in scopes:
                entry = self.known.get(scope)
                if entry is None or now - entry[1] > WATCH_TIMEOUT:
                    return None
                found[scope] = entry[0]
            return found


_watch = _Watch()


def _redis_url() -> str | None:
    backend = caches["default"]
    location = getattr(backend, "_location", None)
    if getattr(backend, "redis_available", None) is None or not isinstance(location, str):
        return None
    return location


def _announce(scopes: Iterable[str]) -> None:
    """Tell every process's watch that ``scopes`` have new numbers (after the commit)."""
    scopes = list(scopes)
    _watch.forget(scopes)
    redis_client = getattr(_copies(), "_cache", None)  # Django's Redis client, if Redis
    if not hasattr(redis_client, "get_client"):
        return  # no Redis (local memory): no other process watches
    with contextlib.suppress(*_COPY_ERRORS):
        redis_client.get_client(write=True).publish(CHANNEL, "\n".join(scopes))  # type: ignore[union-attr]


def watched(scopes: Iterable[str]) -> dict[str, int]:
    """:func:`revisions`, answered from this process's watch when it vouches for them."""
    scopes = list(scopes)
    if _reads.get() is not None:
        # Recording what a kept response depends on: every read goes into the record,
        # the site scope with them (revisions() adds it).
        return revisions(scopes)
    _watch.start()
    pending = _pending()
    if not pending.intersection(scopes) and (found := _watch.numbers(scopes)) is not None:
        return found
    with _watch.lock:
        serial, trusted = _watch.serial, _watch.trusted
    found = revisions(scopes)
    if trusted:
        now = time.monotonic()
        with _watch.lock:
            if _watch.serial == serial:  # no message while we read: the numbers hold
                for scope, number in found.items():
                    if scope not in pending:
                        _watch.known[scope] = (number, now)
    return found


# Who may be named: organisations, representations, memberships (teams/signals.py).
ORGANISATIONS = "organisations"
# What every page's layout shows: the local government's record (programmes/signals.py).
SITE = "site"


def programme_scope(programme_id: int) -> str:
    """Everything public about one programme: versions, comments, answers, calendar, teams."""
    return f"programme:{programme_id}"


def board_scope(session_id: int) -> str:
    """One SWOT board: its items, votes and state."""
    return f"swot-board:{session_id}"


def team_scope(team_id: int) -> str:
    """One team's page: its meetings, goals and actions, SWOT boards as listed there."""
    return f"team:{team_id}"
