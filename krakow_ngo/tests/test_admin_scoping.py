"""The admin for every role: moderators enter it, scoped to their own team's rows and
choices; coordinators see everything; members and the public stay out."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from swot.tests.factories import (
    ActionFactory,
    GoalFactory,
    SwotItemFactory,
    SwotSessionFactory,
    SwotVoteFactory,
)
from teams.models import Membership
from teams.services import membership_save, moderator_staff_sync
from teams.tests.factories import MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "other_team_member",
    "moderator",
    "other_team_moderator",
    "coordinator",
]

# One row per team-scoped admin, made for a given team.
MAKERS = {
    "teams.sectorteam": lambda team: team,
    "teams.membership": lambda team: MembershipFactory(team=team),
    "teams.meeting": lambda team: MeetingFactory(team=team),
    "swot.swotsession": lambda team: SwotSessionFactory(meeting__team=team),
    "swot.swotitem": lambda team: SwotItemFactory(session__meeting__team=team),
    "swot.swotvote": lambda team: SwotVoteFactory(item__session__meeting__team=team),
    "swot.goal": lambda team: GoalFactory(team=team),
    "swot.action": lambda team: ActionFactory(goal__team=team),
}
# What a moderator may add: the team's own working rows, not teams or votes.
MODERATOR_ADDS = {
    "teams.membership",
    "teams.meeting",
    "swot.swotsession",
    "swot.swotitem",
    "swot.goal",
    "swot.action",
}
REGISTERED = sorted(
    f"{m._meta.app_label}.{m._meta.model_name}"
    for m in admin.site._registry
    if m._meta.app_label in {"teams", "swot"}
)
# Organisations are public data moderators may look up (read-only) for memberships.
ALL_TEAM_MODELS = sorted(set(MAKERS) | {"teams.organisation"})
# Invitations are read-only and scoped, with their own tests (teams/tests/test_invitation_admin.py).
OWN_TESTS = {"teams.invitation"}
# Anything else registered for teams/swot stays with the coordinators.
COORDINATORS_ONLY = sorted(set(REGISTERED) - set(ALL_TEAM_MODELS) - OWN_TESTS)


def test_every_team_scoped_admin_is_covered():
    assert set(ALL_TEAM_MODELS) <= set(REGISTERED)


@pytest.mark.parametrize("label", COORDINATORS_ONLY)
def test_other_team_admins_stay_closed_to_moderators(client, request, label):
    _login(request, client, "moderator")
    assert client.get(_url(label, "changelist")).status_code == 403


def _login(request: pytest.FixtureRequest, client: Any, role: str) -> Any:
    user = request.getfixturevalue(role)
    if user is None:
        return None
    if role == "moderator":
        moderator_staff_sync(user=user)
    client.force_login(user)
    return user


def _url(label: str, page: str, *args: Any) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{page}", args=args)


@pytest.mark.parametrize("label", ALL_TEAM_MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_changelist_access(request, client, label, role):
    _login(request, client, role)
    response = client.get(_url(label, "changelist"))
    if role in {"anonymous", "member", "other_team_member"}:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("label", ALL_TEAM_MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_add_page_access(request, client, label, role):
    _login(request, client, role)
    status = client.get(_url(label, "add")).status_code
    if role in {"anonymous", "member", "other_team_member"}:
        assert status == 302
    elif role == "coordinator" or label in MODERATOR_ADDS:
        assert status == 200
    else:
        assert status == 403


@pytest.mark.parametrize("label", sorted(MAKERS))
@pytest.mark.parametrize("role", ROLES)
def test_change_page_of_this_teams_row(request, client, team, label, role):
    row = MAKERS[label](team)
    _login(request, client, role)
    response = client.get(_url(label, "change", row.pk))
    if role in {"anonymous", "member", "other_team_member"}:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif role == "other_team_moderator":
        # Outside their queryset: the admin answers "does not exist" with a redirect.
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_moderator_changelist_lists_only_their_team(client, request, team, other_team, label):
    mine, theirs = MAKERS[label](team), MAKERS[label](other_team)
    _login(request, client, "moderator")
    response = client.get(_url(label, "changelist"))
    pks = {obj.pk for obj in response.context["cl"].result_list}
    assert mine.pk in pks
    assert theirs.pk not in pks


def test_moderator_may_not_post_changes_to_another_teams_meeting(client, request, other_team):
    meeting: Any = MeetingFactory(team=other_team, title="Cudze")
    _login(request, client, "moderator")
    response = client.post(_url("teams.meeting", "change", meeting.pk), {"title": "Przejęte"})
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.title == "Cudze"


def test_moderator_choices_are_limited_to_their_team(client, request, team, other_team):
    MeetingFactory(team=team, title="Nasze spotkanie")
    MeetingFactory(team=other_team, title="Cudze spotkanie")
    outsider: Any = UserFactory(username="outsider")
    _login(request, client, "moderator")

    form = client.get(_url("teams.meeting", "add")).context["adminform"].form
    assert list(form.fields["team"].queryset) == [team]

    form = client.get(_url("swot.swotsession", "add")).context["adminform"].form
    titles = {m.title for m in form.fields["meeting"].queryset}
    assert titles == {"Nasze spotkanie"}

    form = client.get(_url("swot.swotitem", "add")).context["adminform"].form
    assert outsider not in form.fields["author"].queryset

    form = client.get(_url("swot.goal", "add")).context["adminform"].form
    assert list(form.fields["team"].queryset) == [team]


def test_coordinator_choices_are_not_limited(client, coordinator, team, other_team):
    client.force_login(coordinator)
    form = client.get(_url("teams.meeting", "add")).context["adminform"].form
    assert set(form.fields["team"].queryset) == {team, other_team}


def test_moderator_adds_a_meeting_for_their_team_in_the_admin(client, request, team):
    _login(request, client, "moderator")
    data = {
        "team": team.pk,
        "title": "Z panelu",
        "starts_at_0": "2011-09-14",
        "starts_at_1": "10:00",
        "place": "Sala",
        "ground_rules": "Krótko.",
        "speaker_time_limit_seconds": 120,
        "agenda_items-TOTAL_FORMS": 0,
        "agenda_items-INITIAL_FORMS": 0,
        "attendances-TOTAL_FORMS": 0,
        "attendances-INITIAL_FORMS": 0,
    }
    response = client.post(_url("teams.meeting", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert team.meetings.filter(title="Z panelu").exists()


def test_moderator_cannot_add_a_meeting_for_another_team(client, request, other_team):
    _login(request, client, "moderator")
    data = {
        "team": other_team.pk,
        "title": "Cudze",
        "starts_at_0": "2011-09-14",
        "starts_at_1": "10:00",
        "ground_rules": "Krótko.",
        "speaker_time_limit_seconds": 120,
        "agenda_items-TOTAL_FORMS": 0,
        "agenda_items-INITIAL_FORMS": 0,
        "attendances-TOTAL_FORMS": 0,
        "attendances-INITIAL_FORMS": 0,
    }
    response = client.post(_url("teams.meeting", "add"), data)
    assert response.status_code == 200
    assert "team" in response.context["adminform"].form.errors
    assert not other_team.meetings.exists()


def test_a_moderator_role_saved_through_the_service_opens_the_admin(client, team):
    user: Any = UserFactory()
    membership = membership_save(
        membership=Membership(user=user, team=team, role=Membership.Role.MODERATOR),
        by=None,
    )
    user.refresh_from_db()
    assert user.is_staff
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200

    membership.role = Membership.Role.MEMBER
    membership_save(membership=membership, by=None)
    user.refresh_from_db()
    assert not user.is_staff
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_moderator_without_is_staff_cannot_enter(client, moderator):
    client.force_login(moderator)
    assert not moderator.is_staff
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_new_meeting_in_the_admin_starts_from_the_three_part_agenda(client, coordinator):
    client.force_login(coordinator)
    response = client.get(_url("teams.meeting", "add"))
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "agenda_items"
    )
    titles = [form.initial.get("title", "") for form in formset.forms]
    assert [t.split(".")[0] for t in titles] == ["I", "II", "III"]


@pytest.mark.parametrize("label", sorted(MAKERS))
@pytest.mark.parametrize("role", ["moderator", "other_team_moderator", "coordinator"])
@pytest.mark.parametrize("page", ["delete", "history"])
def test_delete_and_history_pages(request, client, team, label, role, page):
    row = MAKERS[label](team)
    _login(request, client, role)
    status = client.get(_url(label, page, row.pk)).status_code
    never_deletes = page == "delete" and label not in MODERATOR_ADDS
    if role != "coordinator" and never_deletes:
        assert status == 403  # teams and votes are not moderators' to delete
    elif role == "other_team_moderator" and label == "teams.meeting" and page == "history":
        # simple_history finds the row in its own records, then asks the rules: no.
        assert status == 403
    elif role == "other_team_moderator":
        assert status == 302  # not in their queryset: "does not exist"
    else:
        assert status == 200


def test_the_demo_moderator_works_in_the_admin_on_their_team_only(client):
    import datetime as dt

    from krakow_ngo.seed.loader import seed_krakow
    from teams.models import Meeting

    seed_krakow(demo=True, today=dt.date(2026, 11, 28))
    moderator = get_user_model().objects.get(username="demo-moderator")
    assert moderator.is_staff
    client.force_login(moderator)
    response = client.get(_url("teams.meeting", "changelist"))
    listed = {m.team.slug for m in response.context["cl"].result_list}
    own = moderator.memberships.get(role=Membership.Role.MODERATOR).team
    assert listed == {own.slug}
    assert Meeting.objects.exclude(team=own).exists()
