"""The daily dumps, served from the storage to anyone (docs/opendata.md, "Daily dumps for dane.gov.pl")."""

from __future__ import annotations

from django.core.files.storage import storages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe

from core.storage import stored_file_response
from opendata.services import DUMP_FILES, dump_name


@require_safe
def dump_file(request: HttpRequest, slug: str, filename: str) -> HttpResponseBase:
    """One file of a programme's dump: public data under CC BY 4.0, streamed."""
    if filename not in DUMP_FILES:
        raise Http404
    try:
        file = storages["default"].open(dump_name(slug, filename), "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = DUMP_FILES[filename]
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = stored_file_response(
        file, filename=filename, content_type=content_type, as_attachment=True
    )
    # Rewritten once a day: caches may keep it for an hour.
    response["Cache-Control"] = "public, max-age=3600"
    return response
