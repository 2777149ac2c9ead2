"""Invitations in the admin: listed by state, resent and withdrawn through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from teams import services
from teams.models import Invitation
from teams.services import moderator_staff_sync
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "other_team_member",
    "moderator",
    "other_team_moderator",
    "coordinator",
]
CHANGELIST = reverse("admin:teams_invitation_changelist")


def _login(request: pytest.FixtureRequest, client: Any, role: str) -> Any:
    user = request.getfixturevalue(role)
    if user is None:
        return None
    if role == "moderator":
        moderator_staff_sync(user=user)  # moderators enter the admin as staff
    client.force_login(user)
    return user


def _invite(team: Any, by: Any, email: str) -> Invitation:
    return services.invitation_create(
        team=team, email=email, role="member", by=by, now=timezone.now()
    )


@pytest.fixture
def states(team, coordinator):
    """One invitation in each state, all to ``team``."""
    now = timezone.now()
    pending = _invite(team, coordinator, "czeka@example.org")
    expired = _invite(team, coordinator, "wygaslo@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=now - dt.timedelta(days=1))
    accepted = _invite(team, coordinator, "przyjete@example.org")
    services.invitation_accept(invitation=accepted, user=UserFactory(), now=now)
    revoked = _invite(team, coordinator, "wycofane@example.org")
    services.invitation_revoke(invitation=revoked, by=coordinator, now=now)
    return {"pending": pending, "expired": expired, "accepted": accepted, "revoked": revoked}


def _listed(response: Any) -> set[str]:
    return {i.email for i in response.context["cl"].result_list}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_by_role(request, client, team, coordinator, role):
    _invite(team, coordinator, "czeka@example.org")
    _login(request, client, role)
    response = client.get(CHANGELIST)
    if role in {"anonymous", "member", "other_team_member"}:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        return
    assert response.status_code == 200
    # A moderator of another team sees none of this team's invitations.
    assert _listed(response) == (set() if role == "other_team_moderator" else {"czeka@example.org"})


def test_the_states_are_listed_and_filtered_in_polish(client, coordinator, states):
    client.force_login(coordinator)
    response = client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="pl")
    html = response.content.decode()
    assert "Wybierz zaproszenie do obejrzenia" in html
    for label in ("oczekujące", "przyjęte", "wygasłe", "wycofane"):
        assert label in html
    for state, invitation in states.items():
        response = client.get(CHANGELIST, {"status": state})
        assert _listed(response) == {invitation.email}, state


def test_resending_from_the_admin_goes_through_the_service(
    client, coordinator, states, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    mail.outbox.clear()
    before = timezone.now()
    chosen = [i.pk for i in states.values()]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "resend", "_selected_action": chosen}, follow=True
        )
    assert response.status_code == 200
    # Pending and expired ones go out again with a fresh expiry; closed ones are named.
    assert sorted(m.to[0] for m in mail.outbox) == ["czeka@example.org", "wygaslo@example.org"]
    for state in ("pending", "expired"):
        states[state].refresh_from_db()
        assert states[state].expires_at > before + dt.timedelta(days=13)
    notes = [str(m) for m in response.context["messages"]]
    assert "Ponownie wysłano 2 zaproszenia." in notes
    assert any("przyjete@example.org" in n and "wycofane@example.org" in n for n in notes)


def test_withdrawing_from_the_admin_records_who_and_when(client, coordinator, states):
    client.force_login(coordinator)
    chosen = [states["pending"].pk, states["accepted"].pk]
    response = client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": chosen}, follow=True
    )
    assert response.status_code == 200
    pending, accepted = states["pending"], states["accepted"]
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.revoked_by == coordinator
    assert pending.revoked_at is not None
    assert accepted.revoked_at is None  # an accepted invitation stays accepted
    assert pending.status(timezone.now()) == "revoked"
    assert "Wycofano 1 zaproszenie; jego link już nie działa." in [
        str(m) for m in response.context["messages"]
    ]


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_a_moderator_acts_only_on_their_own_teams_invitations(
    request, client, team, other_team, coordinator, action
):
    mine = _invite(team, coordinator, "moja@example.org")
    theirs = _invite(other_team, coordinator, "cudza@example.org")
    _login(request, client, "moderator")
    client.post(CHANGELIST, {"action": action, "_selected_action": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert theirs.send_count == 0 or action == "revoke"
    if action == "revoke":
        assert mine.revoked_at is not None


@pytest.mark.parametrize("role", ["member", "other_team_member"])
def test_people_outside_the_admin_cannot_withdraw(request, client, team, coordinator, role):
    invitation = _invite(team, coordinator, "czeka@example.org")
    _login(request, client, role)
    client.post(CHANGELIST, {"action": "revoke", "_selected_action": [invitation.pk]})
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_rows_are_read_only_and_never_deleted(client, coordinator, states):
    client.force_login(coordinator)
    pending = states["pending"]
    assert client.get(reverse("admin:teams_invitation_add")).status_code == 403
    change = client.get(reverse("admin:teams_invitation_change", args=[pending.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    client.post(
        reverse("admin:teams_invitation_change", args=[pending.pk]),
        {"email": "podmieniony@example.org", "role": "moderator"},
    )
    delete = client.post(
        reverse("admin:teams_invitation_delete", args=[pending.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    pending.refresh_from_db()
    assert (pending.email, pending.role) == ("czeka@example.org", "member")
    assert Invitation.objects.count() == 4
