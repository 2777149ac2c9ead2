"""The user search behind the membership form: coordinators search, moderators name one person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from teams.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _search(client, term: str):
    return client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "teams", "model_name": "membership", "field_name": "user"},
    )


@pytest.fixture
def celina(db):
    return UserFactory(first_name="Celina", last_name="Nowak", email="celina@example.org")


def test_the_coordinator_finds_people_by_part_of_a_name(client, coordinator, celina):
    client.force_login(coordinator)
    response = _search(client, "Now")
    assert response.status_code == 200  # it was 403: "Nie można załadować wyników."
    texts = [r["text"] for r in response.json()["results"]]
    assert f"Celina Nowak ({celina.username})" in texts


def test_a_moderator_finds_nobody_by_a_fragment(client, moderator, celina):
    from teams.services import moderator_staff_sync

    moderator_staff_sync(user=moderator)
    client.force_login(moderator)
    for term in ("", "Now", "celina", "example.org"):
        response = _search(client, term)
        assert response.status_code == 200
        assert response.json()["results"] == [], term


def test_a_moderator_finds_one_person_by_full_email_or_full_name(client, moderator, celina):
    from teams.services import moderator_staff_sync

    moderator_staff_sync(user=moderator)
    client.force_login(moderator)
    for term in ("celina@example.org", "Celina Nowak", "nowak celina"):
        results = _search(client, term).json()["results"]
        assert [r["id"] for r in results] == [str(celina.pk)], term


def test_a_moderator_cannot_list_the_accounts(client, moderator):
    from teams.services import moderator_staff_sync

    moderator_staff_sync(user=moderator)
    client.force_login(moderator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_the_moderators_membership_form_offers_the_search_not_a_list(client, moderator, celina):
    from teams.services import moderator_staff_sync

    moderator_staff_sync(user=moderator)
    client.force_login(moderator)
    html = client.get(reverse("admin:teams_membership_add")).content.decode()
    assert "admin-autocomplete" in html
    assert celina.username not in html


def test_a_member_may_not_search(client, member, celina):
    client.force_login(member)
    assert _search(client, "celina@example.org").status_code in (302, 403)
