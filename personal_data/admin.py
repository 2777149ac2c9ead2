from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from personal_data.models import Erasure


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    """The log of erasures: read-only, nobody edits or deletes it."""

    list_display = ["user", "at_own_request", "erased_by", "erased_at", "reason"]
    readonly_fields = ["user", "at_own_request", "erased_by", "erased_at", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Erasure | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Erasure | None = None) -> bool:
        return False
