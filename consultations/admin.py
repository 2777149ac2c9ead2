from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from consultations.models import (
    Comment,
    DraftVersion,
    Paragraph,
    Phase,
    PriorityArea,
    Programme,
    ReminderDelivery,
    ReminderOffset,
    ReminderPreferences,
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
    list_display = ("name", "programme", "kind", "starts_at", "ends_at", "accepts_comments")
    list_filter = ("programme", "kind", "accepts_comments")
    search_fields = ("name", "description")
    date_hierarchy = "starts_at"


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    show_change_link = True


@admin.register(DraftVersion)
class DraftVersionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "programme", "number", "status", "created_at", "published_at")
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


# ------------------------------------------------------------------------------
# Deadline reminders (issue 5)
# ------------------------------------------------------------------------------
@admin.register(ReminderOffset)
class ReminderOffsetAdmin(admin.ModelAdmin):
    list_display = ("days", "is_active")
    list_editable = ("is_active",)


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "language",
        "comment_phase",
        "team_work",
        "unanswered_comments",
        "unpublished_answers",
        "empty_sections",
        "adoption_deadline",
        "updated_at",
    )
    list_filter = ("language", "comment_phase", "team_work", "adoption_deadline")
    search_fields = ("user__username", "user__email", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """The log of reminders sent, failed and skipped; read-only except re-queueing."""

    list_display = (
        "created_at",
        "user",
        "kind",
        "deadline_label",
        "due_on",
        "offset_days",
        "status",
        "attempts",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "kind", "offset_days", "programme", "due_on", "skip_reason")
    search_fields = ("user__username", "user__email", "email", "deadline_label", "last_error")
    date_hierarchy = "created_at"
    list_select_related = ("user", "programme")
    actions = ["requeue"]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [f.name for f in ReminderDelivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("error"))
    def short_error(self, obj: ReminderDelivery) -> str:
        return obj.last_error[:80]

    @admin.action(description=_("Send the selected failed reminders again"))
    def requeue(self, request: HttpRequest, queryset: QuerySet[ReminderDelivery]) -> None:
        from consultations.reminders import reminders_requeue

        n = reminders_requeue(
            delivery_ids=list(queryset.values_list("pk", flat=True)), now=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(n)d reminder queued again.", "%(n)d reminders queued again.", n) % {"n": n},
            messages.SUCCESS,
        )
