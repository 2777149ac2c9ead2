"""Per-address (or per-account) limits on forms that cost the portal something.

A fixed window in the cache: each ``scope`` has a rate such as ``"5/h"`` in
``settings.PORTAL_RATE_LIMITS``; the key is the client's address from
``core.http.client_ip`` (so a proxy's address never stands for everybody), or the
account when someone is logged in. Over the limit, the view answers 429 with
``Retry-After`` and a page that says when to come back (docs/operations.md,
"Throttles and the client's address").
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import client_ip

logger = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"5/h"``, ``"10/m"``, ``"3/10m"``, ``"20/600s"``."""
        match = _RATE.match(text)
        if not match or int(match[1]) < 1:
            raise ValueError(f"Not a rate: {text!r} (e.g. '5/h', '3/10m').")
        return cls(int(match[1]), int(match[2] or 1) * _UNIT_SECONDS[match[3]])


def rate_for(scope: str) -> Rate:
    return Rate.parse(settings.PORTAL_RATE_LIMITS[scope])


def request_key(request: HttpRequest) -> str:
    """Who a limit counts: the account when logged in, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _window(scope: str, key: str, rate: Rate) -> tuple[str, int]:
    now = time.time()
    index = int(now // rate.seconds)
    retry_after = max(1, math.ceil((index + 1) * rate.seconds - now))
    return f"ratelimit:{scope}:{key}:{index}", retry_after


def exceeded(*, scope: str, key: str) -> int:
    """Seconds until the next attempt is allowed, or 0 if one is allowed now (counts nothing)."""
    rate = rate_for(scope)
    cache_key, retry_after = _window(scope, key, rate)
    try:
        used = cache.get(cache_key, 0)
    except Exception:  # a cache outage must not turn a form into an error page
        logger.warning("Rate limit %s not checked: the cache is unavailable", scope)
        return 0
    return retry_after if used >= rate.count else 0


def consume(*, scope: str, key: str) -> int:
    """Count one attempt; seconds until the next is allowed if this one is over the limit, else 0."""
    rate = rate_for(scope)
    cache_key, retry_after = _window(scope, key, rate)
    try:
        # add() starts the window, incr() counts in it (atomic on Redis).
        cache.add(cache_key, 0, rate.seconds + 1)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # the window expired between add() and incr()
            cache.set(cache_key, 1, rate.seconds + 1)
            used = 1
    except Exception:  # a cache outage must not turn a form into an error page
        logger.warning("Rate limit %s not counted: the cache is unavailable", scope)
        return 0
    return retry_after if used > rate.count else 0


def too_many_requests(request: HttpRequest, retry_after: int = 60) -> HttpResponse:
    """The 429 page in the portal's layout, with ``Retry-After``."""
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, "429.html", {"retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limit_posts(scope: str, *, anonymous_only: bool = False) -> Callable[..., Any]:
    """Count every POST to the view against ``scope``; over the limit, answer 429."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and not (anonymous_only and request.user.is_authenticated):
                retry_after = consume(scope=scope, key=request_key(request))
                if retry_after:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
