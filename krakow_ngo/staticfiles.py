"""Django's staticfiles app as this project collects it (in INSTALLED_APPS by its path,
as ``krakow_ngo.admin.PortalAdminConfig`` is for the admin)."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig


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
