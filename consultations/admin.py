from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from consultations import services
from consultations.forms import CommentAnswerForm
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
    actions = ["publish_report"]

    @admin.action(description=_("Publish the coordinating team's summary of the consultation"))
    def publish_report(self, request: HttpRequest, queryset: QuerySet[Programme]) -> None:
        from django.core.exceptions import ValidationError

        for programme in queryset:
            try:
                services.programme_report_publish(programme=programme, now=timezone.now())
            except ValidationError as exc:
                self.message_user(request, f"{programme}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("Published: %(p)s") % {"p": programme}, messages.SUCCESS
                )

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


class AnsweredFilter(admin.SimpleListFilter):
    """The coordinators' inbox: what still needs an answer, what awaits publication."""

    title = _("answer")
    parameter_name = "answered"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("no", _("not answered")),
            ("draft", _("answered, not published")),
            ("published", _("answer published")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() == "no":
            return queryset.filter(answer="")
        if self.value() == "draft":
            return queryset.exclude(answer="").filter(answer_published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(answer_published_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """Coordinators answer comments here; the author's text is read-only."""

    form = CommentAnswerForm
    list_display = (
        "number",
        "version_label",
        "part_label",
        "proposed_excerpt",
        "organisation",
        "status",
        "answer",
        "answer_published_at",
    )
    list_filter = (
        AnsweredFilter,
        "version__programme",
        "version",
        ("paragraph__section__kind", admin.ChoicesFieldListFilter),
        "organisation",
        "capacity",
        "status",
        "answer",
    )
    search_fields = ("proposed_wording", "justification", "current_wording", "organisation__name")
    date_hierarchy = "submitted_at"
    raw_id_fields = ("resulting_paragraph",)
    list_select_related = ("version__programme", "organisation", "paragraph__section")
    actions = ["publish_answers"]
    readonly_fields = (
        "receipt",
        "version",
        "part_label",
        "author",
        "organisation",
        "capacity",
        "current_wording",
        "proposed_wording",
        "justification",
        "submitted_at",
        "status",
        "answered_by",
        "answered_at",
        "answer_published_at",
    )
    fieldsets = (
        (
            _("Comment"),
            {
                "fields": (
                    "receipt",
                    "version",
                    "part_label",
                    "author",
                    "organisation",
                    "capacity",
                    "current_wording",
                    "proposed_wording",
                    "justification",
                    "submitted_at",
                    "status",
                )
            },
        ),
        (
            _("Answer"),
            {
                "fields": (
                    "answer",
                    "answer_justification",
                    "correction_reason",
                    "resulting_paragraph",
                    "answered_by",
                    "answered_at",
                    "answer_published_at",
                )
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Comments come in through the public form, which enforces the phase rules.
        return False

    @admin.display(description=_("part of the document"))
    def part_label(self, obj: Comment) -> str:
        return obj.part_label

    @admin.display(description=_("version"), ordering="version__number")
    def version_label(self, obj: Comment) -> str:
        return f"{obj.version.programme.period_display} / {obj.version.number}"

    @admin.display(description=_("proposed wording"))
    def proposed_excerpt(self, obj: Comment) -> str:
        text = obj.proposed_wording
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description=_("receipt number"))
    def receipt(self, obj: Comment) -> str:
        return obj.receipt_number

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        """Answers go through the service, which records who, when and (if needed) why."""
        data = form.cleaned_data
        if "resulting_paragraph" in form.changed_data:
            Comment.objects.filter(pk=obj.pk).update(resulting_paragraph=obj.resulting_paragraph)
        if data.get("answer"):
            services.comment_answer_record(
                comment=obj,
                answer=data["answer"],
                justification=data["answer_justification"],
                by=request.user,
                now=timezone.now(),
                reason=data.get("correction_reason", ""),
            )

    @admin.action(description=_("Publish the answers of the selected comments"))
    def publish_answers(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        published, skipped = services.comment_answers_publish(
            comments=list(queryset), by=request.user, now=timezone.now()
        )
        self.message_user(
            request,
            _("Published %(published)d answers.") % {"published": published},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("%(skipped)d comments were skipped: they have no position or justification yet.")
                % {"skipped": skipped},
                messages.WARNING,
            )
