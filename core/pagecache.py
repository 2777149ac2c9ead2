"""Rendered page fragments kept in the cache under keys that name their content.

docs/architecture.md, "Caching". A key is built from what the fragment shows: the
objects, the language, the revision numbers of their scopes (``core.revisions``) and
the few variants a page has (may this person comment?). A new revision makes a new key,
so nothing is ever invalidated by deleting, and nothing expires by time for correctness;
the timeout below only lets the cache reclaim fragments of old revisions.

Only what is the same for everyone in a variant may go into a fragment: it is rendered
without the request (no user, no CSRF token, no messages). A person's own parts are put
in afterwards at the ``<!--slot:…-->`` markers the fragment leaves for them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import revisions

KEY_PREFIX = "page:"
# What a template leaves for a person's own part; user text is escaped, so never this.
_SLOT = re.compile(r"<!--slot:[^>]*-->")


def _timeout() -> int:
    # Days: fragments of superseded revisions are never read again; let them go.
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 7 * 24 * 3600))


def _digest(parts: tuple[Hashable, ...], length: int = 40) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:length]


def key_for(parts: tuple[Hashable, ...]) -> str:
    return KEY_PREFIX + _digest(parts)


def etag_for(parts: tuple[Hashable, ...]) -> str:
    """A strong validator (quoted) for a response made of ``parts``."""
    return '"' + _digest(parts, 32) + '"'


@dataclass(frozen=True)
class Fragment:
    html: SafeString
    rendered_at: dt.datetime
    hit: bool

    def fill(self, slots: Mapping[str, str], *, final: bool = False) -> SafeString:
        """The fragment with ``<!--slot:name-->`` markers replaced (escaped HTML only).

        ``final``: no slot will be filled later, so the markers left go (one per paragraph
        of a draft: 11 KB of a 500-paragraph page). A page kept around its reader's own
        parts (``personal_page``) keeps them for each request to fill.
        """
        html = str(self.html)
        for name, value in slots.items():
            if value:
                html = html.replace(f"<!--slot:{name}-->", value, 1)
        if final:
            html = _SLOT.sub("", html)
        return mark_safe(html)  # noqa: S308 - the fragment and the slots are rendered templates


def fragment(parts: tuple[Hashable, ...], render: Callable[[], str]) -> Fragment:
    """The cached fragment for ``parts``, rendered by ``render()`` the first time."""
    key = key_for(parts)
    entry = cache.get(key)
    if entry is not None:
        html, timestamp = entry
        return Fragment(mark_safe(html), dt.datetime.fromtimestamp(timestamp, dt.UTC), True)  # noqa: S308
    html = render()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cache.set(key, (html, now.timestamp()), timeout=_timeout())
    return Fragment(mark_safe(html), now, False)  # noqa: S308


class _LocalValues:
    """This process's copies of small values, at most ``limit`` of them, pickled: each
    request gets its own objects, so none can change what another reads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.limit:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_values = _LocalValues(4096)


def kept(parts: tuple[Hashable, ...], compute: Callable[[], Any]) -> Any:
    """A picklable value cached under ``parts`` (which name everything it depends on).

    ``parts`` name everything the value depends on, so a value never goes stale under
    its key: this process keeps a copy too, and a later call makes no round trip.
    """
    key = key_for(("value", *parts))
    if (data := _values.get(key)) is not None:
        return pickle.loads(data)  # noqa: S301 - our own pickle, made below
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=_timeout())
    _values.put(key, pickle.dumps(found, pickle.HIGHEST_PROTOCOL))
    return found


def current(
    parts: tuple[Hashable, ...],
    load: Callable[[], Any],
    scope_of: Callable[[Any], str],
) -> Any:
    """The object ``load()`` finds, kept in this process while the revision of its scope
    (``scope_of(object)``) holds; ``None`` when there is none.

    For objects looked up by a name before their scope is known (a programme's version by
    slug and number): a kept copy answers with no query while the scope's number is the
    one it was loaded under. On a miss the number is read first and the object loaded
    again after it, so a copy is never older than the number it is kept under.
    """
    key = key_for(("current", *parts))
    if (held := _values.get(key)) is not None:
        scope, number, data = held
        if revisions.watched([scope])[scope] == number:
            return pickle.loads(data)  # noqa: S301 - our own pickle, made below
    if (first := load()) is None:
        return None
    scope = scope_of(first)
    number = revisions.watched([scope])[scope]
    found = load()
    if found is not None and scope_of(found) == scope and number >= 0:
        _values.put(key, (scope, number, pickle.dumps(found, pickle.HIGHEST_PROTOCOL)))
    return found


def moments(parts: tuple[Hashable, ...], load: Callable[[], list[dt.datetime]]) -> list[float]:
    """The instants at which a page changes by the clock alone (a meeting starts, a phase
    ends), cached under ``parts`` (which hold the revisions that can move them)."""
    instants: list[float] = kept(
        ("moments", *parts), lambda: sorted(moment.timestamp() for moment in load())
    )
    if (record := _record.get()) is not None:
        record.instants.update(instants)
    return instants


def epoch(instants: list[float], now: dt.datetime) -> int:
    """How many of ``instants`` have passed at ``now``: a key part that moves with them.

    A page keyed by it is rendered again when one of them passes, never by a timeout.
    """
    return bisect.bisect_left(instants, now.timestamp())


def uncached(render: Callable[[], str]) -> Fragment:
    """The same shape for pages that must never be cached (unpublished drafts)."""
    if (record := _record.get()) is not None:
        record.shareable = False
    return Fragment(mark_safe(render()), dt.datetime.now(dt.UTC), False)  # noqa: S308


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """A 304 when the browser already holds ``etag`` (GET/HEAD), else ``None``."""
    response: HttpResponse | None = get_conditional_response(request, etag=etag)
    return response


def validators(response: HttpResponse, *, etag: str, last_modified: dt.datetime) -> None:
    """ETag, Last-Modified and "revalidate every time": the key changes, not a clock."""
    from django.utils.http import http_date

    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "no-cache"


# ---------------------------------------------------------------------------
# Whole responses for anonymous readers (docs/architecture.md, "Caching")
# ---------------------------------------------------------------------------
# A reader without a session or messages cookie sees what every such reader sees, so
# the whole response can be kept: a hit checks the current numbers of the scopes it was
# rendered under (``revisions.watched``: from memory while the process's watch vouches
# for them, else one cache read) and does no SQL, template or ORM work. The entry itself is
# in the shared cache and, once read, in this process's memory (bounded, least recently
# used first out). The two values that differ per request are put back at markers: the
# CSP nonce of the one inline style and the masked CSRF token of the language form.
RESPONSE_PREFIX = "response:"
_NONCE = b"\x00csp-nonce\x00"
_CSRF = b"\x00csrf-token\x00"
_CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
_MARKERS = re.compile(b"(" + re.escape(_NONCE) + b"|" + re.escape(_CSRF) + b")")
_SMALL_PIECE = 16 * 1024


@dataclass
class _Record:
    instants: set[float] = field(default_factory=set)
    shareable: bool = True


_record: ContextVar[_Record | None] = ContextVar("pagecache_record", default=None)


@contextmanager
def _recording() -> Iterator[tuple[_Record, dict[str, int]]]:
    record = _Record()
    token = _record.set(record)
    try:
        with revisions.recording() as reads:
            yield record, reads
    finally:
        _record.reset(token)


class _LocalEntries:
    """This process's copies of entries, at most ``limit`` bytes of bodies (a body's
    split at its markers, made on first use, holds as much again)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        size = len(entry["body"])
        if size > self.limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old["body"])
            self._entries[key] = entry
            self._size += size
            while self._size > self.limit:
                _key, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped["body"])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


_local = _LocalEntries(int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)))


def forget_local() -> None:
    """Drop this process's copies (tests empty the shared cache between them)."""
    _local.clear()
    _values.clear()


def _shareable_request(request: HttpRequest) -> bool:
    """Nobody in particular: no session (so no login) and no pending messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


# Part of every key: a release that changes what an entry holds never reads an old one.
_ENTRY_FORMAT = 2


def _response_key(request: HttpRequest) -> str:
    parts = (
        _ENTRY_FORMAT,
        request.get_full_path(),
        get_language(),
        request.headers.get("HX-Request") == "true",
    )
    return RESPONSE_PREFIX + _digest(parts)


def _still_current(entry: Mapping[str, Any], now: float) -> bool:
    """Every scope at the number it was rendered under, and no moment passed since."""
    scopes: dict[str, int] = entry["scopes"]
    if revisions.watched(scopes) != scopes:
        return False
    rendered = entry["rendered"]
    return not any(rendered < instant <= now for instant in entry["instants"])


def _current_entry(key: str, now: float) -> dict[str, Any] | None:
    """The kept entry for ``key`` if it is still current: this process's copy first."""
    entry = _local.get(key)
    if entry is not None and _still_current(entry, now):
        return entry
    shared = cache.get(key)
    if shared is None or (entry is not None and shared["rendered"] == entry["rendered"]):
        return None  # nothing kept, or the same stale entry
    if not _still_current(shared, now):
        return None
    _local.put(key, shared)
    return shared


def _pieces(entry: dict[str, Any]) -> list[bytes]:
    """The body split at its markers (odd positions), once per entry in this process.

    Replacing the markers in the whole body copied and scanned it twice per request:
    about half a millisecond for a 500-paragraph draft, as much as the rest of a hit.
    """
    pieces: list[bytes] | None = entry.get("_pieces")
    if pieces is None:
        pieces = entry["_pieces"] = _MARKERS.split(entry["body"])
    return pieces


def _chunks(request: HttpRequest, entry: dict[str, Any]) -> list[bytes]:
    """The body for this request as a few chunks: the large pieces are sent as kept,
    without a copy; runs of small ones (the markers' surroundings) are joined."""
    values: dict[bytes, bytes] = {}
    if entry["nonce"]:
        values[_NONCE] = str(request.csp_nonce).encode()  # type: ignore[attr-defined]
    if entry["csrf"]:
        values[_CSRF] = get_token(request).encode()
    chunks: list[bytes] = []
    run: list[bytes] = []
    for index, piece in enumerate(_pieces(entry)):
        if index % 2:
            piece = values[piece]
        if len(piece) < _SMALL_PIECE:
            run.append(piece)
            continue
        if run:
            chunks.append(b"".join(run))
            run = []
        chunks.append(piece)
    if run:
        chunks.append(b"".join(run))
    return chunks


def _from_entry(
    request: HttpRequest, entry: dict[str, Any], *, conditional: bool = True
) -> HttpResponse:
    chunks = _chunks(request, entry)
    response = HttpResponse(chunks[0] if chunks else b"")
    # The server sends the chunks one after another; a length given here spares
    # CommonMiddleware joining them only to count the bytes.
    response.writelines(chunks[1:])
    response["Content-Length"] = str(sum(map(len, chunks)))
    for name, value in entry["headers"]:
        response[name] = value
    if not conditional:
        return response
    # A 304 (with the entry's validators) when the reader already holds this version.
    return (
        get_conditional_response(request, etag=response.get("ETag"), response=response) or response
    )


def _shareable_response(response: HttpResponse, record: _Record, reads: dict[str, int]) -> bool:
    """Whether the view marked ``response`` as the same for every anonymous reader.

    A 200 with an ETag (views set one only then), rendered under at least one revision
    (none still pending in the reader's own transaction), with no uncached part, no cookie
    and no ``private``/``no-store`` directive.
    """
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.has_header("ETag")
        and record.shareable
        and bool(reads)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and all(number >= 0 for number in reads.values())
    )


def _entry_for(
    request: HttpRequest,
    response: HttpResponse,
    *,
    scopes: Mapping[str, int] | None = None,
    instants: Iterable[float] = (),
    rendered: float = 0.0,
) -> dict[str, Any]:
    """What to keep of a rendered response: its body with this request's nonce and CSRF
    token turned into markers, its headers, and what it stays valid under."""
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        body = body.replace(f'nonce="{nonce}"'.encode(), b'nonce="' + _NONCE + b'"')
    body = _CSRF_FIELD.sub(lambda m: m.group(1) + _CSRF + m.group(3), body)
    return {
        "scopes": dict(scopes or {}),
        "instants": sorted(instants),
        "rendered": rendered,
        # The body's length changes with the token put back: the server counts it again.
        "headers": [(k, v) for k, v in response.items() if k.lower() != "content-length"],
        "body": body,
        "nonce": _NONCE in body,
        "csrf": _CSRF in body,
    }


def shared_response(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the view's whole response for anonymous readers, valid while its revisions are.

    The view keeps deciding everything (permissions, 404, the ETag): the first anonymous
    request runs it while recording which revision scopes (``core.revisions``) and which
    clock moments (:func:`moments`) it read; later ones are answered from the entry as
    long as those scopes still have the same numbers and no moment has passed. The site
    scope is always among them (``revisions.revisions`` adds it while recording: the
    layout shows the local government's record).
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _shareable_request(request):
            return view(request, *args, **kwargs)
        key = _response_key(request)
        now = time.time()
        entry = _current_entry(key, now)
        if entry is not None:
            return _from_entry(request, entry)
        with _recording() as (record, reads):
            response = view(request, *args, **kwargs)
        if request.method == "GET" and _shareable_response(response, record, reads):
            entry = _entry_for(
                request, response, scopes=reads, instants=record.instants, rendered=now
            )
            cache.set(key, entry, timeout=_timeout())
            _local.put(key, entry)
        return response

    return wrapper


# ---------------------------------------------------------------------------
# The page around a person's own parts (docs/architecture.md, "Caching")
# ---------------------------------------------------------------------------
def personal_page(
    request: HttpRequest,
    parts: tuple[Hashable, ...],
    render: Callable[[], HttpResponse],
    slots: Callable[[], Mapping[str, str]],
) -> HttpResponse:
    """The whole page for a logged-in reader: kept once per ``parts``, filled per request.

    ``parts`` must name everything the page shows but the person's own parts (revisions,
    language, variant, path): the entry is never invalidated, a new key replaces it. The
    page is rendered by ``render()`` with the ``<!--slot:name-->`` markers of the own parts
    left in; each request puts in ``slots()`` (escaped HTML), its CSP nonce and its CSRF
    token. Only a 200 without cookies is kept; anything else is answered as rendered.
    """
    key = key_for(("personal", *parts))
    entry = _local.get(key) or cache.get(key)
    if entry is None:
        response = render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        entry = _entry_for(request, response)
        cache.set(key, entry, timeout=_timeout())
    _local.put(key, entry)
    filled = _from_entry(request, entry, conditional=False)
    body = filled.content
    for name, value in slots().items():
        if value:
            body = body.replace(f"<!--slot:{name}-->".encode(), value.encode(), 1)
    filled.content = body
    filled["Content-Length"] = str(len(body))
    return filled
