"""Who may do what on SWOT boards and with goals (django-rules predicates).

Members of a team (any role: member, moderator, official, expert) add items and
vote on their own team's boards; moderators of that team and coordinators moderate.
"""

from __future__ import annotations

from typing import Any

import rules

from teams.rules import is_coordinator, is_team_member, is_team_moderator, moderates_any_team


def _team_of(obj: Any) -> Any:
    """The team an object of this app belongs to, as something with ``team_id``."""
    from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession, SwotVote

    if isinstance(obj, SwotSession):
        return obj.meeting
    if isinstance(obj, SwotItem):
        return obj.session.meeting
    if isinstance(obj, SwotVote):
        return obj.item.session.meeting
    if isinstance(obj, Goal):
        return obj
    if isinstance(obj, ProposedSolution | Action):
        return obj.goal
    return obj


@rules.predicate
def is_session_team_member(user: Any, obj: Any) -> bool:
    """The user belongs to the team that owns this board (or goal)."""
    return obj is not None and is_team_member(user, _team_of(obj))


@rules.predicate
def is_session_team_moderator(user: Any, obj: Any) -> bool:
    """The user moderates the team that owns this board (or goal)."""
    return obj is not None and is_team_moderator(user, _team_of(obj))


@rules.predicate
def is_admin_moderator(user: Any, obj: Any) -> bool:
    """Admin changelists (no object): any moderator; a row: its team's moderator."""
    if obj is None:
        return moderates_any_team(user)
    return is_session_team_moderator(user, obj)


can_contribute = is_coordinator | is_session_team_member
can_moderate = is_coordinator | is_session_team_moderator

rules.add_perm("swot.contribute", can_contribute)
rules.add_perm("swot.moderate", can_moderate)

_admin_rule = is_coordinator | is_admin_moderator
for _model in ("swotsession", "swotitem", "goal", "proposedsolution", "action"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"swot.{_action}_{_model}", _admin_rule)
# Votes are the members' own: moderators may look, never cast or remove them in the admin.
rules.add_perm("swot.view_swotvote", _admin_rule)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"swot.{_action}_swotvote", is_coordinator)
rules.add_perm("swot", is_coordinator | moderates_any_team)
