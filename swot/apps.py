from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwotConfig(AppConfig):
    name = "swot"
    verbose_name = _("SWOT and goals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The team and meeting pages show SWOT boards and goals through places that
        # teams offers without knowing swot (core/hooks.py).
        from core import hooks

        hooks.register_template("team_actions", "swot/includes/team_actions.html")
        hooks.register_template("team_main", "swot/includes/team_goals.html")
        hooks.register_template("team_main", "swot/includes/team_sessions.html")
        hooks.register_template("meeting_main", "swot/includes/meeting_boards.html")
