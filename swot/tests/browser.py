"""Helpers for the browser tests: a logged-in Chromium context per person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client


def logged_in_page(
    browser: Any, live_server: Any, user: Any | None, *, width: int = 1280, language: str = "en"
) -> Any:
    """A new browser context (own cookies) logged in as ``user`` through a real session."""
    phone = width < 600
    context = browser.new_context(
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        viewport={"width": width, "height": 800 if not phone else 740},
        is_mobile=phone,
        has_touch=phone,
    )
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        )
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page
