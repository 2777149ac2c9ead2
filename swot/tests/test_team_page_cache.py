"""The team page from the cache (docs/architecture.md, "Caching").

Rendered once per team, language, revisions (team, programme, organisations), variant
(may manage the team) and the number of its meetings begun; every service that changes
what it shows gives a new revision; anonymous readers revalidate with a 304; the
person's own question (stay in a carried-over team?) is added per request only.
Here rather than in teams: the page shows the boards and goals of swot's services.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import revisions
from core.testing import revisions_committed
from swot import services as swot_services
from swot.tests.factories import GoalFactory, SwotItemFactory, SwotSessionFactory
from teams import services as team_services
from teams.models import Membership
from teams.tests.factories import MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTION = "Czy zostajesz"


def _main(response: Any) -> str:
    """The page's own part (the layout around it carries a per-request CSRF token)."""
    match = re.search(r'<main id="main".*?</main>', response.content.decode(), re.S)
    assert match
    return match.group(0)


def _get(client: Any, url: str, **extra: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def _url(team: Any) -> str:
    return reverse("teams:team_detail", args=[team.slug])


# ------------------------------------------------------------------------------
# Hits, bytes, queries, validators
# ------------------------------------------------------------------------------
def test_a_hit_serves_the_same_bytes_with_fewer_queries(client, team, meeting, closed_session):
    GoalFactory(team=team)
    revisions_committed()
    first, miss = _get(client, _url(team))
    second, hit = _get(client, _url(team))
    assert first.status_code == second.status_code == 200
    assert _main(first) == _main(second)
    assert closed_session.topic in _main(second)
    # A hit: the team, the layout's local government; revisions and meeting times are
    # two cache reads.
    assert (miss, hit) == (16, 2)


def test_a_logged_in_hit_adds_only_the_session_user_and_own_membership(client, team, member):
    client.force_login(member)
    revisions_committed()
    _, miss = _get(client, _url(team))
    _, hit = _get(client, _url(team))
    # session, user, the role in the team (permission), the person's own membership; who
    # coordinates is kept (teams.rules.coordinator_ids: the miss reads it and its revision).
    assert (miss, hit) == (17, 6)


def test_anonymous_readers_revalidate_with_a_304(client, team, meeting):
    revisions_committed()
    response = client.get(_url(team))
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    again, queries = _get(client, _url(team), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not again.content
    assert queries == 1  # the team
    assert (
        client.get(_url(team), HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en").status_code
        == 200
    )


def test_logged_in_pages_are_private_and_carry_no_shared_validator(client, team, member):
    client.force_login(member)
    response = client.get(_url(team))
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]


# ------------------------------------------------------------------------------
# Every service that changes what the page shows renews it
# ------------------------------------------------------------------------------
def _changes(
    team: Any, moderator: Any, coordinator: Any
) -> dict[str, tuple[Callable[[], Any], str]]:
    """What each service changes, and a text the renewed page shows because of it."""
    now = timezone.now()
    meeting = MeetingFactory(team=team, title="Spotkanie pierwsze")
    session = SwotSessionFactory(meeting=meeting, topic="Tablica pierwsza")
    goal = GoalFactory(team=team, title="Cel pierwszy")
    newcomer = UserFactory(first_name="Zofia", last_name="Nowicka")
    named = MembershipFactory(team=team, public_name_consent=True, user__last_name="Kowalska")

    def action() -> Any:
        return swot_services.action_save(
            goal=goal,
            by=moderator,
            title="Działanie nowe",
            responsible_party="Wydział",
            cooperation_form="information",
            first_year=team.programme.first_year,
            last_year=team.programme.first_year,
            indicator="liczba",
            planned_funds=None,
        )

    return {
        "meeting_create": (
            lambda: team_services.meeting_create(
                team=team,
                by=moderator,
                title="Spotkanie nowe",
                starts_at=now + dt.timedelta(days=9),
            ),
            "Spotkanie nowe",
        ),
        "meeting_update": (
            lambda: team_services.meeting_update(
                meeting=meeting, by=moderator, title="Spotkanie zmienione"
            ),
            "Spotkanie zmienione",
        ),
        "minutes_publish": (
            lambda: team_services.minutes_publish(
                meeting=meeting, by=moderator, minutes="Ustalenia.", now=now
            ),
            reverse("teams:meeting_minutes_pdf", args=[meeting.pk]),
        ),
        "membership_add": (
            lambda: team_services.membership_add(
                team=team, user=newcomer, role="member", by=moderator, now=now
            ),
            "organisation",  # replaced below: the page lists organisations, not people
        ),
        "membership_delete": (
            lambda: team_services.membership_delete(membership=named, by=moderator),
            "!Kowalska",
        ),
        "goal_save": (
            lambda: swot_services.goal_save(
                team=team,
                by=moderator,
                title="Cel zmieniony",
                description="Opis.",
                priority_areas=[],
                swot_items=[],
                goal=goal,
            ),
            "Cel zmieniony",
        ),
        "solution_add": (
            lambda: swot_services.solution_add(goal=goal, by=moderator, text="Rozwiązanie nowe"),
            "Rozwiązanie nowe",
        ),
        "action_save": (action, "Działanie nowe"),
        "goal_delete": (
            lambda: swot_services.goal_delete(goal=goal, by=moderator),
            "!Cel pierwszy",
        ),
        "swot_session_create": (
            lambda: swot_services.swot_session_create(
                meeting=meeting, topic="Tablica nowa", votes_per_member=3, by=moderator
            ),
            "Tablica nowa",
        ),
        "swot_item_add": (
            lambda: swot_services.swot_item_add(
                session=session, author=moderator, quadrant="S", text="Mocna strona", now=now
            ),
            "1 punkt",
        ),
        "swot_session_close": (
            lambda: swot_services.swot_session_close(session=session, by=moderator, now=now),
            "zakończona",
        ),
        "team edit": (lambda: _rename(team), "Zespół przemianowany"),
    }


def _rename(team: Any) -> None:
    team.name = "Zespół przemianowany"
    team.save()  # as the admin does: the signal renews the page


CHANGES = [
    "meeting_create",
    "meeting_update",
    "minutes_publish",
    "membership_add",
    "membership_delete",
    "goal_save",
    "solution_add",
    "action_save",
    "goal_delete",
    "swot_session_create",
    "swot_item_add",
    "swot_session_close",
    "team edit",
]


@pytest.mark.parametrize("change", CHANGES)
def test_each_service_renews_the_page(client, team, moderator, coordinator, change):
    changes = _changes(team, moderator, coordinator)
    do, shown = changes[change]
    revisions.bump(revisions.team_scope(team.pk))  # whatever the factories wrote
    before = client.get(_url(team))
    etag = before["ETag"]
    do()
    after = client.get(_url(team), HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200, change
    assert after["ETag"] != etag
    if change == "membership_add":
        pass  # a member without consent or organisation: only the key moves
    elif shown.startswith("!"):
        assert shown[1:] in _main(before)
        assert shown[1:] not in _main(after), change
    else:
        assert shown not in _main(before)
        assert shown in _main(after), change


def test_a_vote_does_not_renew_the_team_page(client, team, member, moderator, open_session):
    item = SwotItemFactory(session=open_session)
    swot_services.swot_session_open(session=open_session, by=moderator, now=timezone.now())
    etag = client.get(_url(team))["ETag"]
    swot_services.swot_vote_cast(item=item, voter=member, now=timezone.now())
    assert client.get(_url(team), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_admin_editing_a_swot_item_renews_the_page_and_the_board(
    client, team, coordinator, closed_session
):
    item = SwotItemFactory(session=closed_session, text="Tekst pierwotny", quadrant="S")
    revisions.bump(revisions.team_scope(team.pk))
    etag = client.get(_url(team))["ETag"]
    board = revisions.revision(revisions.board_scope(closed_session.pk))
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:swot_swotitem_change", args=[item.pk]),
        {
            "session": closed_session.pk,
            "quadrant": "W",
            "text": "Tekst poprawiony",
            "author": item.author_id or "",
            "position": item.position,
            "created_at_0": timezone.localtime(item.created_at).strftime("%Y-%m-%d"),
            "created_at_1": timezone.localtime(item.created_at).strftime("%H:%M:%S"),
            "merged_into": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert revisions.revision(revisions.board_scope(closed_session.pk)) > board
    client.logout()
    assert client.get(_url(team), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_meeting_moves_to_the_past_by_the_clock_alone(client, team):
    starts = timezone.now() + dt.timedelta(hours=2)
    MeetingFactory(team=team, title="Spotkanie wkrótce", starts_at=starts)
    before = _main(client.get(_url(team)))
    upcoming, past = (
        before.split("Odbyte spotkania")
        if "Odbyte spotkania" in before
        else before.split("Past meetings")
    )
    assert "Spotkanie wkrótce" in upcoming
    with time_machine.travel(starts + dt.timedelta(minutes=1)):
        after = _main(client.get(_url(team)))
    upcoming, past = (
        after.split("Odbyte spotkania")
        if "Odbyte spotkania" in after
        else after.split("Past meetings")
    )
    assert "Spotkanie wkrótce" in past


# ------------------------------------------------------------------------------
# Nothing personal crosses between readers
# ------------------------------------------------------------------------------
def test_the_stay_question_reaches_only_its_person(client, team, member):
    carried = MembershipFactory(team=team, to_confirm=True).user
    for order in ([carried, member, None], [None, member, carried]):
        for user in order:
            client.logout()
            if user is not None:
                client.force_login(user)
            html = client.get(_url(team)).content.decode()
            assert (QUESTION in html) == (user == carried), user


ROLES = ["anonymous", "member", "other_team_member", "moderator", "coordinator"]


@pytest.mark.parametrize("warm", ROLES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_is_unchanged_whoever_warmed_the_cache(
    client, as_role, request, team, warm, role
):
    as_role(warm)
    client.get(_url(team))
    client.logout()
    as_role(role)
    response = client.get(_url(team))
    assert response.status_code == 200
    manage = reverse("teams:meeting_create", args=[team.slug])
    assert (manage in response.content.decode()) == (role in {"moderator", "coordinator"})
    invitations = reverse("teams:team_invitations", args=[team.slug])
    assert (invitations in response.content.decode()) == (role in {"moderator", "coordinator"})


def test_membership_confirm_renews_the_page(client, team):
    membership = MembershipFactory(team=team, to_confirm=True)
    user = membership.user
    revisions.bump(revisions.team_scope(team.pk))
    etag = client.get(_url(team))["ETag"]
    team_services.membership_confirm(
        membership=Membership.objects.get(pk=membership.pk), user=user, stay=False
    )
    assert client.get(_url(team), HTTP_IF_NONE_MATCH=etag).status_code == 200
