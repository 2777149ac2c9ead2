from __future__ import annotations

from typing import Any

import pytest

from implementation.tests.factories import adopt
from programmes.models import PriorityArea


@pytest.fixture
def adopted(programme: Any) -> Any:
    adopt(programme)
    return programme


@pytest.fixture
def area(programme: Any) -> PriorityArea:
    from consultations.tests.factories import PriorityAreaFactory

    area = PriorityAreaFactory(name="Pomoc społeczna")
    programme.priority_areas.add(area)
    return area


@pytest.fixture
def action(team: Any, area: PriorityArea) -> Any:
    from swot.tests.factories import ActionFactory, GoalFactory

    goal = GoalFactory(team=team)
    goal.priority_areas.add(area)
    return ActionFactory(goal=goal, first_year=2012, last_year=2014)


@pytest.fixture
def other_action(other_team: Any, area: PriorityArea) -> Any:
    from swot.tests.factories import ActionFactory, GoalFactory

    goal = GoalFactory(team=other_team)
    goal.priority_areas.add(area)
    return ActionFactory(goal=goal, first_year=2012, last_year=2014)


@pytest.fixture
def official(team: Any) -> Any:
    """The responsible department's official: a membership of the action's team."""
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="official", organisation=None).user
