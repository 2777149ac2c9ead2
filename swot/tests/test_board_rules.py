"""Board rules: closed boards refuse (keeping the text), vote limits, merges keep
votes, and one vote per member and item even under concurrent requests."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from swot import services
from swot.models import SwotItem, SwotSession, SwotVote
from swot.tests.factories import SwotItemFactory, SwotSessionFactory, SwotVoteFactory
from teams.rules import coordinator_ids
from teams.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_adding_to_a_closed_board_is_refused_with_the_reason_and_the_text_kept(
    client, member, closed_session
):
    client.force_login(member)
    url = reverse("swot:item_add", args=[closed_session.pk])
    text = "Brak stabilnego finansowania – mój ważny punkt"
    response = client.post(url, {"quadrant": "W", "text": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.content.decode()
    assert "This SWOT board is closed" in body
    assert f">{text}</textarea>" in body
    assert not SwotItem.objects.filter(text=text).exists()


def test_adding_through_htmx_after_close_keeps_the_text_in_the_form(client, member, closed_session):
    client.force_login(member)
    url = reverse("swot:item_add", args=[closed_session.pk])
    response = client.post(
        url, {"quadrant": "O", "text": "Szansa"}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "This SWOT board is closed" in body
    assert ">Szansa</textarea>" in body
    assert "HX-Trigger" not in response


def test_adding_after_the_planned_window_is_refused(member, meeting):
    now = timezone.now()
    session: Any = SwotSessionFactory(meeting=meeting, closes_at=now)
    with pytest.raises(ValidationError) as exc:
        services.swot_item_add(session=session, author=member, quadrant="S", text="x", now=now)
    assert exc.value.code == "closed"


def test_an_empty_point_is_refused_beside_the_field(client, member, open_session):
    client.force_login(member)
    url = reverse("swot:item_add", args=[open_session.pk])
    response = client.post(url, {"quadrant": "S", "text": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'id="text-error"' in response.content.decode()


def test_an_added_item_tells_the_board_to_refresh(client, member, open_session):
    client.force_login(member)
    url = reverse("swot:item_add", args=[open_session.pk])
    response = client.post(url, {"quadrant": "T", "text": "Zagrożenie"}, HTTP_HX_REQUEST="true")
    assert response["HX-Trigger"] == "boardChanged"
    assert SwotItem.objects.get(text="Zagrożenie").author == member


def test_votes_beyond_the_limit_are_refused(member, open_session):
    items = SwotItemFactory.create_batch(4, session=open_session)
    now = timezone.now()
    for item in items[:3]:
        services.swot_vote_cast(item=item, voter=member, now=now)
    with pytest.raises(ValidationError) as exc:
        services.swot_vote_cast(item=items[3], voter=member, now=now)
    assert exc.value.code == "limit"
    assert SwotVote.objects.filter(voter=member).count() == 3


def test_the_refusal_reaches_the_member_on_the_board(client, member, open_session):
    open_session.votes_per_member = 1
    open_session.save()
    first, second = SwotItemFactory.create_batch(2, session=open_session)
    client.force_login(member)
    client.post(reverse("swot:item_vote", args=[first.pk]), {"action": "cast"})
    response = client.post(
        reverse("swot:item_vote", args=[second.pk]),
        {"action": "cast"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "You have used all 1 of your votes" in response.content.decode()
    assert not SwotVote.objects.filter(item=second).exists()


def test_a_member_moves_a_vote_by_taking_it_back(member, open_session):
    open_session.votes_per_member = 1
    open_session.save()
    first, second = SwotItemFactory.create_batch(2, session=open_session)
    now = timezone.now()
    services.swot_vote_cast(item=first, voter=member, now=now)
    services.swot_vote_withdraw(item=first, voter=member, now=now)
    services.swot_vote_cast(item=second, voter=member, now=now)
    assert list(SwotVote.objects.filter(voter=member).values_list("item", flat=True)) == [second.pk]


def test_voting_twice_on_one_item_keeps_one_vote(member, item):
    now = timezone.now()
    services.swot_vote_cast(item=item, voter=member, now=now)
    services.swot_vote_cast(item=item, voter=member, now=now)
    assert SwotVote.objects.filter(item=item, voter=member).count() == 1


def test_votes_are_refused_once_the_board_is_closed(member, item, moderator):
    services.swot_session_close(session=item.session, by=moderator, now=timezone.now())
    with pytest.raises(ValidationError):
        services.swot_vote_cast(item=item, voter=member, now=timezone.now())


def test_merge_keeps_all_votes_and_a_voter_of_both_keeps_one(moderator, team, item, other_item):
    a, b, c = (MembershipFactory(team=team).user for _ in range(3))
    SwotVoteFactory(item=item, voter=a)
    SwotVoteFactory(item=other_item, voter=b)
    SwotVoteFactory(item=item, voter=c)
    SwotVoteFactory(item=other_item, voter=c)

    services.swot_item_merge(source=other_item, target=item, by=moderator)

    other_item.refresh_from_db()
    assert other_item.merged_into == item
    assert set(item.votes.values_list("voter", flat=True)) == {a.pk, b.pk, c.pk}
    assert not SwotVote.objects.filter(item=other_item).exists()


def test_merged_items_leave_the_board_and_goals_follow_the_survivor(
    client, moderator, item, other_item, goal
):
    goal.swot_items.add(other_item)
    services.swot_item_merge(source=other_item, target=item, by=moderator)
    client.force_login(moderator)
    body = client.get(reverse("swot:board_items", args=[item.session_id])).content.decode()
    assert f'data-item="{other_item.pk}"' not in body
    assert f'data-item="{item.pk}"' in body
    assert item in goal.swot_items.all()


def test_items_of_different_boards_cannot_be_merged(moderator, item, meeting):
    stranger: Any = SwotItemFactory(session=SwotSessionFactory(meeting=meeting))
    with pytest.raises(ValidationError):
        services.swot_item_merge(source=stranger, target=item, by=moderator)


def test_a_member_cannot_merge(member, item, other_item):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.swot_item_merge(source=other_item, target=item, by=member)


def test_reordering_swaps_neighbours_in_a_quadrant(moderator, open_session):
    items: list[Any] = [
        SwotItemFactory(session=open_session, position=n, text=f"p{n}") for n in range(3)
    ]
    third = items[2]
    services.swot_item_move(item=third, by=moderator, direction=-1)
    order = list(
        SwotItem.objects.filter(session=open_session)
        .order_by("position")
        .values_list("text", flat=True)
    )
    assert order == ["p0", "p2", "p1"]


def test_closed_board_is_ordered_by_votes_and_downloads_as_csv(client, team, closed_session):
    low: Any = SwotItemFactory(session=closed_session, text="mało głosów", position=0)
    high: Any = SwotItemFactory(session=closed_session, text="dużo głosów", position=1)
    for _ in range(3):
        SwotVoteFactory(item=high, voter=MembershipFactory(team=team).user)
    SwotVoteFactory(item=low, voter=MembershipFactory(team=team).user)
    body = client.get(reverse("swot:board", args=[closed_session.pk])).content.decode()
    assert body.index("dużo głosów") < body.index("mało głosów")
    assert "hx-trigger" not in body  # read-only: no polling, no forms
    assert 'name="action"' not in body

    with translation.override("en"):
        csv_text = client.get(reverse("swot:board_csv", args=[closed_session.pk])).content
    rows = csv_text.decode("utf-8-sig").splitlines()
    assert rows[0] == "quadrant,position,text,votes"
    assert rows[1].endswith("dużo głosów,3")
    assert rows[2].endswith("mało głosów,1")


def _board_queries(client: Client, session: SwotSession) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("swot:board_items", args=[session.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_board_partial_query_count_does_not_grow_with_items(request, client, team, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    small: Any = SwotSessionFactory(meeting=MeetingFactory(team=team))
    large: Any = SwotSessionFactory(meeting=MeetingFactory(team=team))
    voters = [MembershipFactory(team=team).user for _ in range(5)]
    for session, n in ((small, 2), (large, 60)):
        for i in range(n):
            item: Any = SwotItemFactory(session=session, quadrant="SWOT"[i % 4])
            SwotVoteFactory(item=item, voter=voters[i % 5])
    coordinator_ids()  # who coordinates is read once per change of the group, then kept
    few = _board_queries(client, small)
    many = _board_queries(client, large)
    assert few == many
    # The board's revision (a cold cache reads its row: docs/architecture.md, "Caching"),
    # Django session, user, SWOT session, team roles (cached per request), items with
    # vote counts, my votes: 7, whatever the number of items.
    assert many == 7


# ------------------------------------------------------------------------------
# Concurrency on real PostgreSQL: threads each with their own connection.
# ------------------------------------------------------------------------------
def _run_together(*calls: Any) -> list[BaseException | None]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException | None] = [None] * len(calls)

    def run(index: int, call: Any) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as exc:
            errors[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_vote_requests_create_one_vote(team):
    member: Any = MembershipFactory(team=team).user
    item: Any = SwotItemFactory(session=SwotSessionFactory(meeting=MeetingFactory(team=team)))
    url = reverse("swot:item_vote", args=[item.pk])
    statuses: list[int] = []

    def vote() -> None:
        client = Client()
        client.force_login(member)
        statuses.append(client.post(url, {"action": "cast"}).status_code)

    for _ in range(5):
        errors = _run_together(vote, vote)
        assert errors == [None, None]
    assert statuses == [302] * 10
    assert SwotVote.objects.filter(item=item, voter=member).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_on_different_items_respect_the_limit(team):
    member: Any = MembershipFactory(team=team).user
    session: Any = SwotSessionFactory(meeting=MeetingFactory(team=team), votes_per_member=1)
    first, second = SwotItemFactory.create_batch(2, session=session)
    now = timezone.now()
    a_voted, b_started = threading.Event(), threading.Event()

    def a() -> None:
        # A's vote stays uncommitted while B tries: without the session lock B would
        # not see it, count zero votes used, and place a second one.
        with transaction.atomic():
            services.swot_vote_cast(item=first, voter=member, now=now)
            a_voted.set()
            b_started.wait(10)
            time.sleep(0.5)  # let B reach the lock; not a timing assertion

    def b() -> None:
        a_voted.wait(10)
        b_started.set()
        services.swot_vote_cast(item=second, voter=member, now=now)

    errors = _run_together(a, b)
    assert SwotVote.objects.filter(voter=member).count() == 1
    assert errors[0] is None
    assert isinstance(errors[1], ValidationError)
    assert errors[1].code == "limit"


@pytest.mark.django_db(transaction=True)
def test_a_vote_request_racing_an_uncommitted_vote_on_the_same_item_adds_none(team):
    member: Any = MembershipFactory(team=team).user
    item: Any = SwotItemFactory(session=SwotSessionFactory(meeting=MeetingFactory(team=team)))
    a_voted, b_started = threading.Event(), threading.Event()
    statuses: list[int] = []

    def a() -> None:
        with transaction.atomic():
            services.swot_vote_cast(item=item, voter=member, now=timezone.now())
            a_voted.set()
            b_started.wait(10)
            time.sleep(0.5)  # let B's request reach the lock; not a timing assertion

    def b() -> None:
        a_voted.wait(10)
        client = Client()
        client.force_login(member)
        b_started.set()
        statuses.append(
            client.post(reverse("swot:item_vote", args=[item.pk]), {"action": "cast"}).status_code
        )

    assert _run_together(a, b) == [None, None]
    assert statuses == [302]
    assert SwotVote.objects.filter(item=item, voter=member).count() == 1


@pytest.mark.parametrize("role", ["official", "expert"])
def test_officials_and_experts_add_items_but_do_not_moderate(team, item, other_item, role):
    from django.core.exceptions import PermissionDenied

    user: Any = MembershipFactory(team=team, role=role, organisation=None).user
    now = timezone.now()
    added = services.swot_item_add(
        session=item.session, author=user, quadrant="O", text="Uwaga eksperta", now=now
    )
    assert added.author == user
    services.swot_vote_cast(item=item, voter=user, now=now)
    with pytest.raises(PermissionDenied):
        services.swot_item_merge(source=other_item, target=item, by=user)
    with pytest.raises(PermissionDenied):
        services.swot_session_close(session=item.session, by=user, now=now)
    with pytest.raises(PermissionDenied):
        services.swot_item_update(item=item, by=user, text="zmiana", quadrant="S")


def test_polling_stops_once_the_board_is_closed(client, member, closed_session):
    client.force_login(member)
    url = reverse("swot:board_items", args=[closed_session.pk])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 286
    assert client.get(url).status_code == 200


def test_a_closed_board_is_read_only_for_the_moderator_too(moderator, closed_session):
    first, second = SwotItemFactory.create_batch(2, session=closed_session)
    for change in (
        lambda: services.swot_item_merge(source=second, target=first, by=moderator),
        lambda: services.swot_item_move(item=second, by=moderator, direction=-1),
        lambda: services.swot_item_update(item=first, by=moderator, text="x", quadrant="S"),
    ):
        with pytest.raises(ValidationError):
            change()
    assert SwotItem.objects.filter(merged_into__isnull=False).count() == 0
