"""The polled board partial answers 304 from the board's revision (docs/architecture.md, "Caching")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from swot import services
from swot.tests.factories import SwotItemFactory, SwotSessionFactory

pytestmark = pytest.mark.django_db


def _poll(client: Any, session: Any, etag: str = "", **extra: Any) -> Any:
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(reverse("swot:board_items", args=[session.pk]), **headers, **extra)


def test_an_unchanged_board_answers_304_without_sql(
    client, member, open_session, item, django_assert_num_queries
):
    client.force_login(member)
    first = _poll(client, open_session)
    assert first.status_code == 200
    etag = first["ETag"]
    # One cache read (the revision): no session, no user, no board from the database.
    with django_assert_num_queries(0):
        again = _poll(client, open_session, etag, HTTP_HX_REQUEST="true")
    assert again.status_code == 304
    assert not again.content


CHANGES: dict[str, Callable[..., Any]] = {
    "item added": lambda s, i, m, mod, o: services.swot_item_add(
        session=s, author=m, quadrant="W", text="Nowy punkt", now=timezone.now()
    ),
    "item reworded": lambda s, i, m, mod, o: services.swot_item_update(
        item=i, by=mod, text="Inaczej", quadrant=i.quadrant
    ),
    "item moved": lambda s, i, m, mod, o: services.swot_item_move(item=o, by=mod, direction=-1),
    "items merged": lambda s, i, m, mod, o: services.swot_item_merge(source=o, target=i, by=mod),
    "vote cast": lambda s, i, m, mod, o: services.swot_vote_cast(
        item=i, voter=m, now=timezone.now()
    ),
    "board reopened": lambda s, i, m, mod, o: services.swot_session_open(
        session=s, by=mod, now=timezone.now()
    ),
    "board closed": lambda s, i, m, mod, o: services.swot_session_close(
        session=s, by=mod, now=timezone.now()
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_board_service_gives_a_new_revision(
    client, member, moderator, open_session, item, other_item, change
):
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    assert _poll(client, open_session, etag).status_code == 304
    CHANGES[change](open_session, item, member, moderator, other_item)
    assert _poll(client, open_session, etag).status_code == 200


def test_taking_a_vote_back_gives_a_new_revision(client, member, open_session, item):
    services.swot_vote_cast(item=item, voter=member, now=timezone.now())
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    services.swot_vote_withdraw(item=item, voter=member, now=timezone.now())
    fresh = _poll(client, open_session, etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_a_validator_is_bound_to_the_browser_session(client, member, moderator, open_session, item):
    client.force_login(member)
    members_etag = _poll(client, open_session)["ETag"]
    client.force_login(moderator)
    # The moderator's partial has other buttons: the member's validator never matches it.
    response = _poll(client, open_session, members_etag)
    assert response.status_code == 200
    assert response["ETag"] != members_etag


def test_a_forged_validator_is_refused(client, member, open_session, item):
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    revision, flip, _signature = etag.strip('"').split("-")
    forged = f'"{revision}-{flip}-{"0" * 24}"'
    assert _poll(client, open_session, forged).status_code == 200


def test_a_board_that_closes_by_its_clock_is_built_again_after_that_moment(client, member, meeting):
    closes_at = timezone.now() + dt.timedelta(minutes=5)
    session = SwotSessionFactory(meeting=meeting, closes_at=closes_at)
    SwotItemFactory(session=session)
    client.force_login(member)
    etag = _poll(client, session)["ETag"]
    assert _poll(client, session, etag).status_code == 304
    with time_machine.travel(closes_at + dt.timedelta(seconds=1)):
        later = _poll(client, session, etag)
    assert later.status_code == 200
    assert 'data-board-state="closed"' in later.content.decode()


def test_a_closed_board_stops_the_polling_and_carries_no_validator(client, member, closed_session):
    client.force_login(member)
    response = _poll(client, closed_session, HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    assert "ETag" not in response


def test_the_304_is_given_before_the_rest_of_the_middleware(client, member, open_session, item):
    """swot.middleware answers an unchanged board: the headers that the middleware after
    it would add (X-Frame-Options, Vary: Cookie) are absent, the policy before it is not."""
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    fast = _poll(client, open_session, etag, HTTP_HX_REQUEST="true")
    assert fast.status_code == 304
    assert fast["Cache-Control"] == "private, no-cache"
    assert "Content-Security-Policy" in fast
    assert "X-Frame-Options" not in fast
    assert "Vary" not in fast


def test_without_the_fast_path_the_view_gives_the_same_304(
    client, member, open_session, item, settings
):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "swot.middleware.BoardPollMiddleware"
    ]
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    slow = _poll(client, open_session, etag)
    assert slow.status_code == 304
    assert "X-Frame-Options" in slow  # it went through the whole middleware


def test_a_validator_is_bound_to_the_language(client, member, open_session, item):
    client.force_login(member)
    etag = _poll(client, open_session, HTTP_ACCEPT_LANGUAGE="pl")["ETag"]
    assert _poll(client, open_session, etag, HTTP_ACCEPT_LANGUAGE="pl").status_code == 304
    english = _poll(client, open_session, etag, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    assert english["ETag"] != etag


def test_other_addresses_and_methods_pass_the_fast_path(client, member, open_session, item):
    client.force_login(member)
    etag = _poll(client, open_session)["ETag"]
    board = client.get(reverse("swot:board", args=[open_session.pk]), HTTP_IF_NONE_MATCH=etag)
    assert board.status_code == 200
    posted = client.post(
        reverse("swot:board_items", args=[open_session.pk]), HTTP_IF_NONE_MATCH=etag
    )
    assert posted.status_code == 405
    assert client.get("/swot/999999/items/", HTTP_IF_NONE_MATCH=etag).status_code in (403, 404)
