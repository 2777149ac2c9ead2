"""Glue between django-allauth and django-axes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The login name axes counts failures for.

    allauth authenticates with ``email=`` or ``username=`` and its form field is
    ``login``; the admin posts ``username``. Without this, axes would count every
    allauth failure under an empty name and lock out a whole IP address.
    """
    credentials = credentials or {}
    for key in ("username", "email"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    data = getattr(request, "POST", {}) or {}
    value = data.get("login") or data.get("username")
    return str(value).strip().lower() if value else None
