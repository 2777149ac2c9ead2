from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ServiceWritesAdminMixin
from implementation import services
from implementation.models import AnnualReport, ImplementationRecord, Survey, SurveyAnswer


class ImplementationAdminMixin(ServiceWritesAdminMixin):
    """Writes go to implementation.services (docs/architecture.md, "Writes from the admin")."""

    def service_save(
        self, request: HttpRequest, record: Any, save_m2m: Callable[[], None] | None
    ) -> None:
        services.implementation_record_save(
            record=record, by=request.user, now=timezone.now(), save_m2m=save_m2m
        )

    def service_delete(self, request: HttpRequest, record: Any) -> None:
        services.implementation_record_delete(record=record, by=request.user)


@admin.register(ImplementationRecord)
class ImplementationRecordAdmin(ImplementationAdminMixin, SimpleHistoryAdmin):
    list_display = ["action", "year", "status", "funds_planned", "funds_spent", "entered_by"]
    list_filter = ["programme", "year", "status"]
    search_fields = ["action__title"]
    autocomplete_fields = ["action"]
    readonly_fields = ["entered_by", "updated_at"]
    list_select_related = ["action", "entered_by"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the public record is never deleted


@admin.register(AnnualReport)
class AnnualReportAdmin(ImplementationAdminMixin, SimpleHistoryAdmin):
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


@admin.register(Survey)
class SurveyAdmin(ImplementationAdminMixin, admin.ModelAdmin):
    list_display = ["programme", "year", "opens_at", "closes_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.answers.exists():
            return False  # the organisations' answers are part of the report
        return super().has_delete_permission(request, obj)


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(ImplementationAdminMixin, SimpleHistoryAdmin):
    list_display = ["survey", "organisation", "answered_by", "updated_at"]
    list_filter = ["survey"]
    readonly_fields = ["survey", "organisation", "answered_by", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # organisations answer themselves, in the browser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the answer is the organisation's own words

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
