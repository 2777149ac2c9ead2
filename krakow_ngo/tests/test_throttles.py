"""Throttles a stranger cannot turn against users (issue 16, item 3).

Every request goes through a reverse proxy at 10.0.0.1 (REMOTE_ADDR), which appends
the address it saw to X-Forwarded-For: with TRUSTED_PROXY_COUNT=1 the portal keys each
limit on that address, never on the proxy's and never on what the client wrote itself.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def via(address: str, spoofed: str = "") -> dict[str, str]:
    """Request headers as the proxy passes them on: whatever the client sent, then its address."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.fixture
def real_member(db):
    user = UserFactory(email="czlonkini@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def login(client, name: str, password: str, headers: dict[str, str]):
    return client.post(reverse("account_login"), {"login": name, "password": password}, **headers)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_strangers_failing_with_random_names_do_not_lock_a_member_out(client, real_member):
    for n in range(10):
        response = login(client, f"nieznany{n}@example.org", "zle-haslo", via(f"203.0.113.{n + 1}"))
        assert response.status_code == 200
    # Ten more from one stranger's address: that address is slowed down, nobody else.
    for n in range(10):
        login(client, f"ktos{n}@example.org", "zle-haslo", via("203.0.113.99"))
    login(client, real_member.email, PASSWORD, via("198.51.100.7"))
    assert logged_in(client)


def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(client, real_member):
    for _ in range(4):
        assert login(client, real_member.email, "zle-haslo", via("203.0.113.5")).status_code == 200
    locked = login(client, real_member.email, "zle-haslo", via("203.0.113.5"))
    assert locked.status_code == 429
    # From the attacker's address even the right password is refused now…
    login(client, real_member.email, PASSWORD, via("203.0.113.5"))
    assert not logged_in(client)
    # …but the member, from their own address, logs in.
    login(client, real_member.email, PASSWORD, via("198.51.100.7"))
    assert logged_in(client)


def test_the_limit_counts_the_real_client_whatever_it_writes_into_the_header(client, real_member):
    # Each attempt claims another address as the leftmost X-Forwarded-For entry.
    for n in range(5):
        login(client, real_member.email, "zle-haslo", via("203.0.113.5", spoofed=f"192.0.2.{n}"))
    login(client, real_member.email, PASSWORD, via("203.0.113.5", spoofed="192.0.2.200"))
    assert not logged_in(client)
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_without_a_trusted_proxy_a_spoofed_header_is_ignored(settings, client, real_member):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        login(
            client,
            real_member.email,
            "zle-haslo",
            {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"},
        )
    login(
        client,
        real_member.email,
        PASSWORD,
        {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.7"},
    )
    assert not logged_in(client)
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_many_people_logging_in_behind_one_proxy_are_not_refused(client):
    """Issue 16: 60 correct logins in a minute behind the proxy got 31 × 429."""
    statuses = []
    for n in range(35):
        user = UserFactory(email=f"osoba{n}@example.org")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        statuses.append(login(client, user.email, PASSWORD, via(f"198.51.100.{n + 1}")).status_code)
        assert logged_in(client)
        client.logout()
    assert 429 not in statuses


# ------------------------------------------------------------------------------
# Anonymous forms: per address, a 429 page in our layout with Retry-After
# ------------------------------------------------------------------------------
def _contact(client, team, address: str, name: str = "Jan"):
    data = {"name": name, "email": "jan@example.org", "message": "Dzień dobry"}
    return client.post(reverse("teams:team_contact", args=[team.slug]), data, **via(address))


def test_the_contact_form_sends_five_messages_an_hour_from_one_address(
    client, team, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_contact(client, team, "203.0.113.5").status_code for _ in range(15)]
    assert statuses == [302] * 5 + [429] * 10
    assert len(mail.outbox) == 5
    refused = _contact(client, team, "203.0.113.5")
    assert 0 < int(refused["Retry-After"]) <= 3600
    page = refused.content.decode()
    assert "Zbyt wiele prób" in page  # Polish first, in the portal's layout
    assert 'id="main"' in page
    # Someone else behind the same proxy still gets through.
    with django_capture_on_commit_callbacks(execute=True):
        assert _contact(client, team, "198.51.100.7").status_code == 302
    assert len(mail.outbox) == 6


def test_a_refused_contact_form_does_not_count_against_the_limit(client, team, moderator):
    bad = {"name": "Jan", "email": "nie-adres", "message": "Dzień dobry"}
    for _ in range(8):
        response = client.post(
            reverse("teams:team_contact", args=[team.slug]), bad, **via("203.0.113.5")
        )
        assert response.status_code == 200
    assert _contact(client, team, "203.0.113.5").status_code == 302


def test_line_breaks_in_the_name_add_no_header_lines_to_the_mail(
    client, team, moderator, django_capture_on_commit_callbacks
):
    name = "Jan\r\nBcc: wszyscy@example.org\r\nTo: ktos@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        assert _contact(client, team, "203.0.113.5", name=name).status_code == 302
    sent = mail.outbox[-1]
    assert sent.to == [moderator.email]
    assert sent.bcc == []
    assert sent.cc == []
    lines = sent.body.splitlines()
    assert not [line for line in lines if line.lower().startswith(("bcc:", "to:"))]
    assert "Jan <jan@example.org>" in lines[0]
    raw = sent.message().as_string()
    assert "wszyscy@example.org" not in raw


def test_a_name_made_only_of_header_lines_is_refused_beside_the_field(client, team, moderator):
    data = {"name": "Bcc: x@example.org", "email": "jan@example.org", "message": "Treść"}
    response = client.post(
        reverse("teams:team_contact", args=[team.slug]), data, **via("203.0.113.5")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert "Treść" in response.content.decode()


def test_anonymous_comment_drafts_are_limited_per_address(client, published_version_url):
    url, data = published_version_url
    statuses = [client.post(url, data, **via("203.0.113.5")).status_code for _ in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    assert client.post(url, data, **via("198.51.100.7")).status_code == 302


@pytest.fixture
def published_version_url(db):
    from consultations.tests.factories import DraftVersionFactory

    version = DraftVersionFactory(status="published")
    url = reverse("consultations:comment_create", args=[version.programme.slug, version.number])
    return url, {"justification": "Uzasadnienie", "proposed_wording": "Nowe brzmienie"}


def test_sign_up_is_limited_per_address(client):
    url = reverse("account_signup")
    statuses = []
    for n in range(6):
        data = {
            "email": f"nowa{n}@example.org",
            "password1": "Dluzsze-haslo-2026",
            "password2": "Dluzsze-haslo-2026",
        }
        statuses.append(client.post(url, data, **via("203.0.113.5")).status_code)
        client.logout()
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    data = {
        "email": "inna@example.org",
        "password1": "Dluzsze-haslo-2026",
        "password2": "Dluzsze-haslo-2026",
    }
    assert client.post(url, data, **via("198.51.100.7")).status_code == 302


def test_password_reset_is_limited_per_address_with_our_429_page(client, real_member):
    url = reverse("account_reset_password")
    statuses = [
        client.post(url, {"email": f"ktos{n}@example.org"}, **via("203.0.113.5")).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    refused = client.post(url, {"email": "ktos@example.org"}, **via("203.0.113.5"))
    assert "Zbyt wiele prób" in refused.content.decode()
    assert refused["Retry-After"]
    assert client.post(url, {"email": real_member.email}, **via("198.51.100.7")).status_code == 302
