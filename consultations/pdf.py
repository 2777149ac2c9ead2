"""PDFs of the programme document and of the consultation report (WeasyPrint).

The renderer only ever reads the project's own static files from disk: user text
is escaped by the templates, and even if markup slipped through, the fetcher
refuses the network and every file outside the static directories.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from consultations import selectors
from consultations.models import DraftVersion, Programme

logger = logging.getLogger(__name__)

# Relative URLs in the templates ({% static %} gives /static/...) resolve against this.
BASE_URL = "file:///"


class StaticOnlyFetcher(URLFetcher):
    """Serves ``file:///static/...`` from the static directories; refuses everything else.

    Keeps a record of what it was asked for, so tests can prove no URL from user
    text ever reached it or that it was refused.
    """

    def __init__(self) -> None:
        super().__init__(timeout=5, allowed_protocols={"file"}, allow_redirects=False)
        self.requested: list[str] = []
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        path = static_path_for(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF renderer refused to fetch %s", url[:200])
            raise ValueError(f"The PDF renderer fetches only the project's static files: {url!r}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def static_path_for(url: str) -> Path | None:
    """The file on disk behind a ``file:///static/...`` URL, or None if it is not one."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = path[len(settings.STATIC_URL) :]
    if not relative or any(part in ("", ".", "..") for part in relative.split("/")):
        return None
    # finders join with safe_join, so what they return lies inside a static directory.
    found = finders.find(relative)
    if isinstance(found, str) and Path(found).is_file():
        return Path(found).resolve()
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        collected = (root / relative).resolve()
        if collected.is_relative_to(root) and collected.is_file():
            return collected
    return None


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render HTML made by our templates to PDF bytes."""
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()
    ).write_pdf()


def _person(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def draft_context(version: DraftVersion, *, now: Any = None) -> dict[str, Any]:
    """What the draft template needs: the version, its sections and BIP-style metadata."""
    return {
        "programme": version.programme,
        "version": version,
        "sections": list(selectors.version_sections(version)),
        "prepared_by": _person(version.created_by),
        "published_by": _person(version.published_by),
        "printed_at": now or timezone.now(),
    }


def render_draft_html(version: DraftVersion) -> str:
    # The document is Polish whatever language the requester reads the portal in.
    with translation.override("pl"):
        return render_to_string("consultations/pdf/draft.html", draft_context(version))


def render_draft_pdf(version: DraftVersion, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The draft programme document as PDF."""
    return render_pdf(render_draft_html(version), fetcher=fetcher)


def report_context(programme: Programme) -> dict[str, Any]:
    comments = list(selectors.report_comments(programme))
    return {
        "programme": programme,
        "comments": comments,
        "counts": selectors.report_counts(programme),
        "several_versions": len({c.version_id for c in comments}) > 1,
        "printed_at": timezone.now(),
    }


def render_report_html(programme: Programme) -> str:
    with translation.override("pl"):
        return render_to_string("consultations/pdf/report.html", report_context(programme))


def render_report_pdf(programme: Programme, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The consultation report as PDF: every comment and its answer, one table."""
    return render_pdf(render_report_html(programme), fetcher=fetcher)
