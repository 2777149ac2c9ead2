from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonalDataConfig(AppConfig):
    """RODO arts. 15, 17, 20: a person's data exported and erased (top of the layers)."""

    name = "personal_data"
    verbose_name = _("Personal data")
    default_auto_field = "django.db.models.BigAutoField"
