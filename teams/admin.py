from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from teams.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Organisation,
    Representative,
    SectorTeam,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "krs", "nip", "regon", "email")
    search_fields = ("name", "krs", "nip", "regon", "email")
    list_filter = ("memberships__team__programme", "memberships__team")
    date_hierarchy = "created_at"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user", "organisation")


@admin.register(SectorTeam)
class SectorTeamAdmin(admin.ModelAdmin):
    list_display = ("name", "programme_label", "kind", "member_count")
    list_select_related = ("programme",)

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: SectorTeam) -> str:
        return obj.programme.short_label

    list_filter = ("programme", "kind")
    search_fields = ("name", "scope")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("priority_areas",)
    inlines = [MembershipInline]

    @admin.display(description=_("members"))
    def member_count(self, obj: SectorTeam) -> int:
        return obj.memberships.count()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "organisation", "role", "public_name_consent")
    list_filter = ("team__programme", "team", "role")
    search_fields = ("user__username", "user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "team", "organisation")


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "team", "starts_at", "place")
    list_filter = ("team__programme", "team")
    search_fields = ("title", "place", "minutes")
    date_hierarchy = "starts_at"
    list_select_related = ("team",)
    inlines = [AgendaItemInline, AttendanceInline]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "stated_at", "registered_organisation")
    list_filter = ("registered_organisation",)
    search_fields = ("user__username", "user__email", "organisation__name", "organisation__krs")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")
    date_hierarchy = "stated_at"
