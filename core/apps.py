from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Knows no app: PDFs, e-mail, spreadsheets, Warsaw days, admin and test helpers."""

    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Rows dated before the date constraints must not break pages (core.dbsafe).
        from core.dbsafe import install_psycopg2_casters

        install_psycopg2_casters()
