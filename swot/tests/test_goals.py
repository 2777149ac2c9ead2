"""Goals made from SWOT items, ordered proposed solutions, and actions validated within
the programme period, as moderators enter them and as the team page shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.tests.factories import PriorityAreaFactory
from swot import services
from swot.models import Action
from swot.tests.factories import ActionFactory, ProposedSolutionFactory, SwotItemFactory

pytestmark = pytest.mark.django_db


def test_a_goal_is_made_from_selected_items_and_the_link_is_shown(
    client, moderator, team, item, other_item
):
    area: Any = PriorityAreaFactory()
    team.programme.priority_areas.add(area)
    client.force_login(moderator)
    response = client.post(
        reverse("swot:goal_create", args=[team.slug]),
        {"title": "Stabilne usługi", "swot_items": [item.pk], "priority_areas": [area.pk]},
    )
    goal = team.goals.get(title="Stabilne usługi")
    assert response["Location"] == reverse("swot:goal_edit", args=[goal.pk])
    assert list(goal.swot_items.all()) == [item]
    assert list(goal.priority_areas.all()) == [area]

    page = client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert "Stabilne usługi" in page
    assert item.text in page
    assert other_item.text not in page.split("Stabilne usługi", 1)[1].split("</article>", 1)[0]
    assert str(area) in page


def test_items_of_another_team_cannot_be_linked(client, moderator, team, other_team):
    stranger: Any = SwotItemFactory(session__meeting__team=other_team)
    client.force_login(moderator)
    response = client.post(
        reverse("swot:goal_create", args=[team.slug]),
        {"title": "Cel", "swot_items": [stranger.pk]},
    )
    assert response.status_code == 200
    assert "swot_items" in response.context["form"].errors
    assert not team.goals.exists()


def test_solutions_keep_their_order_and_can_be_moved(client, moderator, goal):
    client.force_login(moderator)
    for text in ("pierwsze", "drugie", "trzecie"):
        client.post(reverse("swot:solution_add", args=[goal.pk]), {"text": text})
    third = goal.solutions.get(text="trzecie")
    client.post(reverse("swot:solution_change", args=[third.pk]), {"change": "up"})
    assert list(goal.solutions.order_by("position").values_list("text", flat=True)) == [
        "pierwsze",
        "trzecie",
        "drugie",
    ]


def _action_data(**overrides: object) -> dict[str, object]:
    data = {
        "title": "Wieloletnie konkursy",
        "responsible_party": "MOPS",
        "cooperation_form": "commissioning",
        "first_year": 2012,
        "last_year": 2014,
        "indicator": "liczba umów wieloletnich",
        "planned_funds": "1 234 567,50",
    }
    data.update(overrides)
    return data


def test_an_action_with_polish_amount_is_saved_and_shown_localised(client, moderator, goal, team):
    client.force_login(moderator)
    with translation.override("pl"):
        response = client.post(reverse("swot:action_add", args=[goal.pk]), _action_data())
    assert response.status_code == 302
    action = goal.actions.get()
    assert action.planned_funds == Decimal("1234567.50")
    page = client.get(
        reverse("teams:team_detail", args=[team.slug]), HTTP_ACCEPT_LANGUAGE="pl"
    ).content.decode()
    assert "1\xa0234\xa0567,50 zł" in page
    assert "Wieloletnie konkursy" in page
    assert "2012–2014" in page


def test_years_outside_the_programme_period_are_refused_beside_the_field(client, moderator, goal):
    client.force_login(moderator)
    response = client.post(
        reverse("swot:action_add", args=[goal.pk]),
        _action_data(last_year=2016, title="Moje działanie"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    form = response.context["action_form"]
    assert "last_year" in form.errors
    body = response.content.decode()
    assert "within the programme period 2012–2014" in body
    assert 'value="Moje działanie"' in body
    assert not goal.actions.exists()


def test_an_action_is_edited_through_the_service_rules(moderator, goal):
    action: Any = ActionFactory(goal=goal, first_year=2012, last_year=2012)
    with translation.override("en"), pytest.raises(Exception, match="programme period"):
        services.action_save(
            goal=goal,
            by=moderator,
            action=action,
            title=action.title,
            responsible_party="x",
            cooperation_form="information",
            first_year=2010,
            last_year=2012,
            indicator="",
            planned_funds=None,
        )
    action.refresh_from_db()
    assert action.first_year == 2012


def test_the_goal_page_lists_solutions_and_actions(client, moderator, goal):
    ProposedSolutionFactory(goal=goal, text="Umowy wieloletnie")
    ActionFactory(goal=goal, title="Harmonogram konkursów", first_year=2012, last_year=2013)
    client.force_login(moderator)
    body = client.get(reverse("swot:goal_edit", args=[goal.pk])).content.decode()
    assert "Umowy wieloletnie" in body
    assert "Harmonogram konkursów" in body
    assert Action.objects.filter(goal=goal).count() == 1


def test_team_page_queries_do_not_grow_with_goals_and_actions(client, team, meeting):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import pagecache
    from swot.tests.factories import GoalFactory, SwotSessionFactory

    SwotSessionFactory(meeting=meeting, closed_at=meeting.starts_at)

    def count() -> int:
        # The factories write without the services (no new revision): measure a render,
        # not a cache hit (neither the shared cache nor this process's copies).
        cache.clear()
        pagecache.forget_local()
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("teams:team_detail", args=[team.slug]))
        return len(ctx.captured_queries)

    goal: Any = GoalFactory(team=team)
    ActionFactory(goal=goal)
    few = count()
    for _ in range(5):
        more: Any = GoalFactory(team=team)
        ProposedSolutionFactory(goal=more)
        ActionFactory.create_batch(3, goal=more)
        more.swot_items.add(SwotItemFactory(session__meeting=meeting))
    assert count() == few
