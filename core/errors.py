"""The pages shown when the portal itself is in trouble: 500, 503 (docs/operations.md, "Error pages").

They render without the database, the session or any context processor (the template
gets only settings), so they still answer when PostgreSQL is down; the 500 handler turns
a database that does not answer into the 503 page, whichever layer raised it.
"""

from __future__ import annotations

import logging
import math
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

# A database restart or failover usually takes well under a minute.
DATABASE_RETRY_AFTER = 30
MAINTENANCE_RETRY_AFTER = 300
_LAST_RESORT = (
    "<!DOCTYPE html><html lang='pl'><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body><h1>{title}</h1><p>{text}</p><p><a href='/'>Strona główna / Home page</a></p></body></html>"
)


def database_unavailable(exc: BaseException | None) -> bool:
    """A failure to reach or keep talking to the database (not a bug in a query),
    also when another error was raised while handling it."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _static_page(template_name: str, context: dict[str, object], status: int) -> HttpResponse:
    ctx = {"CONTACT_EMAIL": settings.CONTACT_EMAIL, **context}
    try:
        # No request: a plain Context, so no context processor (and no query) runs.
        body = loader.get_template(template_name).render(ctx)
    except Exception:
        logger.exception("The %s page could not be rendered", template_name)
        body = _LAST_RESORT.format(
            title="Błąd / Error" if status == 500 else "Przerwa / Unavailable",
            text="Spróbuj ponownie za kilka minut. / Try again in a few minutes.",
        )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def service_unavailable(
    request: HttpRequest | None = None, *, maintenance: bool = False
) -> HttpResponse:
    """The 503 page with ``Retry-After``: maintenance, or a database that does not answer."""
    retry_after = MAINTENANCE_RETRY_AFTER if maintenance else DATABASE_RETRY_AFTER
    response = _static_page(
        "503.html",
        {"maintenance": maintenance, "retry_minutes": max(1, math.ceil(retry_after / 60))},
        status=503,
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the static 500 page, or 503 when the cause is the database."""
    # Django calls this inside its ``except`` block, so the exception is still current.
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return _static_page("500.html", {}, status=500)
