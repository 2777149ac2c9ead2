from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reminders.models import ReminderDelivery, ReminderOffset, ReminderPreferences


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
        from reminders.services import reminders_requeue

        n = reminders_requeue(
            delivery_ids=list(queryset.values_list("pk", flat=True)), now=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(n)d reminder queued again.", "%(n)d reminders queued again.", n) % {"n": n},
            messages.SUCCESS,
        )
