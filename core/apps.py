from __future__ import annotations

from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Knows no app: PDFs, e-mail, spreadsheets, Warsaw days, admin and test helpers."""

    name = "core"
    default = True  # "core" in INSTALLED_APPS: this one, not the staticfiles config below
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Rows dated before the date constraints must not break pages (core.dbsafe).
        from core.dbsafe import install_psycopg2_casters

        install_psycopg2_casters()


class CollectedStaticConfig(StaticFilesConfig):
    """Django's staticfiles, minus assets of installed packages that no page loads.

    django-ninja ships Swagger UI and ReDoc with their source maps (24 MB) and
    django-htmx its htmx builds (3 MB); our API page and templates load the copies
    vendored in ``static/vendor/`` (docs/opendata.md, "Endpoints"). Collecting and
    compressing them was most of ``collectstatic``'s work (36 s of CPU on a fresh
    checkout, 11 s without them), which every deployment and the test suite's
    production-like stack pay.
    """

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "ninja", "django_htmx"]
