from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Comment,
    DraftVersion,
    Paragraph,
    Phase,
    PriorityArea,
    Programme,
    Section,
    StrategyDocument,
    StrategyGoal,
)


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
    extra = 0
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
    list_display = ("name", "programme_label", "kind", "starts_at", "ends_at", "accepts_comments")
    list_select_related = ("programme",)

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: Phase) -> str:
        return obj.programme.short_label

    list_filter = ("programme", "kind", "accepts_comments")
    search_fields = ("name", "description")
    date_hierarchy = "starts_at"


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    show_change_link = True


@admin.register(DraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    list_display = ("title", "programme_label", "number", "status", "created_at", "published_at")
    list_select_related = ("programme",)

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: DraftVersion) -> str:
        return obj.programme.short_label

    list_filter = ("programme", "status")
    search_fields = ("title", "change_note")
    date_hierarchy = "created_at"
    autocomplete_fields = ("created_by", "published_by")
    inlines = [SectionInline]


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("title", "version", "position", "kind")
    list_filter = ("version__programme", "version", "kind")
    search_fields = ("title", "paragraphs__text")
    inlines = [ParagraphInline]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = (
        "number",
        "version",
        "part_label",
        "organisation",
        "status",
        "answer",
        "answer_published_at",
    )
    list_filter = ("version__programme", "version", "status", "answer", "organisation")
    search_fields = ("proposed_wording", "justification", "current_wording", "organisation__name")
    date_hierarchy = "submitted_at"
    autocomplete_fields = ("author", "organisation", "answered_by")
    raw_id_fields = ("paragraph",)
    list_select_related = ("version", "organisation", "paragraph__section")

    @admin.display(description=_("part of the document"))
    def part_label(self, obj: Comment) -> str:
        return obj.part_label
