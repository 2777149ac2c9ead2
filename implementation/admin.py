from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from implementation.models import AnnualReport, ImplementationRecord, Survey, SurveyAnswer


@admin.register(ImplementationRecord)
class ImplementationRecordAdmin(SimpleHistoryAdmin):
    list_display = ["action", "year", "status", "funds_planned", "funds_spent", "entered_by"]
    list_filter = ["programme", "year", "status"]
    search_fields = ["action__title"]
    autocomplete_fields = ["action"]
    readonly_fields = ["entered_by", "updated_at"]
    list_select_related = ["action", "entered_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Who entered it, as in the browser form (the history keeps earlier values).
        obj.entered_by = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the public record is never deleted


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "year", "status", "published_at", "published_by"]
    list_filter = ["programme", "status"]
    readonly_fields = [
        "status",
        "content",
        "prepared_by",
        "prepared_at",
        "published_by",
        "published_at",
    ]
    fields = [
        "programme",
        "year",
        "summary",
        "non_financial",
        "teams_activity",
        "conclusions",
        *readonly_fields,
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False  # published: immutable (the database refuses too)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.prepared_by = request.user
        obj.prepared_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "opens_at", "closes_at"]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(SimpleHistoryAdmin):
    list_display = ["survey", "organisation", "answered_by", "updated_at"]
    list_filter = ["survey"]
    readonly_fields = ["survey", "organisation", "answered_by", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # organisations answer themselves, in the browser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
