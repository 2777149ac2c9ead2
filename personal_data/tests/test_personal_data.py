"""RODO: the export holds each kind of my data and nobody else's; erasure leaves no trace."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from personal_data.models import Erasure
from reminders.models import ReminderDelivery, ReminderPreferences
from swot.models import SwotItem, SwotVote
from teams.models import Membership, Organisation, Representative

pytestmark = pytest.mark.django_db

PASSWORD = "Czlonek-Demo-2026"
DATA_URL = reverse("personal_data:my_data")
DELETE_URL = reverse("personal_data:delete_account")


@pytest.fixture
def demo_member(demo_seed_class: Any, db: Any) -> Any:
    """The seed's demo member with one row of every kind of personal data."""
    user = get_user_model().objects.get(username="demo-czlonek")
    item = SwotItem.objects.exclude(author=user).first()
    assert item is not None
    SwotVote.objects.get_or_create(item=item, voter=user)
    SwotItem.objects.create(
        session=item.session, quadrant="S", text="Mocna strona demo", author=user
    )
    ReminderPreferences.objects.get_or_create(user=user)
    membership = Membership.objects.filter(user=user).select_related("team").first()
    assert membership is not None
    ReminderDelivery.objects.create(
        user=user,
        programme=membership.team.programme,
        kind="comment_phase",
        deadline_key="test",
        due_on=dt.date(2026, 11, 28),
        offset_days=0,
        email="czlonek@example.org",
    )
    Representative.objects.get_or_create(user=user, organisation=Organisation.objects.first())
    comment = Comment.objects.filter(author=user).first()
    assert comment is not None
    comment.justification += " (uzupełnione)"
    comment.save()  # a second history row
    return user


def test_my_data_needs_a_login(client: Any, db: Any) -> None:
    assert client.get(DATA_URL).status_code == 302
    assert client.get(DELETE_URL).status_code == 302


def _public(page: bytes) -> bytes:
    """The page without its per-request CSRF token (the language form carries one)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def _text_columns() -> list[tuple[type[models.Model], str]]:
    columns = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                columns.append((model, field.attname))
    return columns


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 403), ("moderator", 403), ("coordinator", 200)],
)
def test_only_a_coordinator_erases_on_request(
    as_role: Any, client: Any, role: str, status: int, other_team_member: Any
) -> None:
    as_role(role)
    url = reverse("personal_data:erase", kwargs={"pk": other_team_member.pk})
    assert client.get(url).status_code == status


def test_a_coordinator_erases_with_a_recorded_reason(
    client: Any, coordinator: Any, member: Any
) -> None:
    client.force_login(coordinator)
    url = reverse("personal_data:erase", kwargs={"pk": member.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Wniosek pisemny z 20.11.2026, znak IOD.123"})
    assert response.status_code == 302
    erasure = Erasure.objects.get(user=member)
    assert erasure.erased_by == coordinator
    assert not erasure.at_own_request
    assert "IOD.123" in erasure.reason
    member.refresh_from_db()
    assert not member.is_active
    assert timezone.now() - erasure.erased_at < dt.timedelta(minutes=5)


class TestOnTheSeededDemo:
    """Tests that read the demo, seeded once for the class (conftest.py, demo_seed_module)."""

    def test_the_export_holds_each_kind_of_my_data_and_nobody_elses(
        self, client: Any, demo_member: Any
    ) -> None:
        client.force_login(demo_member)
        response = client.get(DATA_URL, {"format": "json"})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert data["account"]["username"] == "demo-czlonek"
        assert data["account"]["email"] == "czlonek@example.org"
        for kind in (
            "email_addresses", "memberships", "representations", "comments", "swot_items",
            "votes", "reminder_preferences", "reminder_deliveries", "consents",
        ):  # fmt: skip
            assert data[kind], kind
        assert len(data["comments"][0]["history"]) >= 2
        mine = set(
            Comment.objects.filter(author=demo_member).values_list("justification", flat=True)
        )
        assert {c["justification"] for c in data["comments"]} == mine
        others = Comment.objects.exclude(author=demo_member).values_list("justification", flat=True)
        body = response.content.decode()
        for text in others:
            assert json.dumps(text, ensure_ascii=False)[1:-1] not in body
        assert {e["email"] for e in data["email_addresses"]} == set(
            EmailAddress.objects.filter(user=demo_member).values_list("email", flat=True)
        )
        html = client.get(DATA_URL)
        assert html.status_code == 200
        assert "czlonek@example.org" in html.content.decode()

    def test_deleting_my_account_leaves_no_name_or_email_anywhere(
        self, client: Any, demo_member: Any
    ) -> None:
        report_url = reverse(
            "consultations:report",
            kwargs={
                "slug": Comment.objects.filter(author=demo_member).first().version.programme.slug
            },
        )
        public_before = _public(client.get(report_url).content)
        secrets = ["demo-czlonek", "czlonek@example.org", "Członkini"]
        assert demo_member.first_name == "Celina"
        client.force_login(demo_member)
        wrong = client.post(DELETE_URL, {"password": "wrong", "confirm": "on"})
        assert wrong.status_code == 400
        assert (
            "password is not correct" in wrong.content.decode() or "hasło" in wrong.content.decode()
        )
        n_votes = SwotVote.objects.filter(voter=demo_member).count()
        n_comments = Comment.objects.filter(author=demo_member).count()

        response = client.post(DELETE_URL, {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        client.logout()

        found = [
            (model._meta.db_table, column, secret)
            for model, column in _text_columns()
            for secret in secrets
            if model._base_manager.filter(**{f"{column}__icontains": secret}).exists()
        ]
        assert found == []
        user = get_user_model().objects.get(pk=demo_member.pk)
        assert not user.is_active
        assert not user.has_usable_password()
        assert user.first_name == ""
        assert SwotVote.objects.filter(voter=user).count() == n_votes  # votes kept as counts
        assert Comment.objects.filter(author=user).count() == n_comments
        assert _public(client.get(report_url).content) == public_before
        erasure = Erasure.objects.get(user=user)
        assert erasure.at_own_request
        assert not user.check_password(PASSWORD)
