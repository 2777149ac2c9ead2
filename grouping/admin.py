"""The admin's view of grouping runs, with "compute again" for their versions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grouping import services
from grouping.models import GroupingRun


@admin.register(GroupingRun)
class GroupingRunAdmin(admin.ModelAdmin):
    list_display = ("version", "trigger", "started_at", "n_comments", "seconds")
    list_filter = ("trigger",)
    readonly_fields = tuple(f.name for f in GroupingRun._meta.fields)
    actions = ["compute_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Compute now for the versions of the selected runs"))
    def compute_now(self, request: HttpRequest, queryset: QuerySet[GroupingRun]) -> None:
        if not request.user.has_perm("grouping.compute_groups"):
            self.message_user(request, _("Only coordinators compute groups."), messages.ERROR)
            return
        versions = {run.version for run in queryset.select_related("version")}
        for version in versions:
            services.grouping_request(version=version, by=request.user)
        self.message_user(request, _("Grouping sent to the worker."), messages.SUCCESS)
