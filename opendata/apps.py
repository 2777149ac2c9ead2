from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The read-only open-data API (/api/v1/) and the daily dumps (docs/opendata.md)."""

    name = "opendata"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"
