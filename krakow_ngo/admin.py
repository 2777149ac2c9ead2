"""The admin site coordinators work in."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from teams.rules import is_coordinator, moderates_any_team


class PortalAdminSite(admin.AdminSite):
    site_header = _("NGO cooperation programme — coordination")
    site_title = _("Coordination")
    index_title = _("Programme administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # Coordinators, and team moderators (their ModelAdmins are scoped to their
        # team). is_staff stays required: the admin login form checks it, and
        # teams.services.membership_save sets it when a moderator role is saved.
        user = request.user
        return bool(
            user.is_active and user.is_staff and (is_coordinator(user) or moderates_any_team(user))
        )


class PortalAdminConfig(AdminConfig):
    default_site = "krakow_ngo.admin.PortalAdminSite"
