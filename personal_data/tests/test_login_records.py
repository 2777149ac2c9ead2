"""The export holds the account's login records (django-axes), and erasure removes them.

docs/personal-data.md, "`/me/data/` — export (arts. 15 and 20)": logins and logouts (AccessLog), failed attempts
still counted (AccessAttempt) and the failure log, under every name the person typed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse

from personal_data.services import account_erase
from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Haslo-do-logowania-2026"


def _person(username: str, email: str) -> Any:
    user = UserFactory(username=username, email=email)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _log_in(client: Any, login: str, password: str) -> int:
    response = client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR="127.0.0.7",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    return int(response.status_code)


def test_my_export_lists_my_logins_and_failed_attempts_and_nobody_elses(client: Any) -> None:
    me = _person("ala-nowak", "ala@example.org")
    other = _person("bartek", "bartek@example.org")
    assert _log_in(client, "bartek@example.org", PASSWORD) == 302
    client.logout()
    assert _log_in(client, "ala@example.org", "zle-haslo") == 200  # refused, counted
    assert AccessAttempt.objects.filter(username="ala@example.org").exists()
    assert _log_in(client, "ALA-NOWAK", PASSWORD) == 302  # by username, any case
    client.logout()
    assert _log_in(client, "ala@example.org", PASSWORD) == 302
    assert AccessLog.objects.count() == 3

    data = json.loads(client.get(reverse("personal_data:my_data"), {"format": "json"}).content)
    records = data["login_records"]
    logins = [r for r in records if r["kind"] == "logins"]
    assert len(logins) == 2
    assert all(r["ip_address"] == "127.0.0.7" for r in logins)
    assert all(r["user_agent"] == "TestBrowser/1.0" for r in logins)
    assert logins[0]["logout_time"] is not None  # the first session ended with a logout
    assert data["account"]["last_login"] is not None
    assert "bartek" not in json.dumps(records)
    assert other.pk != me.pk
    page = client.get(reverse("personal_data:my_data")).content.decode()
    assert "login_records" in page
    assert "TestBrowser/1.0" in page


def test_a_failed_attempt_shows_until_a_successful_login_resets_it(client: Any) -> None:
    me = _person("cezary", "cezary@example.org")
    _log_in(client, "cezary@example.org", "zle-haslo")
    client.force_login(me)
    data = json.loads(client.get(reverse("personal_data:my_data"), {"format": "json"}).content)
    failed = [r for r in data["login_records"] if r["kind"] == "failed_attempts"]
    assert len(failed) == 1
    assert failed[0]["failures_since_start"] == 1


def test_erasure_removes_the_login_records_under_every_name(client: Any) -> None:
    me = _person("dorota", "dorota@example.org")
    other = _person("edward", "edward@example.org")
    assert _log_in(client, "dorota@example.org", PASSWORD) == 302
    client.logout()
    assert _log_in(client, "edward", PASSWORD) == 302
    client.logout()
    _log_in(client, "dorota", "zle-haslo")
    account_erase(user=me, by=me)
    assert not AccessLog.objects.filter(username__in=["dorota", "dorota@example.org"]).exists()
    assert not AccessAttempt.objects.filter(username__in=["dorota", "dorota@example.org"]).exists()
    assert AccessLog.objects.filter(username="edward").exists()
    assert other.is_active
