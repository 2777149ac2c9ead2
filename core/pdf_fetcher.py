"""The URL fetcher WeasyPrint renders our PDFs with: static files only (core.pdf).

Apart from ``core.pdf`` because it subclasses WeasyPrint's fetcher, and importing
WeasyPrint is slow: only the processes that render import this module.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Mapping

from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.pdf import static_path_for

logger = logging.getLogger("core.pdf")


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
