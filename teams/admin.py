from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from teams import selectors, services
from teams.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    Membership,
    Organisation,
    Representative,
    SectorTeam,
)
from teams.rules import is_coordinator, moderates_any_team, team_roles

# ------------------------------------------------------------------------------
# Team scoping: moderators work in the admin on their own team's rows only.
# ------------------------------------------------------------------------------
# How each admin-registered model reaches its team ("" = the model is the team).
# Filled as the ModelAdmins and inlines of teams and swot are instantiated, so
# this module needs no import of swot (apps depend one way).
TEAM_PATHS: dict[type[models.Model], str] = {SectorTeam: ""}


def moderated_team_ids(user: Any) -> list[int]:
    """Teams the user moderates (from the per-request role cache)."""
    return [team_id for team_id, role in team_roles(user).items() if role == "moderator"]


def _scope(qs: QuerySet[Any], path: str, team_ids: list[int]) -> QuerySet[Any]:
    return qs.filter(**{f"{path}__in" if path else "pk__in": team_ids})


if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
else:
    _AdminBase = object


class TeamScopedAdminMixin(_AdminBase):
    """Coordinators see everything; moderators their own team's rows and choices.

    Permissions come from the rules predicates in ``teams/rules.py`` and
    ``swot/rules.py`` and are asked with the object, so a moderator of another
    team gets 403 on a row they can guess the id of, and 404 through the queryset.
    """

    team_path: str = ""
    # FK/M2M fields whose choices are people: a moderator picks among their team.
    all_users_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        TEAM_PATHS.setdefault(self.model, self.team_path)

    def _perm(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        opts = self.opts
        return request.user.has_perm(
            f"{opts.app_label}.{get_permission_codename(action, opts)}", obj
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_coordinator(request.user) or moderates_any_team(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "view", obj) or self._perm(request, "change", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._perm(request, "delete", obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # Inlines pass the parent object: adding rows to another team's parent is refused.
        obj = args[0] if args else None
        return self._perm(request, "add", obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if is_coordinator(request.user):
            return qs
        return _scope(qs, self.team_path, moderated_team_ids(request.user))

    def get_autocomplete_fields(self, request: HttpRequest) -> tuple[str, ...]:
        fields = tuple(super().get_autocomplete_fields(request))
        if is_coordinator(request.user):
            return fields
        # Where a moderator adds people (``all_users_fields``) the search stays: it
        # finds only exact e-mails and full names (PortalUserAdmin). Elsewhere
        # (authors, voters) they pick among their team in a plain select.
        return tuple(
            f for f in fields if f not in {"user", "author", "voter"} or f in self.all_users_fields
        )

    def _limit(self, request: HttpRequest, db_field: Any, kwargs: dict[str, Any]) -> None:
        if is_coordinator(request.user):
            return
        team_ids = moderated_team_ids(request.user)
        related = db_field.related_model
        if related in TEAM_PATHS:
            kwargs["queryset"] = _scope(
                related._default_manager.all(), TEAM_PATHS[related], team_ids
            )
        elif related is get_user_model() and db_field.name not in self.all_users_fields:
            # A plain select of the team's own people; the fields that add new people
            # use the scoped search instead, never a list of every account.
            users = related._default_manager.filter(
                is_active=True, memberships__team__in=team_ids
            ).distinct()
            kwargs["queryset"] = users.order_by("last_name", "first_name", "username")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._limit(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class RepresentativeInline(admin.TabularInline):
    """Who speaks for the organisation, and whether it is confirmed (read-only here)."""

    model = Representative
    extra = 0
    can_delete = False
    fields = ("user", "status", "method", "confirmed_at", "note", "stated_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationForm(forms.ModelForm):
    krs_checked = forms.BooleanField(
        label=_("I checked the entry in the KRS (or other register)"), required=False
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "krs",
            "other_register",
            "nip",
            "regon",
            "address",
            "email",
            "website",
            "verification_note",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("krs_checked") and not (data.get("verification_note") or "").strip():
            self.add_error(
                "verification_note", _("Say what was checked, e.g. the KRS entry's date.")
            )
        return data


class VerifiedFilter(admin.SimpleListFilter):
    title = _("register entry checked")
    parameter_name = "verified"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("yes")), ("no", _("no, to be checked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ("name", "krs", "nip", "regon", "email", "verified_at")
    search_fields = ("name", "krs", "nip", "regon", "email")
    list_filter = (VerifiedFilter, "memberships__team__programme", "memberships__team")
    date_hierarchy = "created_at"
    readonly_fields = ("verified_at", "verified_by")
    inlines = [RepresentativeInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [*OrganisationForm.Meta.fields, "verified_at", "verified_by"]
        if obj is None or not obj.is_verified:
            fields.insert(fields.index("verification_note"), "krs_checked")
        return fields

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("krs_checked") and not obj.is_verified:
            services.organisation_verify(
                organisation=obj,
                by=request.user,
                note=form.cleaned_data["verification_note"],
                now=timezone.now(),
            )


class MembershipInline(TeamScopedAdminMixin, admin.TabularInline):
    model = Membership
    team_path = "team"
    all_users_fields = ("user",)
    extra = 0
    autocomplete_fields = ("user", "organisation")


@admin.register(SectorTeam)
class SectorTeamAdmin(TeamScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "programme_label", "kind", "member_count")
    list_select_related = ("programme",)
    list_filter = ("programme", "kind")
    search_fields = ("name", "scope")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("priority_areas",)
    inlines = [MembershipInline]

    @admin.display(description=_("programme"), ordering="programme__first_year")
    def programme_label(self, obj: SectorTeam) -> str:
        return obj.programme.short_label

    @admin.display(description=_("members"))
    def member_count(self, obj: SectorTeam) -> int:
        return obj.memberships.count()

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            # A moderator role gives admin access (is_staff); removing it takes it away.
            touched = [f.instance.user for f in formset.forms if f.instance.user_id]
            for user in {u.pk: u for u in touched}.values():
                services.moderator_staff_sync(user=user)


@admin.register(Membership)
class MembershipAdmin(TeamScopedAdminMixin, admin.ModelAdmin):
    team_path = "team"
    all_users_fields = ("user",)
    list_display = ("user", "team", "organisation", "role", "public_name_consent")
    list_filter = ("team__programme", "team", "role")
    search_fields = ("user__username", "user__email", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "team", "organisation")

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        # Through the service, so a moderator role opens the admin to that person.
        services.membership_save(membership=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_delete(membership=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "team"):
            services.membership_delete(membership=membership, by=request.user)


# Invitation.status() values; the context keeps Polish agreeing with "zaproszenie".
INVITATION_STATUS: dict[str, Any] = {
    "pending": pgettext_lazy("invitation", "pending"),
    "accepted": pgettext_lazy("invitation", "accepted"),
    "expired": pgettext_lazy("invitation", "expired"),
    "revoked": pgettext_lazy("invitation", "withdrawn"),
}


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(INVITATION_STATUS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        open_ = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        match self.value():
            case "pending":
                return open_.filter(expires_at__gt=now)
            case "expired":
                return open_.filter(expires_at__lte=now)
            case "accepted":
                return queryset.filter(accepted_at__isnull=False)
            case "revoked":
                return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(TeamScopedAdminMixin, admin.ModelAdmin):
    """Invitations of every team (a moderator's own team's): read, resent, withdrawn.

    Nothing is typed into a row here: invitations are made on the team's page and
    resent or withdrawn through the services, which record who and when; a row is
    never deleted, so who was invited by whom stays on record.
    """

    team_path = "team"
    # The state first: a long team name must not push it out of sight.
    list_display = ("email", "status_label", "role", "expires_at", "send_count", "team")
    list_filter = (InvitationStatusFilter, "team__programme", "team", "role")
    search_fields = ("email", "team__name")
    list_select_related = ("team", "invited_by")
    date_hierarchy = "created_at"
    actions = ["resend", "revoke"]
    fields = (
        "team",
        "email",
        "role",
        "invited_by",
        "created_at",
        "sent_at",
        "send_count",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields

    @admin.display(description=_("status"))
    def status_label(self, obj: Invitation) -> str:
        return str(INVITATION_STATUS[obj.status(timezone.now())])

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # invited on the team's page (teams:team_invitations)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_manage_permission(self, request: HttpRequest) -> bool:
        """Resend and withdraw: whoever sees the list; each row is checked by the service."""
        return self.has_view_permission(request)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[Invitation], service: Any
    ) -> tuple[int, list[str]]:
        done, refused = 0, []
        now = timezone.now()
        for invitation in queryset.select_related("team"):
            try:
                service(invitation=invitation, by=request.user, now=now)
            except (ValidationError, PermissionDenied):
                refused.append(invitation.email)
            else:
                done += 1
        return done, refused

    def _report(self, request: HttpRequest, done: int, refused: list[str], message: str) -> None:
        if done:
            self.message_user(request, message % {"n": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                gettext("Not changed (accepted or withdrawn earlier): %(emails)s")
                % {"emails": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Send the selected invitations again"), permissions=["manage"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        done, refused = self._each(request, queryset, services.invitation_resend)
        self._report(
            request,
            done,
            refused,
            ngettext(
                "%(n)d invitation was sent again.",
                "%(n)d invitations were sent again.",
                done,
            ),
        )

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["manage"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        # Already withdrawn ones stay as they were (the service keeps the first who/when).
        queryset = queryset.filter(revoked_at__isnull=True)
        done, refused = self._each(request, queryset, services.invitation_revoke)
        self._report(
            request,
            done,
            refused,
            ngettext(
                "%(n)d invitation was withdrawn; its link no longer works.",
                "%(n)d invitations were withdrawn; their links no longer work.",
                done,
            ),
        )


class AgendaItemInline(TeamScopedAdminMixin, admin.TabularInline):
    model = AgendaItem
    team_path = "meeting__team"
    extra = 0

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        # Room for the default agenda on a new meeting (see MeetingAdmin.get_formset_kwargs).
        return len(services.DEFAULT_AGENDA) if obj is None else 0


class AttendanceInline(TeamScopedAdminMixin, admin.TabularInline):
    model = Attendance
    team_path = "meeting__team"
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Meeting)
class MeetingAdmin(TeamScopedAdminMixin, SimpleHistoryAdmin):
    team_path = "team"

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Meeting, inline: Any, prefix: str
    ) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, AgendaItemInline) and obj.pk is None and request.method == "GET":
            # A new meeting starts from the seed's three-part plan.
            kwargs["initial"] = [
                {"position": position, "title": title, "description": description}
                for position, (title, description) in enumerate(services.DEFAULT_AGENDA, 1)
            ]
        return kwargs

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        if meeting.minutes_published_at is not None:
            # Minutes or agenda edited here change the PDF: queue it now, not for a reader.
            services.minutes_pdf_request(meeting=meeting)

    list_display = ("title", "team", "starts_at", "place")
    list_filter = ("team__programme", "team")
    search_fields = ("title", "place", "minutes")
    date_hierarchy = "starts_at"
    list_select_related = ("team",)
    inlines = [AgendaItemInline, AttendanceInline]


class RepresentativeForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("", "—"),
            ("confirm", _("Confirm: this person speaks for the organisation")),
            ("revoke", _("Revoke the representation")),
        ],
    )
    decision_note = forms.CharField(
        label=_("How it was checked / why revoked"), required=False, max_length=500
    )

    class Meta:
        model = Representative
        fields = ("user", "organisation")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") and not (data.get("decision_note") or "").strip():
            self.add_error("decision_note", _("Say how it was checked, or why it is revoked."))
        return data


@admin.register(Representative)
class RepresentativeAdmin(SimpleHistoryAdmin):
    """Statements "I speak for X": pending until the organisation or a coordinator confirms."""

    form = RepresentativeForm
    list_display = (
        "user",
        "organisation",
        "status",
        "method",
        "stated_at",
        "registered_organisation",
    )
    list_filter = ("status", "method", "registered_organisation")
    readonly_fields = (
        "status",
        "method",
        "confirmed_at",
        "confirmed_by",
        "note",
        "confirmation_sent_to",
        "confirmation_sent_at",
        "stated_at",
        "registered_organisation",
    )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["user", "organisation", *self.readonly_fields]
        if obj is not None:
            fields = [*fields, "decision", "decision_note"]
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return ("user", "organisation", *self.readonly_fields)
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the history says who spoke for whom

    def save_model(
        self, request: HttpRequest, obj: Representative, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if not change:
            saved = services.representative_state(user=obj.user, organisation=obj.organisation)
            obj.pk = saved.pk
            obj._state.adding = False
            return
        if data.get("decision") == "confirm":
            services.representation_confirm(
                representative=obj, by=request.user, note=data["decision_note"], now=timezone.now()
            )
        elif data.get("decision") == "revoke":
            services.representation_revoke(
                representative=obj, by=request.user, note=data["decision_note"], now=timezone.now()
            )

    search_fields = ("user__username", "user__email", "organisation__name", "organisation__krs")
    autocomplete_fields = ("user", "organisation")
    list_select_related = ("user", "organisation")
    date_hierarchy = "stated_at"


# ------------------------------------------------------------------------------
# People search: the user autocomplete behind every "user" field
# ------------------------------------------------------------------------------
User = get_user_model()


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts: coordinators search them; moderators only find one person they name.

    The autocomplete view asks this admin for view permission: without it a
    coordinator's membership form said "Nie można załadować wyników." (403).
    A moderator may use the search (only the search, never the list) and finds
    a person only by their full e-mail address or full name, so no moderator can
    page through everyone's accounts (RODO: data minimisation).
    """

    def _is_autocomplete(self, request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        return bool(match and match.url_name == "autocomplete")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_coordinator(request.user)) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if is_coordinator(request.user):
            return True
        if obj is None and moderates_any_team(request.user) and self._is_autocomplete(request):
            return True
        return super().has_view_permission(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if is_coordinator(request.user) or request.user.has_perm("auth.view_user"):
            return super().get_search_results(request, queryset, search_term)
        person = selectors.exact_person_filter(search_term)
        if person is None:
            return queryset.none(), False
        found = queryset.filter(person, is_active=True).order_by("pk")
        limit = selectors.PEOPLE_SEARCH_LIMIT
        return found.filter(pk__in=found.values("pk")[:limit]), False
