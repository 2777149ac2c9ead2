"""The admin's base for the project's writes, and the outbox in the admin.

``ServiceWritesAdminMixin`` is the base of every ModelAdmin that edits rows: it writes
only through services (docs/architecture.md, "Writes from the admin"). A save, a delete,
a many-to-many choice, an inline row and the "delete selected" action all go to the
app's services (``<app>_record_save`` / ``<app>_record_delete``), which hold the rules
and the side effects (who and when, history, the public record's signal that keeps
search current). An app's admin names its two services by overriding
:meth:`ServiceWritesAdminMixin.service_save` and ``service_delete``; nothing else in the
admin calls ``save()`` or ``delete()``.

``OutboxEntryAdmin``: what waits, what failed, and a way to send it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import outbox
from core.models import OutboxEntry

if TYPE_CHECKING:
    from collections.abc import Callable

    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class ServiceWritesAdminMixin(_AdminBase):
    """Routes every write of a ModelAdmin (and its inlines) through the app's services."""

    def service_save(
        self, request: HttpRequest, record: Model, save_m2m: Callable[[], None] | None
    ) -> None:
        raise NotImplementedError(f"{type(self).__name__} names no save service")

    def service_delete(self, request: HttpRequest, record: Model) -> None:
        raise NotImplementedError(f"{type(self).__name__} names no delete service")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # ModelAdmin.save_form ran form.save(commit=False): the choices wait in save_m2m,
        # and the service saves them inside its own transaction.
        self.service_save(request, obj, getattr(form, "save_m2m", None))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The form's many-to-many choices were saved by the service in save_model.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        formset.save(commit=False)  # fills saved_forms / deleted_objects, writes nothing
        for obj in formset.deleted_objects:
            self.service_delete(request, obj)
        for inline_form in formset.saved_forms:
            self.service_save(request, inline_form.instance, getattr(inline_form, "save_m2m", None))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.service_delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.service_delete(request, obj)


@admin.register(OutboxEntry)
class OutboxEntryAdmin(admin.ModelAdmin):
    """Read-only: entries change only through delivery (docs/operations.md, "Outbox")."""

    list_display = ("handler", "created_at", "attempts", "claimed_at", "delivered_at", "last_error")
    list_filter = (("delivered_at", admin.EmptyFieldListFilter), "handler")
    search_fields = ("dedup_key", "handler")
    date_hierarchy = "created_at"
    actions = ["dispatch_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxEntry | None = None) -> bool:
        return False

    @admin.action(description=_("Send the selected undelivered entries again"))
    def dispatch_again(self, request: HttpRequest, queryset: QuerySet[OutboxEntry]) -> None:
        rows = list(queryset.filter(delivered_at__isnull=True).values_list("pk", "queue"))
        # A fresh count of attempts: the sweeper had given up on them.
        OutboxEntry.objects.filter(pk__in=[pk for pk, _q in rows]).update(
            attempts=0, claimed_at=None, dispatched_at=timezone.now()
        )
        sent = sum(outbox.dispatch(pk, queue) for pk, queue in rows)
        messages.info(
            request,
            ngettext("%(n)d entry sent again.", "%(n)d entries sent again.", sent) % {"n": sent},
        )
