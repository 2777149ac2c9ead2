"""The cycle in the admin: the local government, programmes, phases, strategies, areas.

Apps above add what they own: consultations registers its own ``ProgrammeAdmin``
subclass with the actions that compose drafts and publish the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceWritesAdminMixin
from programmes import services
from programmes.models import (
    Municipality,
    Phase,
    PriorityArea,
    Programme,
    StrategyDocument,
    StrategyGoal,
)
from programmes.services import (
    PHASE_STARTED_MESSAGE,
    default_programme_slug,
    phase_moved_after_start,
)


class ProgrammesAdminMixin(ServiceWritesAdminMixin):
    """Writes go to programmes.services (docs/architecture.md, "Writes from the admin")."""

    def service_save(
        self, request: HttpRequest, record: Any, save_m2m: Callable[[], None] | None
    ) -> None:
        services.programmes_record_save(record=record, by=request.user, save_m2m=save_m2m)

    def service_delete(self, request: HttpRequest, record: Any) -> None:
        services.programmes_record_delete(record=record, by=request.user)


@admin.register(Municipality)
class MunicipalityAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
    """One record names the local government everywhere: pages, e-mails, PDFs, calendars."""

    list_display = ("name", "kind", "council_name", "bip_url")
    search_fields = ("name", "short_name", "council_name")
    fieldsets = (
        (None, {"fields": ("name", "name_genitive", "short_name", "kind", "council_name")}),
        (_("Public information"), {"fields": ("bip_url", "seat")}),
        (
            _("Accessibility statement"),
            {
                "fields": (
                    "accessibility_contact_name",
                    "accessibility_contact_email",
                    "accessibility_contact_phone",
                )
            },
        ),
        (
            _("Personal data (RODO)"),
            {"fields": ("controller_name", "controller_address", "dpo_name", "dpo_email")},
        ),
        (_("Appearance"), {"fields": ("logo_static_path", "colour_primary", "colour_secondary")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Programmes are public record and point here (PROTECT): never offer deletion
        # of a record that programmes use.
        if isinstance(obj, Municipality) and obj.programmes.exists():
            return False
        return super().has_delete_permission(request, obj)


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
        moved = phase_moved_after_start(
            self.instance,
            starts_at=data.get("starts_at", self.instance.starts_at),
            ends_at=data.get("ends_at", self.instance.ends_at),
            now=timezone.now(),
        )
        for name in moved:
            if name in self.fields:
                self.add_error(name, _(PHASE_STARTED_MESSAGE))
        return data


class StrategyGoalInline(admin.TabularInline):
    model = StrategyGoal
    extra = 0


class PriorityAreaInline(admin.TabularInline):
    model = PriorityArea
    extra = 0


@admin.register(StrategyDocument)
class StrategyDocumentAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
    list_display = ("title", "short_name", "first_year", "last_year")
    search_fields = ("title", "short_name")
    inlines = [StrategyGoalInline, PriorityAreaInline]


@admin.register(StrategyGoal)
class StrategyGoalAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
    list_display = ("code", "title", "document")
    list_filter = ("document",)
    search_fields = ("code", "title")


@admin.register(PriorityArea)
class PriorityAreaAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "document")
    list_filter = ("document",)
    search_fields = ("name",)


class PhaseInline(admin.TabularInline):
    model = Phase
    form = PhaseForm
    extra = 0
    can_delete = False  # a phase announced is part of the record
    fields = ("kind", "name", "starts_at", "ends_at", "accepts_comments")


class ProgrammeAdminForm(forms.ModelForm):
    """The slug may be left empty: it is made from the kind and the years."""

    class Meta:
        model = Programme
        fields = [
            "title",
            "slug",
            "municipality",
            "kind",
            "first_year",
            "last_year",
            "legal_basis",
            "strategy_goals",
            "priority_areas",
            "consultation_min_days",
            "is_current",
            "report_summary",
            "report_published_at",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _("Leave empty for a short address such as wpw-2031-2033.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("slug") and data.get("first_year") and data.get("last_year"):
            data["slug"] = default_programme_slug(
                kind=data.get("kind") or Programme.Kind.MULTI_YEAR,
                first_year=data["first_year"],
                last_year=data["last_year"],
            )
            if Programme.objects.filter(slug=data["slug"]).exclude(pk=self.instance.pk).exists():
                self.add_error("slug", _("This address is taken: type another one."))
        return data


@admin.register(Programme)
class ProgrammeAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
    form = ProgrammeAdminForm
    list_display = (
        "title",
        "municipality",
        "first_year",
        "last_year",
        "adoption_deadline",
        "is_current",
    )
    list_filter = ("municipality", "kind", "is_current")
    list_select_related = ("municipality",)
    search_fields = ("title", "municipality__name", "legal_basis")
    filter_horizontal = ("strategy_goals", "priority_areas")
    inlines = [PhaseInline]

    @admin.display(description=_("adoption deadline"))
    def adoption_deadline(self, obj: Programme) -> object:
        return obj.adoption_deadline


@admin.register(Phase)
class PhaseAdmin(ProgrammesAdminMixin, admin.ModelAdmin):
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
