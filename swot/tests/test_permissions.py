"""Every SWOT and goal view for every role: anonymous, member, member of another team,
moderator of this team, moderator of another team, coordinator (docs/architecture.md, "Tests")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.testing import (
    MODERATE_GET,
    MODERATE_POST,
    TAKE_PART_POST,
    TEAM_ROLES,
    client_as,
    expect,
)
from swot.models import SwotItem, SwotVote

pytestmark = pytest.mark.django_db


# Team members (any role) and coordinators take part; anonymous is sent to log in.
TAKE_PART = (302, 200, 403, 200, 403, 200)


@pytest.mark.parametrize(("role", "status"), expect(TAKE_PART))
def test_open_board_page_is_for_the_team(request, client, open_session, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:board", args=[open_session.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect((403, 200, 403, 200, 403, 200)))
def test_open_board_partial_is_for_the_team(request, client, open_session, role, status):
    client_as(request, client, role)
    url = reverse("swot:board_items", args=[open_session.pk])
    assert client.get(url).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(TAKE_PART))
def test_open_board_csv_is_for_the_team(request, client, open_session, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:board_csv", args=[open_session.pk])).status_code == status


@pytest.mark.parametrize("role", TEAM_ROLES)
@pytest.mark.parametrize("name", ["swot:board", "swot:board_items", "swot:board_csv"])
def test_closed_board_is_public(request, client, closed_session, role, name):
    client_as(request, client, role)
    assert client.get(reverse(name, args=[closed_session.pk])).status_code == 200


@pytest.mark.parametrize(("role", "status"), expect(TAKE_PART_POST))
def test_adding_an_item(request, client, open_session, role, status):
    client_as(request, client, role)
    url = reverse("swot:item_add", args=[open_session.pk])
    response = client.post(url, {"quadrant": "S", "text": "Nowy punkt"})
    assert response.status_code == status
    assert SwotItem.objects.filter(text="Nowy punkt").exists() == (
        status == 302 and role != "anonymous"
    )


@pytest.mark.parametrize(("role", "status"), expect(TAKE_PART_POST))
def test_voting(request, client, item, role, status):
    user = client_as(request, client, role)
    response = client.post(reverse("swot:item_vote", args=[item.pk]), {"action": "cast"})
    assert response.status_code == status
    voted = user is not None and SwotVote.objects.filter(item=item, voter=user).exists()
    assert voted == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_editing_an_item_page(request, client, item, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:item_edit", args=[item.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_editing_an_item(request, client, item, role, status):
    client_as(request, client, role)
    url = reverse("swot:item_edit", args=[item.pk])
    assert client.post(url, {"quadrant": "W", "text": "Zmienione"}).status_code == status
    item.refresh_from_db()
    assert (item.text == "Zmienione") == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_merging(request, client, item, other_item, role, status):
    client_as(request, client, role)
    url = reverse("swot:item_merge", args=[item.session_id])
    assert client.post(url, {"source": other_item.pk, "target": item.pk}).status_code == status
    other_item.refresh_from_db()
    assert (other_item.merged_into_id == item.pk) == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_reordering(request, client, item, other_item, role, status):
    client_as(request, client, role)
    url = reverse("swot:item_move", args=[other_item.pk])
    assert client.post(url, {"direction": "up"}).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_closing_the_board(request, client, open_session, role, status):
    client_as(request, client, role)
    url = reverse("swot:session_state", args=[open_session.pk])
    assert client.post(url, {"state": "close"}).status_code == status
    open_session.refresh_from_db()
    assert (open_session.closed_at is not None) == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_reopening_the_board(request, client, closed_session, role, status):
    client_as(request, client, role)
    url = reverse("swot:session_state", args=[closed_session.pk])
    assert client.post(url, {"state": "open"}).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_adding_a_board_to_a_meeting(request, client, meeting, role, status):
    client_as(request, client, role)
    url = reverse("swot:session_create", args=[meeting.pk])
    response = client.post(url, {"topic": "Nowy temat", "votes_per_member": 4})
    assert response.status_code == status
    assert meeting.swot_sessions.filter(topic="Nowy temat").exists() == (
        status == 302 and role != "anonymous"
    )


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_new_goal_page(request, client, team, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:goal_create", args=[team.slug])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_creating_a_goal(request, client, team, item, role, status):
    client_as(request, client, role)
    url = reverse("swot:goal_create", args=[team.slug])
    response = client.post(url, {"title": "Cel z SWOT", "swot_items": [item.pk]})
    assert response.status_code == status
    assert team.goals.filter(title="Cel z SWOT").exists() == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_goal_page(request, client, goal, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:goal_edit", args=[goal.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_changing_a_goal(request, client, goal, role, status):
    client_as(request, client, role)
    url = reverse("swot:goal_edit", args=[goal.pk])
    assert client.post(url, {"title": "Nowy tytuł"}).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_deleting_a_goal(request, client, goal, role, status):
    client_as(request, client, role)
    assert client.post(reverse("swot:goal_delete", args=[goal.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_adding_a_solution(request, client, goal, role, status):
    client_as(request, client, role)
    url = reverse("swot:solution_add", args=[goal.pk])
    assert client.post(url, {"text": "Rozwiązanie"}).status_code == status
    assert goal.solutions.filter(text="Rozwiązanie").exists() == (
        status == 302 and role != "anonymous"
    )


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_moving_a_solution(request, client, solution, role, status):
    client_as(request, client, role)
    url = reverse("swot:solution_change", args=[solution.pk])
    assert client.post(url, {"change": "down"}).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_adding_an_action(request, client, goal, role, status):
    client_as(request, client, role)
    url = reverse("swot:action_add", args=[goal.pk])
    data = {
        "title": "Konkurs",
        "responsible_party": "MOPS",
        "cooperation_form": "commissioning",
        "first_year": 2012,
        "last_year": 2013,
        "indicator": "liczba umów",
        "planned_funds": "1000,00",
    }
    assert client.post(url, data).status_code == status
    assert goal.actions.filter(title="Konkurs").exists() == (status == 302 and role != "anonymous")


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_GET))
def test_action_page(request, client, action, role, status):
    client_as(request, client, role)
    assert client.get(reverse("swot:action_edit", args=[action.pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), expect(MODERATE_POST))
def test_deleting_an_action(request, client, action, role, status):
    client_as(request, client, role)
    url = reverse("swot:action_edit", args=[action.pk])
    assert client.post(url, {"delete": "1"}).status_code == status
