"""PDF rendering shared by every app: WeasyPrint reading only our static files.

User text is escaped by the templates; even if markup slipped through, the
fetcher refuses the network and every file outside the static directories.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

if TYPE_CHECKING:
    from core.pdf_fetcher import StaticOnlyFetcher

# WeasyPrint (with fontTools and its C bindings) takes most of a second to import: it is
# imported by the processes that render, not by every web worker and manage.py command
# that loads the URLconf. The fetcher class, which subclasses WeasyPrint's, therefore
# lives in core.pdf_fetcher.

# Relative URLs in the templates ({% static %} gives /static/...) resolve against this.
BASE_URL = "file:///"


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


def static_only_fetcher() -> StaticOnlyFetcher:
    """A fetcher that serves our static files and refuses everything else."""
    from core.pdf_fetcher import StaticOnlyFetcher

    return StaticOnlyFetcher()


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render HTML made by our templates to a tagged (PDF/UA-1) PDF."""
    from weasyprint import HTML

    return HTML(
        string=html, base_url=BASE_URL, url_fetcher=fetcher or static_only_fetcher()
    ).write_pdf(pdf_variant=PDF_VARIANT)
