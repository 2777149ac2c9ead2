from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupingConfig(AppConfig):
    name = "grouping"
    verbose_name = _("Groups of comments")
    default_auto_field = "django.db.models.BigAutoField"
