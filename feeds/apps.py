from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Atom feeds of the public record (above consultations; no models)."""

    name = "feeds"
    verbose_name = _("Feeds")
    default_auto_field = "django.db.models.BigAutoField"
