"""The record of erasures: who asked, who did it, why (RODO art. 5 ust. 2 accountability)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import BoundedTextField


class Erasure(models.Model):
    """One erased account. ``user`` is the anonymised row that stays (comments point to it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("erased account"),
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    at_own_request = models.BooleanField(_("at the person's own request"))
    reason = BoundedTextField(_("reason"), max_length=2000, blank=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.erased_at:%Y-%m-%d})"
