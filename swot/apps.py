from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwotConfig(AppConfig):
    name = "swot"
    verbose_name = _("SWOT and goals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The team and meeting pages show SWOT boards and goals through slots that
        # teams offers without knowing swot (core/panels.py).
        from core.panels import panel_register

        panel_register(slot="team_actions", template="swot/includes/team_actions.html")
        panel_register(slot="team_main", template="swot/includes/team_goals.html")
        panel_register(slot="team_main", template="swot/includes/team_sessions.html")
        panel_register(slot="meeting_main", template="swot/includes/meeting_boards.html")
