"""Files only coordinators may see: scans of comments received by post or e-mail.

They live in the ``private`` storage (settings.STORAGES), which has no URL:
``consultations.views.comment_scan`` serves them after a role check
(docs/operations.md, "Stored files").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.utils.translation import gettext_lazy as _

from core.storage import StorageAlias

SCAN_MAX_BYTES = 10 * 1024 * 1024
# What a PDF, JPEG and PNG file starts with: the name alone proves nothing.
SCAN_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")

_PRIVATE = StorageAlias("private")


def private_storage() -> Storage:
    """The ``private`` storage, looked up at use (a settings change applies)."""
    return _PRIVATE  # type: ignore[return-value]


def validate_scan(value: Any) -> None:
    """At most 10 MB, and a real PDF, JPEG or PNG by its first bytes."""
    if value.size is not None and value.size > SCAN_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(mb)d MB."),
            code="too_large",
            params={"mb": SCAN_MAX_BYTES // (1024 * 1024)},
        )
    position = value.tell() if hasattr(value, "tell") else 0
    value.seek(0)
    head = value.read(8)
    value.seek(position)
    if not any(head.startswith(sig) for sig in SCAN_SIGNATURES):
        raise ValidationError(_("The file is not a PDF, JPEG or PNG document."), code="type")
