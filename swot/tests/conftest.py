"""Boards, items and goals around the root personas' ``team``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from swot.tests.factories import (
    ActionFactory,
    GoalFactory,
    ProposedSolutionFactory,
    SwotItemFactory,
    SwotSessionFactory,
)
from teams.tests.factories import MeetingFactory


@pytest.fixture
def meeting(team: Any) -> Any:
    return MeetingFactory(team=team)


@pytest.fixture
def upcoming_meeting(team: Any) -> Any:
    return MeetingFactory(team=team, starts_at=timezone.now() + dt.timedelta(days=3))


@pytest.fixture
def open_session(meeting: Any) -> Any:
    return SwotSessionFactory(meeting=meeting, votes_per_member=3)


@pytest.fixture
def closed_session(meeting: Any) -> Any:
    return SwotSessionFactory(meeting=meeting, closed_at=timezone.now())


@pytest.fixture
def item(open_session: Any) -> Any:
    return SwotItemFactory(session=open_session, text="Duże doświadczenie organizacji")


@pytest.fixture
def other_item(open_session: Any) -> Any:
    return SwotItemFactory(session=open_session, text="Doświadczenie organizacji (duplikat)")


@pytest.fixture
def goal(team: Any) -> Any:
    return GoalFactory(team=team)


@pytest.fixture
def solution(goal: Any) -> Any:
    return ProposedSolutionFactory(goal=goal)


@pytest.fixture
def action(goal: Any) -> Any:
    return ActionFactory(
        goal=goal,
        first_year=goal.team.programme.first_year,
        last_year=goal.team.programme.first_year,
    )
