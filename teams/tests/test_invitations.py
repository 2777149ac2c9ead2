"""Invitations by e-mail, the exact people search and adding people to a team."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.testing import MODERATE_GET, MODERATE_POST, client_as, expect
from teams import selectors, services
from teams.models import Invitation, Membership
from teams.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/invitations/\S+/")


def _invite(team: Any, by: Any, email: str = "nowa@example.org", role: str = "member") -> Any:
    return services.invitation_create(team=team, email=email, role=role, by=by, now=timezone.now())


def test_an_invitation_is_mailed_after_commit_with_a_signed_link(
    team, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(team, moderator, email="Nowa@Example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Nowa@Example.org"]
    assert team.name in message.subject
    token = LINK.search(message.body).group(0).rstrip("/").rsplit("/", 1)[1]
    assert services.invitation_from_token(token) == invitation
    # The portal's name and address, not a bare host.
    assert "Dzień dobry," in message.body or "Hello," in message.body
    invitation.refresh_from_db()
    assert invitation.send_count == 1


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    team, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _invite(team, moderator)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_forged_token_finds_nothing(team, moderator):
    invitation = _invite(team, moderator)
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token) == invitation
    assert services.invitation_from_token(token[:-2] + "xx") is None
    assert services.invitation_from_token("1") is None


def test_a_moderator_invites_only_to_their_own_team(team, other_team, moderator):
    with pytest.raises(PermissionDenied):
        _invite(other_team, moderator)


def test_inviting_the_same_address_again_resends_the_open_invitation(team, moderator, coordinator):
    first = _invite(team, moderator, role="member")
    second = _invite(team, coordinator, email="NOWA@example.org", role="expert")
    assert first.pk == second.pk
    assert Invitation.objects.count() == 1
    assert second.role == "expert"


def test_inviting_someone_already_in_the_team_is_refused_beside_the_field(team, moderator, member):
    with pytest.raises(ValidationError) as exc:
        _invite(team, moderator, email=member.email)
    assert "email" in exc.value.message_dict


def test_accepting_makes_a_membership_in_the_invited_role(team, coordinator):
    invitation = _invite(team, coordinator, role="moderator")
    person = UserFactory(is_staff=False)
    membership = services.invitation_accept(invitation=invitation, user=person, now=timezone.now())
    assert membership.role == "moderator"
    person.refresh_from_db()
    assert person.is_staff  # moderators enter the admin, scoped to their team
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    # Accepting twice is harmless for the same person, refused for anyone else.
    services.invitation_accept(invitation=invitation, user=person, now=timezone.now())
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=UserFactory(), now=timezone.now())


def test_revoked_and_expired_invitations_cannot_be_accepted(team, moderator):
    revoked = _invite(team, moderator, email="a@example.org")
    services.invitation_revoke(invitation=revoked, by=moderator, now=timezone.now())
    with pytest.raises(ValidationError, match=r"withdrawn|wycofane"):
        services.invitation_accept(invitation=revoked, user=UserFactory(), now=timezone.now())

    expired = _invite(team, moderator, email="b@example.org")
    later = timezone.now() + dt.timedelta(days=services.INVITATION_VALID_DAYS, seconds=1)
    assert expired.status(later) == "expired"
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=expired, user=UserFactory(), now=later)
    # Sending it again gives it a new life.
    services.invitation_resend(invitation=expired, by=moderator, now=later)
    expired.refresh_from_db()
    assert expired.status(later) == "pending"


def test_the_exact_search_finds_only_full_addresses_and_full_names(db):
    person = UserFactory(first_name="Celina", last_name="Nowak", email="celina@example.org")
    assert selectors.people_find(term="celina@example.org") == [person]
    assert selectors.people_find(term="CELINA@example.org") == [person]
    assert selectors.people_find(term="Celina Nowak") == [person]
    assert selectors.people_find(term="nowak  celina") == [person]
    for fragment in ("", "celina", "Nowak", "example.org", "@example.org", "Celi Nowak", "a"):
        assert selectors.people_find(term=fragment) == [], fragment


# ------------------------------------------------------------------------------
# Views for every role
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_people_page_access(request, client, team, role, status):
    client_as(request, client, role)
    url = reverse("teams:team_invitations", args=[team.slug])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_inviting_by_role(request, client, team, role, status, django_capture_on_commit_callbacks):
    client_as(request, client, role)
    url = reverse("teams:team_invitations", args=[team.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "nowy@example.org", "role": "member"})
    assert response.status_code == status
    made = Invitation.objects.filter(team=team, email="nowy@example.org").exists()
    assert made == (status == 302 and role != "anonymous")
    assert len(mail.outbox) == int(made)


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
@pytest.mark.parametrize("action", ["invitation_resend", "invitation_revoke"])
def test_resending_and_revoking_by_role(request, client, team, coordinator, role, status, action):
    invitation = _invite(team, coordinator)
    client_as(request, client, role)
    response = client.post(reverse(f"teams:{action}", args=[team.slug, invitation.pk]))
    assert response.status_code == status
    invitation.refresh_from_db()
    if action == "invitation_revoke":
        assert (invitation.revoked_at is not None) == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_adding_a_found_person_by_role(request, client, team, role, status):
    person = UserFactory()
    client_as(request, client, role)
    response = client.post(
        reverse("teams:member_add", args=[team.slug]), {"user": person.pk, "role": "member"}
    )
    assert response.status_code == status
    added = Membership.objects.filter(team=team, user=person).exists()
    assert added == (status == 302 and role != "anonymous")


def test_a_bad_address_stays_in_the_form_with_a_message(client, moderator, team):
    client.force_login(moderator)
    url = reverse("teams:team_invitations", args=[team.slug])
    response = client.post(url, {"email": "nie-adres", "role": "member"})
    assert response.status_code == 400
    assert 'value="nie-adres"' in response.content.decode()
    assert response.context["invite_form"].errors["email"]


def test_the_people_page_search_shows_only_exact_matches(client, moderator, team):
    UserFactory(first_name="Celina", last_name="Nowak", email="celina@example.org")
    client.force_login(moderator)
    url = reverse("teams:team_invitations", args=[team.slug])
    assert "Celina Nowak" not in client.get(url, {"q": "Nowak"}).content.decode()
    assert "Celina Nowak" in client.get(url, {"q": "celina@example.org"}).content.decode()


def test_the_invitation_page_for_every_role_and_state(client, team, coordinator, member):
    invitation = _invite(team, coordinator, email="x@example.org")
    url = reverse("teams:invitation_accept", args=[services.invitation_token(invitation)])
    assert client.get(url).status_code == 200  # anonymous: sign up or log in
    assert client.get(url + "x").status_code == 404
    client.force_login(member)
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.get(team=team, user=member).role == "member"
    assert client.get(url).status_code == 200  # accepted: says so
    services.invitation_revoke(
        invitation=_invite(team, coordinator, email="y@example.org"),
        by=coordinator,
        now=timezone.now(),
    )
    revoked = Invitation.objects.get(email="y@example.org")
    url = reverse("teams:invitation_accept", args=[services.invitation_token(revoked)])
    assert client.get(url).status_code == 410


def test_signing_up_from_the_invitation_needs_no_second_confirmation(client, team, coordinator):
    invitation = _invite(team, coordinator, email="nowa.osoba@example.org")
    url = reverse("teams:invitation_accept", args=[services.invitation_token(invitation)])
    client.get(url)
    response = client.post(
        reverse("account_signup") + "?next=" + url,
        {
            "email": "nowa.osoba@example.org",
            "password1": "Bardzo-dlugie-haslo-2031",
            "password2": "Bardzo-dlugie-haslo-2031",
            "next": url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(team=team, user__email="nowa.osoba@example.org").exists()


def test_the_people_page_lists_pending_invitations_with_their_state(client, team, moderator):
    _invite(team, moderator, email="czeka@example.org")
    services.invitation_revoke(
        invitation=_invite(team, moderator, email="wycofana@example.org"),
        by=moderator,
        now=timezone.now(),
    )
    client.force_login(moderator)
    rows = client.get(reverse("teams:team_invitations", args=[team.slug])).context["invitations"]
    assert {r["invitation"].email: r["status"] for r in rows} == {
        "czeka@example.org": "pending",
        "wycofana@example.org": "revoked",
    }


def test_moderator_of_another_team_sees_no_invitation_of_this_team(
    client, team, coordinator, other_team_moderator
):
    invitation = _invite(team, coordinator)
    client.force_login(other_team_moderator)
    url = reverse("teams:invitation_revoke", args=[team.slug, invitation.pk])
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "member", "other_team_member", "moderator"])
def test_only_the_person_confirms_a_carried_membership(request, client, team, role):
    carried = MembershipFactory(team=team, role="member", to_confirm=True)
    client_as(request, client, role)
    response = client.post(reverse("teams:membership_confirm", args=[team.slug]), {"stay": "yes"})
    assert response.status_code == (302 if role == "anonymous" else 404)
    carried.refresh_from_db()
    assert carried.to_confirm
    client.force_login(carried.user)
    client.post(reverse("teams:membership_confirm", args=[team.slug]), {"stay": "no"})
    assert not Membership.objects.filter(pk=carried.pk).exists()
