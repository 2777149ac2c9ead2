"""The base of every ModelAdmin that edits rows: it writes only through services.

docs/architecture.md, "Writes from the admin": a save, a delete, a many-to-many choice,
an inline row and the "delete selected" action all go to the app's services
(``<app>_record_save`` / ``<app>_record_delete``), which hold the rules and the side
effects (who and when, history, the public record's signal that keeps search current).
An app's admin names its two services by overriding :meth:`service_save` and
:meth:`service_delete`; nothing else in the admin calls ``save()`` or ``delete()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib import admin

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
