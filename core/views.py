"""The one view of core: a stored file by name, for the admin's links."""

from __future__ import annotations

import posixpath

from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe

from core.storage import stored_file_response


@require_safe
def stored_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A file of the default storage, to staff only.

    Readers get files through the views of what they belong to (a published version,
    published minutes), which check publication; a name alone opens nothing for them.
    """
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = getattr(file, "content_type", None) or "application/octet-stream"
    response = stored_file_response(
        file, filename=posixpath.basename(name), content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
