"""Glue between django-allauth and django-axes."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
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


class PortalAccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails carry the portal's name and address, not the request's host."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {"SITE_URL": settings.SITE_URL, **context})
