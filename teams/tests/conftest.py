"""Meetings around the root personas' ``team``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from teams.tests.factories import MeetingFactory


@pytest.fixture
def meeting(team: Any) -> Any:
    return MeetingFactory(
        team=team, minutes="Ustalenia spotkania.", minutes_published_at=timezone.now()
    )


@pytest.fixture
def upcoming_meeting(team: Any) -> Any:
    return MeetingFactory(team=team, starts_at=timezone.now() + dt.timedelta(days=3))
