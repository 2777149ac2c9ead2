"""The outbox in the admin: what waits, what failed, and a way to send it again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import outbox
from core.models import OutboxEntry


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
