"""The cycle in the admin: programmes, their phases, strategies and priority areas.

Apps above add what they own: consultations registers its own ``ProgrammeAdmin``
subclass with the actions that compose drafts and publish the report.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import (
    Phase,
    PriorityArea,
    Programme,
    StrategyDocument,
    StrategyGoal,
)


class PhaseForm(forms.ModelForm):
    """Before a phase starts its dates are edited freely; after, only with a reason."""

    class Meta:
        model = Phase
        fields = (
            "programme",
            "kind",
            "name",
            "description",
            "starts_at",
            "ends_at",
            "accepts_comments",
            "channels",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        instance = self.instance
        moved = {"starts_at", "ends_at"} & set(self.changed_data)
        if instance.pk and moved and instance.starts_at <= timezone.now():
            for name in moved:
                self.add_error(
                    name,
                    _(
                        "This phase has started: change its dates under “Timeline changes”, "
                        "with a reason that is published."
                    ),
                )
        return data


class StrategyGoalInline(admin.TabularInline):
    model = StrategyGoal
    extra = 0


class PriorityAreaInline(admin.TabularInline):
    model = PriorityArea
    extra = 0


@admin.register(StrategyDocument)
class StrategyDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "short_name", "first_year", "last_year")
    search_fields = ("title", "short_name")
    inlines = [StrategyGoalInline, PriorityAreaInline]


@admin.register(StrategyGoal)
class StrategyGoalAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "document")
    list_filter = ("document",)
    search_fields = ("code", "title")


@admin.register(PriorityArea)
class PriorityAreaAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "document")
    list_filter = ("document",)
    search_fields = ("name",)


class PhaseInline(admin.TabularInline):
    model = Phase
    form = PhaseForm
    extra = 0
    can_delete = False  # a phase announced is part of the record
    fields = ("kind", "name", "starts_at", "ends_at", "accepts_comments")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "municipality",
        "first_year",
        "last_year",
        "adoption_deadline",
        "is_current",
    )
    list_filter = ("kind", "is_current")
    search_fields = ("title", "municipality", "legal_basis")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("strategy_goals", "priority_areas")
    inlines = [PhaseInline]

    @admin.display(description=_("adoption deadline"))
    def adoption_deadline(self, obj: Programme) -> object:
        return obj.adoption_deadline


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    form = PhaseForm

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A phase that has started is part of the record; only future ones may go.
        if obj is not None and obj.starts_at <= timezone.now():
            return False
        return super().has_delete_permission(request, obj)

    list_display = ("name", "programme_label", "kind", "starts_at", "ends_at", "accepts_comments")
    list_select_related = ("programme",)

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: Phase) -> str:
        return obj.programme.short_label

    list_filter = ("programme", "kind", "accepts_comments")
    search_fields = ("name", "description")
    date_hierarchy = "starts_at"
