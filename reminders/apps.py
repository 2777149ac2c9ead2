from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Deadlines, the reminder log, people's choices, unsubscribe and the deadlines feed."""

    name = "reminders"
    verbose_name = _("Reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The programme page links the deadlines feed and the reminder settings through a
        # place consultations offers without knowing reminders (core/hooks.py).
        from core import hooks

        hooks.register_template(
            "programme_deadlines", "reminders/includes/programme_deadline_links.html"
        )
