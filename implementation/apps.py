from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    """After adoption: yearly implementation records, the annual report, the NGO survey."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "implementation"
    verbose_name = _("Implementation of the programme")

    def ready(self) -> None:
        from core import hooks as core_hooks
        from implementation import (
            hooks,
            rules,  # noqa: F401  (registers the permissions)
        )

        core_hooks.register("programme_page", hooks.programme_page)
        core_hooks.register("swot_board", hooks.swot_board)
