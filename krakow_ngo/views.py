"""Site-wide pages: health check, accessibility statement, privacy notice."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def _check_database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "engine": connection.vendor}


def _check_cache() -> dict[str, object]:
    backend = str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1]
    probe = getattr(cache, "probe", None)
    if probe is not None:
        # Redis with the database behind it (core.cache): pages work either way, so
        # ask Redis itself, or /health/ would report the fallback as "ok".
        try:
            probe()
        except Exception as exc:
            return {
                "ok": False,
                "backend": backend,
                "fallback": "database",
                "error": exc.__class__.__name__,
            }
        return {"ok": True, "backend": backend}
    try:
        cache.set("health:probe", "1", 10)
        ok = cache.get("health:probe") == "1"
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": ok, "backend": backend}


def _check_outbox() -> dict[str, object]:
    """Side effects waiting longer than they should (docs/operations.md, "Outbox")."""
    from core.outbox import stats

    try:
        counts = stats()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    # Overdue entries are normal for a minute after an outage; given-up ones are not.
    return {"ok": counts["failed"] == 0, **counts}


def _check_worker() -> dict[str, object]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker in the zero-setup mode: tasks run in the web process.
        return {"ok": True, "mode": "eager"}
    from krakow_ngo.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            replies = app.control.ping(timeout=1.0, connection=conn)
    except Exception as exc:
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}
    return {"ok": bool(replies), "mode": "broker", "workers": len(replies)}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Database, cache, worker and outbox state for monitoring; 503 when any is down.

    ``status`` is "fail" when the database is down (nothing works), "degraded" when
    only Redis, the worker or the outbox is (pages work, side effects wait).
    """
    checks = {"database": _check_database(), "cache": _check_cache(), "worker": _check_worker()}
    if checks["database"]["ok"]:
        checks["outbox"] = _check_outbox()
    ok = all(bool(c["ok"]) for c in checks.values())
    status = "ok" if ok else ("degraded" if checks["database"]["ok"] else "fail")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ok else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {
            "published": settings.ACCESSIBILITY_PUBLISHED,
            "updated": settings.ACCESSIBILITY_UPDATED,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
