from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ServiceWritesAdminMixin
from programmes.models import PhaseChange
from reminders import services
from reminders.models import ReminderDelivery, ReminderOffset, ReminderPreferences


class RemindersAdminMixin(ServiceWritesAdminMixin):
    """Writes go to reminders.services (docs/architecture.md, "Writes from the admin")."""

    def service_save(
        self, request: HttpRequest, record: Any, save_m2m: Callable[[], None] | None
    ) -> None:
        services.reminders_record_save(record=record, by=request.user, save_m2m=save_m2m)

    def service_delete(self, request: HttpRequest, record: Any) -> None:
        services.reminders_record_delete(record=record, by=request.user)


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(RemindersAdminMixin, admin.ModelAdmin):
    list_display = ("days", "is_active")
    list_editable = ("is_active",)


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(RemindersAdminMixin, admin.ModelAdmin):
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

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the log is read; a failed reminder goes again through "requeue"

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a delivery row is what keeps a reminder from going twice

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


# ------------------------------------------------------------------------------
# Timeline changes: written through reminders.services.phase_reschedule only
# ------------------------------------------------------------------------------
class PhaseChangeForm(forms.ModelForm):
    class Meta:
        model = PhaseChange
        fields = ("phase", "new_starts_at", "new_ends_at", "reason")
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        phase = data.get("phase")
        if phase is not None and not self.errors:
            # Validate with the service's rules inside a rolled-back savepoint, so that
            # the coordinator sees the refusal beside the field and keeps the text.
            try:
                with transaction.atomic():
                    services.phase_reschedule(
                        phase=phase,
                        starts_at=data["new_starts_at"],
                        ends_at=data["new_ends_at"],
                        reason=data.get("reason") or "",
                        by=self.user,  # type: ignore[attr-defined]
                        now=timezone.now(),
                    )
                    raise _DryRunError
            except _DryRunError:
                pass
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    renamed = {
                        {"starts_at": "new_starts_at", "ends_at": "new_ends_at"}.get(k, k): v
                        for k, v in exc.error_dict.items()
                    }
                    for field_name, errors in renamed.items():
                        self.add_error(field_name if field_name in self.fields else None, errors)
                else:
                    self.add_error(None, exc)
        return data

    def _post_clean(self) -> None:
        # The service builds and validates the row (old dates, who, when).
        pass


class _DryRunError(Exception):
    pass


@admin.register(PhaseChange)
class PhaseChangeAdmin(RemindersAdminMixin, admin.ModelAdmin):
    """The published history of the timeline; a change is added here, never edited."""

    form = PhaseChangeForm
    list_display = (
        "phase",
        "programme",
        "old_ends_at",
        "new_ends_at",
        "reason",
        "changed_by",
        "changed_at",
    )
    list_filter = ("programme",)
    list_select_related = ("phase", "programme", "changed_by")
    readonly_fields = (
        "programme",
        "old_starts_at",
        "old_ends_at",
        "changed_by",
        "changed_at",
        "notified_at",
    )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # type: ignore[attr-defined]
        return form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return PhaseChangeForm.Meta.fields
        return (
            "programme",
            "phase",
            "old_starts_at",
            "old_ends_at",
            "new_starts_at",
            "new_ends_at",
            "reason",
            "changed_by",
            "changed_at",
            "notified_at",
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PhaseChange, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = services.phase_reschedule(
            phase=data["phase"],
            starts_at=data["new_starts_at"],
            ends_at=data["new_ends_at"],
            reason=data["reason"],
            by=request.user,
            now=timezone.now(),
        )
        # The admin logs and redirects with ``obj``: make it the row the service wrote.
        for field in PhaseChange._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
