"""A small PDF of published minutes, through the shared static-only renderer."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from core.pdf import render_pdf, static_only_fetcher


def minutes_pdf(context: dict[str, Any]) -> bytes:
    """The minutes of one meeting as PDF bytes."""
    html = render_to_string("teams/pdf/minutes.html", context)
    return render_pdf(html, fetcher=static_only_fetcher())
