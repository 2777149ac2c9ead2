"""Glue between django-allauth, django-axes and the portal."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import force_str

from core.http import client_ip
from programmes.selectors import current_municipality


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (confirmation, password reset) name the local government in the
    subject and carry the portal's own address (``SITE_URL``), not the request's host."""

    def format_email_subject(self, subject: str) -> str:
        return current_municipality().email_subject_prefix + force_str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        extra = {"SITE_URL": settings.SITE_URL, "MUNICIPALITY": current_municipality()}
        super().send_mail(template_prefix, email, {**extra, **context})

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits key on the same address as every other limit (core.http)."""
        return client_ip(request)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The login name axes counts failures for.

    allauth authenticates with ``email=`` or ``username=`` and its form field is
    ``login``; the admin posts ``username``. Without this, axes would count every
    allauth failure under an empty name and lock out a whole IP address.
    """
    credentials = credentials or {}
    for key in ("username", "email"):
        if credentials.get(key):
            return _axes_bounded(credentials[key])
    data = getattr(request, "POST", {}) or {}
    value = data.get("login") or data.get("username")
    return _axes_bounded(value) if value else None


# axes keeps the name in a varchar(255): a 1 MB "login" answered 500 (issue 16).
AXES_USERNAME_MAX = 255


def _axes_bounded(value: Any) -> str:
    return str(value).strip().lower()[:AXES_USERNAME_MAX]
