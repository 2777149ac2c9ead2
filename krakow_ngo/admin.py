"""The admin site coordinators work in."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from teams.rules import is_coordinator, moderates_any_team


class PortalAutocompleteJsonView(AutocompleteJsonView):
    """Accounts are offered by the person's name, not a login they may never have chosen."""

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, str]:
        result: dict[str, str] = super().serialize_result(obj, to_field_name)  # type: ignore[misc]
        if isinstance(obj, get_user_model()):
            name = obj.get_full_name()
            result["text"] = f"{name} ({obj.get_username()})" if name else obj.get_username()
        return result


class PortalAdminSite(admin.AdminSite):
    site_header = _("NGO cooperation programme — coordination")
    site_title = _("Coordination")
    index_title = _("Programme administration")

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return cast(HttpResponse, PortalAutocompleteJsonView.as_view(admin_site=self)(request))

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
