"""Files only coordinators may see: scans of comments received by post or e-mail.

They live outside MEDIA_ROOT, which the development server and a plain proxy serve
to anyone; ``consultations.views.comment_scan`` serves them after a role check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

SCAN_MAX_BYTES = 10 * 1024 * 1024
# What a PDF, JPEG and PNG file starts with: the name alone proves nothing.
SCAN_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (default: ``private-media`` beside MEDIA_ROOT), no URL."""

    @property
    def base_location(self) -> Any:
        # Read at each use, so a test's settings override applies (Django caches its own).
        return getattr(settings, "PRIVATE_MEDIA_ROOT", None) or (
            Path(settings.MEDIA_ROOT).parent / "private-media"
        )

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL: use the coordinators' view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


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
