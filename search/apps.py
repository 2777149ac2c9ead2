from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search over the public record (above consultations and reminders)."""

    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.signals import public_record_changed
        from search import services

        public_record_changed.connect(services.on_public_record_changed, weak=False)
