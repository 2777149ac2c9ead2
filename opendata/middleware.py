"""HTTP rules of /api/: per-IP rate limit (429), CORS for reads, ETag/Last-Modified."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from core.http import client_ip
from opendata.selectors import last_public_change

API_PREFIX = "/api/"
WINDOW_SECONDS = 60


class OpenDataApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return self._cors(HttpResponse(status=204))
        limited = self._rate_limited(request)
        if limited is not None:
            return self._cors(limited)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        return self._cors(response)

    def _rate_limited(self, request: HttpRequest) -> HttpResponse | None:
        limit: int = settings.API_RATE_LIMIT_PER_MINUTE
        # X-Forwarded-For counts only behind TRUSTED_PROXY_COUNT proxies (core.http).
        key = f"api-rate:{client_ip(request)}"
        # add() starts the window; incr() counts within it (atomic on Redis).
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add() and incr()
            cache.set(key, 1, WINDOW_SECONDS)
            count = 1
        if count <= limit:
            return None
        response = JsonResponse(
            {
                "detail": f"Too many requests: at most {limit} per minute from one address. "
                f"Try again in {WINDOW_SECONDS} seconds, or use the daily dumps.",
            },
            status=429,
        )
        response["Retry-After"] = str(WINDOW_SECONDS)
        return response

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.streaming:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        changed = last_public_change()
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        response["Cache-Control"] = "public, max-age=60"
        # Only the ETag decides a 304: phase and team edits carry no timestamp, so
        # Last-Modified is informative, not a validator (docs/opendata.md).
        conditional = get_conditional_response(request, etag=etag, response=response)
        return conditional or response

    @staticmethod
    def _cors(response: HttpResponse) -> HttpResponse:
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        return response
