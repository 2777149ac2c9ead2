from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """The cycle and its calendar: programmes, strategies, priority areas, phases."""

    name = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from programmes import signals  # noqa: F401 - connects the receivers
