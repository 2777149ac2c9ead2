from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from programmes.selectors import current_municipality


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page's layout needs (footer contacts, demo banner, the local government)."""
    return {
        "SITE_URL": settings.SITE_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "IS_PRODUCTION": settings.PRODUCTION,
        "POLL_SECONDS": settings.POLL_SECONDS,
        # Lazy: a page that never shows it (a JSON view) costs no query.
        "MUNICIPALITY": SimpleLazyObject(current_municipality),
    }
