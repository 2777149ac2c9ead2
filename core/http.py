"""The client's address as the portal sees it, behind ``TRUSTED_PROXY_COUNT`` proxies.

Every per-address limit (django-axes, allauth's rate limits, the anonymous forms, the
open-data API) asks this one function (docs/operations.md, "Throttles and the client's
address"). Behind a proxy every request comes from the proxy's own address, so keying on
``REMOTE_ADDR`` alone would let one stranger's failures lock out everybody; trusting the
leftmost ``X-Forwarded-For`` value would let anyone dodge a limit by writing a new
address into the header. Each proxy *appends* the address it received the request from,
so with N trusted proxies the client is the N-th entry from the right, and anything to
its left is whatever the client chose to send.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a key, never bound to


def _clean(value: str) -> str | None:
    """A valid IP address in its canonical form, or None ("[::1]:8080" and "1.2.3.4:80" too)."""
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address of the client, honouring exactly ``TRUSTED_PROXY_COUNT`` proxies.

    With no trusted proxy (the default) ``X-Forwarded-For`` is ignored. A request that
    came through fewer proxies than configured (too few entries) or whose entry is not an
    address is keyed on ``REMOTE_ADDR``: the one address nobody but the last hop wrote.
    """
    remote = _clean(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count: int = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return _clean(forwarded[-count]) or remote
