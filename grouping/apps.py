from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupingConfig(AppConfig):
    name = "grouping"
    verbose_name = _("Groups of comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The report's campaigns view asks us through a hook: consultations knows no
        # app above it (consultations/report_grouping.py).
        from consultations.report_grouping import campaign_finder_register
        from grouping.selectors import report_campaign_names

        campaign_finder_register(report_campaign_names)
