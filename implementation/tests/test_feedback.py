"""Feedback into the next cycle: the last report on the next programme's SWOT boards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.tests.factories import ProgrammeFactory
from implementation import services
from implementation.tests.factories import RecordFactory
from swot.tests.factories import GoalFactory, SwotSessionFactory
from teams.tests.factories import MeetingFactory, SectorTeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_board(adopted: Any, team: Any, action: Any, coordinator: Any) -> Any:
    RecordFactory(action=action, year=2012, funds_spent=Decimal("4321.00"), status="done")
    report = services.report_save(
        programme=adopted, year=2012, texts={"summary": "S."}, by=coordinator, now=timezone.now()
    )
    services.report_publish(report=report, by=coordinator, now=timezone.now())
    following = ProgrammeFactory(first_year=2015, last_year=2017, municipality=adopted.municipality)
    new_team = SectorTeamFactory(programme=following, name=team.name)
    goal = GoalFactory(team=new_team, title="Cel kontynuowany", continues=action.goal)
    assert goal.continues == action.goal
    return SwotSessionFactory(meeting=MeetingFactory(team=new_team))


def test_the_next_programmes_board_shows_what_the_last_report_showed(
    client: Any, next_board: Any, action: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    html = client.get(reverse("swot:board", args=[next_board.pk])).content.decode()
    assert "last-report-panel" in html
    assert action.title in html
    assert "4\u00a0321,00\u00a0zł" in html
    assert "Cel kontynuowany" in html


def test_no_panel_without_a_published_report(
    client: Any, adopted: Any, team: Any, coordinator: Any
) -> None:
    client.force_login(coordinator)
    following = ProgrammeFactory(first_year=2015, last_year=2017, municipality=adopted.municipality)
    board = SwotSessionFactory(meeting=MeetingFactory(team=SectorTeamFactory(programme=following)))
    html = client.get(reverse("swot:board", args=[board.pk])).content.decode()
    assert "last-report-panel" not in html


def test_the_programme_page_says_when_the_report_is_due(client: Any, adopted: Any) -> None:
    html = client.get(adopted.get_absolute_url()).content.decode()
    assert reverse("implementation:years", args=[adopted.slug]) in html


def test_swot_does_not_import_implementation() -> None:
    import pathlib

    for path in pathlib.Path("swot").rglob("*.py"):
        assert "implementation" not in path.read_text(), path
