"""A small PDF of published minutes (WeasyPrint, static files only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _static_only_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serve /static/ files from disk; refuse the network and everything else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = urlparse(url).path
            if not path.startswith(settings.STATIC_URL):
                raise ValueError(f"Refusing to fetch {url!r} while rendering a PDF.")
            found = finders.find(path[len(settings.STATIC_URL) :])
            if not found:
                raise ValueError(f"No static file {path!r}.")
            with open(found, "rb") as handle:
                return URLFetcherResponse(url, body=handle.read())

    return StaticOnlyFetcher()


def minutes_pdf(context: dict[str, Any]) -> bytes:
    """The minutes of one meeting as PDF bytes."""
    from weasyprint import HTML  # the import costs ~0.5 s: only when a PDF is asked for

    html = render_to_string("teams/pdf/minutes.html", context)
    return HTML(
        string=html, base_url=settings.SITE_URL, url_fetcher=_static_only_fetcher()
    ).write_pdf()
