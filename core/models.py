"""Core's one table: the bytes of stored files (docs/operations.md, "Stored files")."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One file kept by ``core.storage.DatabaseStorage``: every machine reads the same bytes.

    Generated PDFs are tens of kilobytes to a few megabytes and written once; keeping them
    in PostgreSQL means a second web machine or worker needs no shared disk, and the
    database backup holds them too.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
