"""Every write from the admin goes through a service (docs/architecture.md, "Writes from the admin").

Two proofs, walking every ModelAdmin registered for the project's own models:

- **structure**: each method through which Django's admin writes (``save_model``,
  ``save_related``, ``save_formset``, ``delete_model``, ``delete_queryset``) is the
  project's own, not Django's or a library's, unless the admin never allows that write;
- **behaviour**: a coordinator saves each row back through its change page, as a browser
  submits it (inline rows included), and deletes it where the admin allows; every
  ``save()``/``delete()``/many-to-many write of a project model must happen with a
  ``services.py`` of the project on the call stack. A ModelAdmin that writes by itself
  fails here with the model and the line that wrote.

Edits of the public record must also reach the search index (the services' on-commit
signal): changing a team's scope or a meeting's title in the admin makes it findable.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import traceback
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.urls import reverse
from django.utils import timezone

from core.signals import public_record_changed

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
OWN_APPS = (
    "core",
    "programmes",
    "teams",
    "swot",
    "consultations",
    "implementation",
    "reminders",
    "grouping",
    "search",
    "feeds",
    "opendata",
    "personal_data",
    "krakow_ngo",
)
# Third-party models keep their libraries' admins: their tables are the libraries' own
# (sessions of allauth, lockouts of axes, beat's schedule), not the portal's record.
THIRD_PARTY = {"account", "axes", "django_celery_beat", "auth.group"}
WRITE_METHODS = {
    "save_model": ("add", "change"),
    "save_related": ("add", "change"),
    "save_formset": ("add", "change"),
    "delete_model": ("delete",),
    "delete_queryset": ("delete",),
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _own_admins() -> list[tuple[str, type[models.Model], Any]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        label = _label(model)
        if model._meta.app_label in THIRD_PARTY or label in THIRD_PARTY:
            continue
        found.append((label, model, model_admin))
    return sorted(found, key=lambda row: row[0])


OWN_ADMINS = _own_admins()


def _is_own(function: Any) -> bool:
    module = getattr(function, "__module__", "") or ""
    return module.split(".")[0] in OWN_APPS


def _defining(model_admin: Any, name: str) -> Any:
    for klass in type(model_admin).__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    raise AttributeError(name)


class _Request:
    """Enough of a request for the admin's permission methods."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.resolver_match = None


def _allowed(model_admin: Any, request: Any, action: str) -> bool:
    if action == "add":
        return bool(model_admin.has_add_permission(request))
    return bool(getattr(model_admin, f"has_{action}_permission")(request))


# ------------------------------------------------------------------------------
# Structure
# ------------------------------------------------------------------------------
def test_the_walk_covers_the_project_admins() -> None:
    labels = {label for label, _m, _a in OWN_ADMINS}
    # A sample of each app: the walk is over the real registry, not a list of its own.
    assert {
        "programmes.programme",
        "programmes.phase",
        "teams.sectorteam",
        "teams.meeting",
        "swot.goal",
        "consultations.comment",
        "reminders.reminderoffset",
        "implementation.survey",
        "auth.user",
    } <= labels


@pytest.mark.parametrize("label", [row[0] for row in OWN_ADMINS])
def test_every_write_method_is_the_projects_own(label: str, coordinator: Any) -> None:
    model_admin = next(a for lab, _m, a in OWN_ADMINS if lab == label)
    request = _Request(coordinator)
    default: list[str] = []
    for name, actions in WRITE_METHODS.items():
        if not any(_allowed(model_admin, request, action) for action in actions):
            continue  # the admin never writes that way
        if name == "save_formset" and not model_admin.inlines:
            continue
        if not _is_own(_defining(model_admin, name)):
            default.append(name)
    assert not default, f"{label}: Django's own {default} would write past the services"


# ------------------------------------------------------------------------------
# Behaviour
# ------------------------------------------------------------------------------
def _project_service_on_stack() -> bool:
    for frame in inspect.stack(context=0):
        path = Path(frame.filename)
        if path.name == "services.py" and path.parent.name in OWN_APPS and ROOT in path.parents:
            return True
    return False


def _where(limit: int = 12) -> str:
    lines = [
        f"{Path(f.filename).relative_to(ROOT)}:{f.lineno} {f.name}"
        for f in traceback.extract_stack()
        if str(ROOT) in f.filename and ".venv" not in f.filename and "tests" not in f.filename
    ]
    return " <- ".join(reversed(lines[-limit:]))


@pytest.fixture
def writes_outside_services() -> Iterator[list[str]]:
    """Every write of a project model made with no project service on the stack."""
    outside: list[str] = []

    def check(sender: Any, **kwargs: Any) -> None:
        if kwargs.get("action", "pre_").startswith("post_"):
            return
        model = sender if isinstance(sender, type) else type(sender)
        if kwargs.get("instance") is not None and not isinstance(sender, type):
            model = type(kwargs["instance"])
        app = model._meta.app_label
        own = app in OWN_APPS or _label(model) == "auth.user"
        historical = model.__name__.startswith("Historical")
        # The outbox's rows are written by services (enqueue) and then by the delivery
        # machinery that runs them (core/outbox.py), which is no editing at all.
        machinery = _label(model) == "core.outboxentry"
        if own and not historical and not machinery and not _project_service_on_stack():
            outside.append(f"{_label(model)} written at {_where()}")

    pre_save.connect(check, dispatch_uid="left913-writes")
    pre_delete.connect(check, dispatch_uid="left913-writes")
    m2m_changed.connect(check, dispatch_uid="left913-writes")
    try:
        yield outside
    finally:
        pre_save.disconnect(dispatch_uid="left913-writes")
        pre_delete.disconnect(dispatch_uid="left913-writes")
        m2m_changed.disconnect(dispatch_uid="left913-writes")


class _FormData(HTMLParser):
    """What a browser would submit from the admin's change form, unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._select_chosen = True
                self._add(self._select[0], value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and not self._select_chosen and self._select_first is not None:
                self._add(name, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def _form_data(html: str) -> dict[str, list[str]]:
    parser = _FormData()
    parser.feed(html)
    # Templates of empty inline rows are not submitted by a browser either.
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


def _builders() -> dict[str, Callable[[], models.Model]]:
    from consultations.tests.factories import (
        CommentFactory,
        DraftVersionFactory,
        PhaseFactory,
        PriorityAreaFactory,
        ProgrammeFactory,
        SectionFactory,
        StrategyDocumentFactory,
    )
    from implementation.models import AnnualReport, Survey
    from implementation.tests.factories import RecordFactory
    from programmes.models import StrategyGoal
    from programmes.tests.factories import MunicipalityFactory
    from reminders.models import ReminderOffset, ReminderPreferences
    from swot.tests.factories import (
        ActionFactory,
        GoalFactory,
        ProposedSolutionFactory,
        SwotItemFactory,
        SwotSessionFactory,
        SwotVoteFactory,
    )
    from teams.services import representative_state
    from teams.tests.factories import (
        AgendaItemFactory,
        MeetingFactory,
        MembershipFactory,
        OrganisationFactory,
        SectorTeamFactory,
        UserFactory,
    )

    def goal() -> models.Model:
        made = GoalFactory()
        ProposedSolutionFactory(goal=made)
        ActionFactory(goal=made)
        return made

    def meeting() -> models.Model:
        made = MeetingFactory()
        AgendaItemFactory(meeting=made)
        return made

    def team() -> models.Model:
        made = SectorTeamFactory()
        MembershipFactory(team=made, role="moderator")
        return made

    def session() -> models.Model:
        made = SwotSessionFactory()
        SwotItemFactory(session=made)
        return made

    def future_programme() -> Any:
        year = timezone.localdate().year + 2
        return ProgrammeFactory(first_year=year, last_year=year + 2)

    def programme() -> models.Model:
        made = future_programme()
        start = timezone.now() + dt.timedelta(days=30)
        PhaseFactory(programme=made, starts_at=start, ends_at=start + dt.timedelta(days=30))
        return made

    def document() -> models.Model:
        made = StrategyDocumentFactory()
        StrategyGoal.objects.create(document=made, code="I-8", title="Cel")
        PriorityAreaFactory(document=made)
        return made

    def future_phase() -> models.Model:
        start = timezone.now() + dt.timedelta(days=30)
        return PhaseFactory(
            programme=future_programme(), starts_at=start, ends_at=start + dt.timedelta(days=20)
        )

    def report() -> models.Model:
        record = RecordFactory()
        return AnnualReport.objects.create(
            programme=record.programme,
            year=record.year,
            summary="Podsumowanie",
            prepared_by=record.entered_by,
            prepared_at=timezone.now(),
        )

    def survey() -> models.Model:
        return Survey.objects.create(
            programme=ProgrammeFactory(),
            year=2026,
            opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(days=10),
        )

    def unpublished_section() -> models.Model:
        return SectionFactory(version=DraftVersionFactory(status="draft", published_at=None))

    return {
        "programmes.municipality": MunicipalityFactory,
        "programmes.strategydocument": document,
        "programmes.strategygoal": lambda: StrategyGoal.objects.create(
            document=StrategyDocumentFactory(), code="II-1", title="Cel"
        ),
        "programmes.priorityarea": PriorityAreaFactory,
        "programmes.programme": programme,
        "programmes.phase": future_phase,
        "teams.organisation": OrganisationFactory,
        "teams.sectorteam": team,
        "teams.membership": MembershipFactory,
        "teams.meeting": meeting,
        "teams.representative": lambda: representative_state(
            user=UserFactory(), organisation=OrganisationFactory()
        ),
        "auth.user": UserFactory,
        "swot.swotsession": session,
        "swot.swotitem": SwotItemFactory,
        "swot.swotvote": SwotVoteFactory,
        "swot.goal": goal,
        "swot.action": ActionFactory,
        "consultations.draftversion": lambda: DraftVersionFactory(
            status="draft", published_at=None
        ),
        "consultations.section": unpublished_section,
        "consultations.comment": CommentFactory,
        "reminders.reminderoffset": lambda: ReminderOffset.objects.get_or_create(days=5)[0],
        "reminders.reminderpreferences": lambda: ReminderPreferences.objects.create(
            user=UserFactory()
        ),
        "implementation.implementationrecord": RecordFactory,
        "implementation.annualreport": report,
        "implementation.survey": survey,
    }


# Admins that allow neither change nor delete of an existing row need no builder; an
# add-only admin (a timeline change, an adoption) refuses both for any row it holds.
def _writes_existing_rows(model_admin: Any, user: Any) -> bool:
    request = _Request(user)
    row = model_admin.model(pk=1)
    try:
        return bool(
            model_admin.has_change_permission(request, row)
            or model_admin.has_delete_permission(request, row)
        )
    except models.ObjectDoesNotExist:  # its rules read relations: walk a real row
        return True


@pytest.mark.parametrize("label", [row[0] for row in OWN_ADMINS])
def test_saving_and_deleting_in_the_admin_goes_through_services(
    label: str,
    coordinator: Any,
    client: Any,
    writes_outside_services: list[str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    model_admin = next(a for lab, _m, a in OWN_ADMINS if lab == label)
    if not _writes_existing_rows(model_admin, coordinator):
        pytest.skip("the admin writes no existing row (read-only or add-only: structure test)")
    builders = _builders()
    assert label in builders, f"{label}: add a builder so its admin is walked"
    obj = builders[label]()
    client.force_login(coordinator)
    # The builders' factories and the login (last_login) write directly, by design.
    writes_outside_services.clear()
    info = (obj._meta.app_label, obj._meta.model_name)
    change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    page = client.get(change_url)
    assert page.status_code == 200, label
    request = _Request(coordinator)
    if model_admin.has_change_permission(request, obj):
        data = _form_data(page.content.decode())
        data["_save"] = ["Zapisz"]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(change_url, data)
        errors = re.findall(
            r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
        )
        assert response.status_code == 302, f"{label}: {errors[:5]}"
    if model_admin.has_delete_permission(request, obj):
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(delete_url, {"post": "yes"})
        assert response.status_code == 302, label
        assert not type(obj)._default_manager.filter(pk=obj.pk).exists()
    assert writes_outside_services == []


def test_the_check_catches_a_direct_write(writes_outside_services: list[str]) -> None:
    """The proof above can fail: a save outside any service is reported."""
    from teams.tests.factories import OrganisationFactory

    OrganisationFactory()
    assert any(w.startswith("teams.organisation") for w in writes_outside_services)


# ------------------------------------------------------------------------------
# The services' side effects, seen from the admin
# ------------------------------------------------------------------------------
def _found(word: str) -> list[str]:
    from search.selectors import parse_query, search

    return [e.title for e in search(query=parse_query(word))]


def test_a_teams_scope_edited_in_the_admin_is_found_by_search(
    coordinator: Any, client: Any, team: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(coordinator)
    url = reverse("admin:teams_sectorteam_change", args=[team.pk])
    data = _form_data(client.get(url).content.decode())
    data["scope"] = ["Zakres obejmuje hipoterapię dzieci."]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert team.name in _found("hipoterapia")


def test_a_meeting_renamed_in_the_admin_is_found_and_its_history_names_the_coordinator(
    coordinator: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from teams.tests.factories import MeetingFactory

    meeting = MeetingFactory()
    client.force_login(coordinator)
    url = reverse("admin:teams_meeting_change", args=[meeting.pk])
    data = _form_data(client.get(url).content.decode())
    data["title"] = ["Spotkanie o rewitalizacji"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert "Spotkanie o rewitalizacji" in _found("rewitalizacja")
    last = meeting.history.latest("history_date")
    assert last.history_user == coordinator
    assert last.title == "Spotkanie o rewitalizacji"


def test_a_moderator_role_given_in_the_team_inline_opens_the_admin(
    coordinator: Any, client: Any, team: Any, member: Any
) -> None:
    assert not member.is_staff
    client.force_login(coordinator)
    url = reverse("admin:teams_sectorteam_change", args=[team.pk])
    data = _form_data(client.get(url).content.decode())
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.startswith("memberships-") and k.endswith("-user") and v == [str(member.pk)]
    )
    data[f"memberships-{index}-role"] = ["moderator"]
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.is_staff


def test_the_public_record_signal_follows_an_admin_edit_of_a_programme(
    coordinator: Any, client: Any, programme: Any, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[tuple[Any, int]] = []

    def receiver(sender: Any, pk: int, **kwargs: Any) -> None:
        seen.append((sender, pk))

    public_record_changed.connect(receiver, dispatch_uid="left913-programme")
    try:
        client.force_login(coordinator)
        url = reverse("admin:programmes_programme_change", args=[programme.pk])
        data = _form_data(client.get(url).content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
    finally:
        public_record_changed.disconnect(dispatch_uid="left913-programme")
    assert (type(programme), programme.pk) in seen


def test_a_started_phase_keeps_its_dates_even_past_the_form(coordinator: Any) -> None:
    from django.core.exceptions import ValidationError

    from consultations.tests.factories import PhaseFactory
    from programmes.services import programmes_record_save

    phase = PhaseFactory()  # 2011: long started
    phase.ends_at = phase.ends_at + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        programmes_record_save(record=phase, by=coordinator)


def test_accounts_are_erased_not_deleted_in_the_admin(coordinator: Any) -> None:
    model_admin = admin.site._registry[get_user_model()]
    assert not model_admin.has_delete_permission(_Request(coordinator))
