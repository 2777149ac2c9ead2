"""An unchanged SWOT board answers its poll before the rest of the middleware.

Every member at a board polls the board's partial every 3 s (docs/architecture.md,
"Caching"). When the browser's copy is current the answer is a bodiless 304 that
depends only on the board's revision number and the validator the browser sent, bound
to its session cookie and language: nothing that sessions, CSRF, authentication,
messages, htmx, history, allauth or axes would add to. So it is given here, right after
the security headers, the content security policy and the maintenance switch; any other
request, or a poll whose board changed, goes on to the view, which asks the same
question first (swot.views.board_not_modified).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

POLL_PREFIX = "/swot/"  # swot/urls.py: the board's addresses


class BoardPollMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "HTTP_IF_NONE_MATCH" in request.META
            and request.method in ("GET", "HEAD")
            and request.path_info.startswith(POLL_PREFIX)
            and (unchanged := self._unchanged(request)) is not None
        ):
            return unchanged
        return self.get_response(request)

    @staticmethod
    def _unchanged(request: HttpRequest) -> HttpResponse | None:
        from swot import views

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.func is not views.board_items:
            return None
        # What LocaleMiddleware will activate for this request (no i18n_patterns here).
        language = get_language_from_request(request)
        try:
            return views.board_not_modified(request, int(match.kwargs["pk"]), language)
        except Exception:  # the view asks again and answers the failure as it always has
            logger.exception("board poll fast path failed; the view answers instead")
            return None
