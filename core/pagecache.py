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

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.safestring import SafeString, mark_safe

KEY_PREFIX = "page:"


def _timeout() -> int:
    # Days: fragments of superseded revisions are never read again; let them go.
    return int(getattr(settings, "PAGE_CACHE_TIMEOUT", 7 * 24 * 3600))


def key_for(parts: tuple[Hashable, ...]) -> str:
    return KEY_PREFIX + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def etag_for(parts: tuple[Hashable, ...]) -> str:
    """A strong validator (quoted) for a response made of ``parts``."""
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


@dataclass(frozen=True)
class Fragment:
    html: SafeString
    rendered_at: dt.datetime
    hit: bool

    def fill(self, slots: Mapping[str, str]) -> SafeString:
        """The fragment with ``<!--slot:name-->`` markers replaced (escaped HTML only)."""
        html = str(self.html)
        for name, value in slots.items():
            if value:
                html = html.replace(f"<!--slot:{name}-->", value, 1)
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


def uncached(render: Callable[[], str]) -> Fragment:
    """The same shape for pages that must never be cached (unpublished drafts)."""
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
