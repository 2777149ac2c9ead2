"""A meeting or phase stored at year 1 or 9999 before the constraints breaks no page (issue 16).

The CHECK constraints refuse such rows now, so the test removes the constraint inside
its own transaction (rolled back at the end), stores the row as a form once did, and
opens every page that used to answer 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from teams.tests.factories import MeetingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="raw PostgreSQL timestamps"),
]

# What a moderator's "0001-01-01 00:00" in Warsaw became (local mean time, +01:24),
# and the last hour of 9999 that made the iCal feeds fail.
STAMPS = ["0001-01-01 00:00+01:24", "9999-12-31 23:00+00"]


def _store_raw(table: str, column: str, pk: int, stamp: str, *, constraints: list[str]) -> None:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of the factories' inserts must fire before ALTER.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        cursor.execute(
            f"UPDATE {table} SET {column} = %s::timestamptz WHERE id = %s",  # noqa: S608
            [stamp, pk],
        )


@pytest.fixture(params=STAMPS)
def absurd_meeting(request: Any, team: Any) -> Any:
    meeting = MeetingFactory(team=team)
    _store_raw(
        "teams_meeting",
        "starts_at",
        meeting.pk,
        request.param,
        constraints=["meeting_starts_at_range"],
    )
    return meeting


def test_public_pages_of_an_absurdly_dated_meeting_answer(client: Any, absurd_meeting: Any) -> None:
    team = absurd_meeting.team
    for url in (
        reverse("teams:team_detail", args=[team.slug]),
        reverse("teams:team_calendar", args=[team.slug]),
        reverse("teams:meeting_detail", args=[absurd_meeting.pk]),
        reverse("teams:meeting_ics", args=[absurd_meeting.pk]),
        reverse("teams:programme_teams", args=[team.programme.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_calendar_leaves_the_absurd_meeting_out(client: Any, absurd_meeting: Any) -> None:
    MeetingFactory(team=absurd_meeting.team, title="Spotkanie zwykłe")
    body = client.get(reverse("teams:team_calendar", args=[absurd_meeting.team.slug])).content
    assert b"Spotkanie zwyk" in body
    assert body.count(b"BEGIN:VEVENT") == 1


def test_the_admin_lists_and_opens_it_so_that_it_can_be_corrected(
    client: Any, coordinator: Any, absurd_meeting: Any
) -> None:
    client.force_login(coordinator)
    assert client.get(reverse("admin:teams_meeting_changelist")).status_code == 200
    change = reverse("admin:teams_meeting_change", args=[absurd_meeting.pk])
    assert client.get(change).status_code == 200


def test_a_phase_dated_9999_breaks_neither_the_programme_nor_its_deadlines_feed(
    client: Any, programme: Any
) -> None:
    from consultations.tests.factories import PhaseFactory

    phase = PhaseFactory(programme=programme)
    _store_raw(
        "consultations_phase",
        "ends_at",
        phase.pk,
        "9999-12-31 23:00+00",
        constraints=["phase_ends_at_range", "phase_ends_after_start"],
    )
    for url in (
        reverse("consultations:programme_detail", args=[programme.slug]),
        reverse("reminders:programme_deadlines_ics", args=[programme.slug]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00", "9999-12-31T23:59", "1999-12-31T10:00"])
def test_a_moderator_can_no_longer_store_such_a_date(
    client: Any, moderator: Any, team: Any, stamp: str
) -> None:
    from teams.models import Meeting

    client.force_login(moderator)
    response = client.post(
        reverse("teams:meeting_create", args=[team.slug]),
        {
            "title": "Spotkanie",
            "starts_at": stamp,
            "place": "",
            "ground_rules": "Zasady",
            "speaker_time_limit_seconds": "180",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code in (200, 400)
    assert "between the years 2000 and 2100" in response.content.decode()
    assert not Meeting.objects.exists()
