"""Maintenance and database outages answered with the static 503 page (docs/operations.md, "Error pages")."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.errors import database_unavailable, service_unavailable

logger = logging.getLogger(__name__)


class ServiceUnavailableMiddleware:
    """503 with ``Retry-After`` instead of a 500 when PostgreSQL does not answer.

    ``process_exception`` catches what a view raises (also with ``DEBUG`` on, where
    Django would show its debug page); ``core.errors.server_error`` catches the same
    errors raised by other middleware. While ``MAINTENANCE_FILE`` exists every page but
    ``/health/`` and static files answers the maintenance page without touching the
    database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        flag = settings.MAINTENANCE_FILE
        if flag and os.path.exists(flag) and not self._exempt(request.path):
            return service_unavailable(request, maintenance=True)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        logger.error(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        return service_unavailable(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return path.startswith(("/health/", settings.STATIC_URL))
