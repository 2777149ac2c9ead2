"""SWOT rules that used to be written twice now live in one place (issue 9)."""

from __future__ import annotations

import pathlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from swot import selectors, services
from swot.tests.factories import ProposedSolutionFactory, SwotItemFactory

pytestmark = pytest.mark.django_db


# 3. Votes left --------------------------------------------------------------------
def test_the_board_and_the_vote_service_count_votes_left_alike(client, member, open_session):
    items = [SwotItemFactory(session=open_session, quadrant="S") for _ in range(4)]
    client.force_login(member)
    url = reverse("swot:board", args=[open_session.pk])
    for used, item in enumerate(items[:3]):
        shown = client.get(url).context["votes_left"]
        assert shown == selectors.votes_left(session=open_session, voter=member) == 3 - used
        services.swot_vote_cast(item=item, voter=member, now=timezone.now())
    assert client.get(url).context["votes_left"] == 0
    with pytest.raises(ValidationError):
        services.swot_vote_cast(item=items[3], voter=member, now=timezone.now())


# 5. One reordering --------------------------------------------------------------
def test_items_and_solutions_move_the_same_way(moderator, open_session, goal):
    items = [SwotItemFactory(session=open_session, quadrant="W", position=p) for p in (0, 5, 9)]
    solutions = [ProposedSolutionFactory(goal=goal, position=p) for p in (0, 5, 9)]
    services.swot_item_move(item=items[2], by=moderator, direction=-1)
    services.solution_move(solution=solutions[2], by=moderator, direction=-1)
    for rows in (items, solutions):
        for row in rows:
            row.refresh_from_db()
    assert [i.position for i in items] == [s.position for s in solutions] == [0, 2, 1]


# 9. teams does not know SWOT; the pages still show it ----------------------------
def test_teams_code_and_templates_do_not_name_swot():
    root = pathlib.Path(settings.BASE_DIR)
    places = [*(root / "teams").rglob("*.py"), *(root / "templates" / "teams").rglob("*.html")]
    offenders = [
        str(p.relative_to(root))
        for p in places
        if "tests" not in p.parts
        and "migrations" not in p.parts
        and ("swot:" in p.read_text() or "swot_" in p.read_text() or "from swot" in p.read_text())
    ]
    assert offenders == []


def test_the_team_and_meeting_pages_still_show_boards_and_goals(
    client, moderator, team, meeting, open_session, goal
):
    client.force_login(moderator)
    team_page = client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert reverse("swot:board", args=[open_session.pk]) in team_page
    assert reverse("swot:goal_create", args=[team.slug]) in team_page
    assert goal.title in team_page
    meeting_page = client.get(reverse("teams:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("swot:board", args=[open_session.pk]) in meeting_page
    assert reverse("swot:session_create", args=[meeting.pk]) in meeting_page
