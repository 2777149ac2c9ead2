"""PDF rendering shared by every app: WeasyPrint reading only our static files.

User text is escaped by the templates; even if markup slipped through, the
fetcher refuses the network and every file outside the static directories.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
            raise ValueError(
                f"Refusing to fetch {url!r}: the PDF renderer reads only the project's static files."
            )
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


# The 2019 digital accessibility act covers the city's PDFs too: every PDF is tagged
# (PDF/UA-1: structure tree and reading order, the <html lang> as the document's
# language, the <title> shown as its title, fonts embedded).
PDF_VARIANT = "pdf/ua-1"


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render HTML made by our templates to a tagged (PDF/UA-1) PDF."""
    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()
    ).write_pdf(pdf_variant=PDF_VARIANT)
