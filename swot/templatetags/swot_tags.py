"""Template tags through which the swot parts of team pages load their data.

The teams app must not know swot (apps depend one way): swot registers its templates
in the team pages' places (core/hooks.py, from ``SwotConfig.ready``) and those
templates load what they show through these tags.
"""

from __future__ import annotations

from typing import Any

from django import template

from swot import selectors
from swot.models import SwotItem, SwotSession

register = template.Library()


@register.simple_tag
def team_swot_sessions(team: Any) -> list[SwotSession]:
    """Every SWOT board of the team, newest meeting first."""
    return list(selectors.team_sessions(team=team))


@register.simple_tag
def meeting_swot_sessions(meeting: Any) -> list[SwotSession]:
    """The boards of one meeting, in their order."""
    return list(SwotSession.objects.filter(meeting=meeting).order_by("position", "pk"))


@register.simple_tag
def team_goals(team: Any) -> list[Any]:
    """The team's goals with solutions, actions, priority areas and SWOT items."""
    return list(selectors.team_goals(team=team))


@register.inclusion_tag("swot/includes/results.html")
def swot_results(session: SwotSession, limit: int = 3) -> dict[str, Any]:
    """The most-voted items per quadrant of a closed board."""
    items = list(selectors.board_results(session=session))
    quadrants = []
    for code, label in SwotItem.Quadrant.choices:
        in_quadrant = [item for item in items if item.quadrant == code]
        quadrants.append(
            {
                "code": code,
                "label": label,
                "items": in_quadrant[:limit],
                "more": max(len(in_quadrant) - limit, 0),
            }
        )
    return {"session": session, "quadrants": quadrants}
