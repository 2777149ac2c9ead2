"""The admin site coordinators work in."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from teams.rules import is_coordinator, moderates_any_team

# ------------------------------------------------------------------------------
# Titles in the right grammatical case (docs: Django's Polish admin puts the
# nominative verbose_name into "Wybierz %s do zmiany", "Dodaj %s", "Zmień %s" and
# "Czy chcesz skasować %s": every slot wants the accusative, so each model names
# its accusative here, one msgid per model with the context "accusative".
# ------------------------------------------------------------------------------
ACCUSATIVE: dict[str, Promise] = {
    "programmes.municipality": pgettext_lazy("accusative", "local government"),
    "programmes.phasechange": pgettext_lazy("accusative", "timeline change"),
    "consultations.adoption": pgettext_lazy("accusative", "adoption of the programme"),
    "implementation.implementationrecord": pgettext_lazy("accusative", "implementation record"),
    "implementation.annualreport": pgettext_lazy("accusative", "annual implementation report"),
    "implementation.survey": pgettext_lazy("accusative", "NGO survey"),
    "implementation.surveyanswer": pgettext_lazy("accusative", "survey answer"),
    "grouping.groupingrun": pgettext_lazy("accusative", "grouping run"),
    "personal_data.erasure": pgettext_lazy("accusative", "erasure of personal data"),
    "account.emailaddress": pgettext_lazy("accusative", "email address"),
    "auth.group": pgettext_lazy("accusative", "group"),
    "auth.user": pgettext_lazy("accusative", "user"),
    "axes.accessattempt": pgettext_lazy("accusative", "access attempt"),
    "axes.accessfailurelog": pgettext_lazy("accusative", "access failure"),
    "axes.accesslog": pgettext_lazy("accusative", "access log"),
    "core.outboxentry": pgettext_lazy("accusative", "outbox entry"),
    "consultations.comment": pgettext_lazy("accusative", "comment"),
    "consultations.draftversion": pgettext_lazy("accusative", "draft version"),
    "consultations.section": pgettext_lazy("accusative", "section"),
    "django_celery_beat.clockedschedule": pgettext_lazy("accusative", "one-off schedule"),
    "django_celery_beat.crontabschedule": pgettext_lazy("accusative", "crontab schedule"),
    "django_celery_beat.intervalschedule": pgettext_lazy("accusative", "interval"),
    "django_celery_beat.periodictask": pgettext_lazy("accusative", "periodic task"),
    "django_celery_beat.solarschedule": pgettext_lazy("accusative", "solar event"),
    "programmes.phase": pgettext_lazy("accusative", "phase"),
    "programmes.priorityarea": pgettext_lazy("accusative", "priority area"),
    "programmes.programme": pgettext_lazy("accusative", "programme"),
    "programmes.strategydocument": pgettext_lazy("accusative", "strategy document"),
    "programmes.strategygoal": pgettext_lazy("accusative", "strategy goal"),
    "reminders.reminderdelivery": pgettext_lazy("accusative", "reminder"),
    "reminders.reminderoffset": pgettext_lazy("accusative", "reminder offset"),
    "reminders.reminderpreferences": pgettext_lazy("accusative", "reminder preferences"),
    "swot.action": pgettext_lazy("accusative", "action"),
    "swot.goal": pgettext_lazy("accusative", "goal"),
    "swot.swotitem": pgettext_lazy("accusative", "SWOT item"),
    "swot.swotsession": pgettext_lazy("accusative", "SWOT session"),
    "swot.swotvote": pgettext_lazy("accusative", "vote"),
    "teams.invitation": pgettext_lazy("accusative", "invitation"),
    "teams.meeting": pgettext_lazy("accusative", "meeting"),
    "teams.membership": pgettext_lazy("accusative", "membership"),
    "teams.organisation": pgettext_lazy("accusative", "organisation"),
    "teams.representative": pgettext_lazy("accusative", "representative of an organisation"),
    "teams.sectorteam": pgettext_lazy("accusative", "team"),
}

# django-celery-beat ships no Polish: its section and models get our names, so the
# coordinators' periodic-task screens read in Polish (field labels stay the package's).
CELERY_BEAT_NAMES: dict[str, tuple[Any, Any]] = {
    "periodictask": (_("periodic task"), _("periodic tasks")),
    "intervalschedule": (_("interval"), _("intervals")),
    "crontabschedule": (_("crontab schedule"), _("crontab schedules")),
    "solarschedule": (_("solar event"), _("solar events")),
    "clockedschedule": (_("one-off schedule"), _("one-off schedules")),
}


def name_celery_beat_models() -> None:
    """Give django-celery-beat's app and models translatable names (called once at startup)."""
    from django.apps import apps

    if not apps.is_installed("django_celery_beat"):
        return
    config = apps.get_app_config("django_celery_beat")
    config.verbose_name = _("Scheduled tasks")
    for model in config.get_models():
        names = CELERY_BEAT_NAMES.get(model._meta.model_name or "")
        if names:
            model._meta.verbose_name, model._meta.verbose_name_plural = names


def accusative(model: type[Any]) -> Any:
    """The model's name in the accusative (falls back to verbose_name for a new model)."""
    return ACCUSATIVE.get(model._meta.label_lower, model._meta.verbose_name)


class AccusativeTitlesMixin(admin.ModelAdmin):
    """Puts the accusative into the changelist, add, change and delete titles."""

    def _titles(self, extra_context: dict[str, Any] | None, title: str) -> dict[str, Any]:
        # Django's own msgids ("Select %s to change"...) keep their translations.
        return {"title": title % accusative(self.model), **(extra_context or {})}

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        if self.has_change_permission(request):
            title = gettext("Select %s to change")
        else:
            title = gettext("Select %s to view")
        return super().changelist_view(request, self._titles(extra_context, title))

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        return super().add_view(request, form_url, self._titles(extra_context, gettext("Add %s")))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        obj = self.get_object(request, unquote(object_id))
        can_change = self.has_change_permission(request, obj)
        title = gettext("Change %s") if can_change else gettext("View %s")
        return super().change_view(request, object_id, form_url, self._titles(extra_context, title))

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        context = {"object_name": accusative(self.model), **(extra_context or {})}
        return super().delete_view(request, object_id, context)


class PortalAutocompleteJsonView(AutocompleteJsonView):
    """Accounts are offered by the person's name, not a login they may never have chosen."""

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, str]:
        result: dict[str, str] = super().serialize_result(obj, to_field_name)  # type: ignore[misc]
        if isinstance(obj, get_user_model()):
            name = obj.get_full_name()
            result["text"] = f"{name} ({obj.get_username()})" if name else obj.get_username()
        return result


class PortalAdminSite(admin.AdminSite):
    site_header = _("NGO cooperation programme — coordination")
    site_title = _("Coordination")
    index_title = _("Programme administration")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        # Every ModelAdmin, ours and third-party, gets titles in the right case.
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AccusativeTitlesMixin):
            admin_class = type(base.__name__, (AccusativeTitlesMixin, base), {})
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        return cast(HttpResponse, PortalAutocompleteJsonView.as_view(admin_site=self)(request))

    def has_permission(self, request: HttpRequest) -> bool:
        # Coordinators, and team moderators (their ModelAdmins are scoped to their
        # team). is_staff stays required: the admin login form checks it, and
        # teams.services.membership_save sets it when a moderator role is saved.
        user = request.user
        return bool(
            user.is_active and user.is_staff and (is_coordinator(user) or moderates_any_team(user))
        )


class PortalAdminConfig(AdminConfig):
    default_site = "krakow_ngo.admin.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        name_celery_beat_models()
