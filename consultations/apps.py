from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from consultations import signals  # noqa: F401 - connects the receivers
        from consultations.db import register_sqlite_functions

        # The comment-deletion trigger on SQLite calls this function (migration 0012).
        connection_created.connect(register_sqlite_functions, dispatch_uid="consultations-sqlite")
