"""The only table of ``core``: revision numbers of cached pages (docs/architecture.md, "Caching")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """How many times the content behind one scope (a programme, a board) has changed.

    The cache holds a copy for speed; this row is the truth, so a flushed or restarted
    cache never brings back a number that pages were already cached under.
    """

    scope = models.CharField(_("scope"), max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.scope}@{self.number}"
