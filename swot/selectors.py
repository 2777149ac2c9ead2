"""Reads for SWOT boards and goals."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession, SwotVote


def board_items(*, session: SwotSession) -> QuerySet[SwotItem]:
    """The live items of a board with their vote counts, in the moderator's order."""
    return (
        SwotItem.objects.filter(session=session, merged_into__isnull=True)
        .annotate(n_votes=Count("votes"))
        .order_by("quadrant", "position", "pk")
    )


def board_results(*, session: SwotSession) -> QuerySet[SwotItem]:
    """A closed board's items, most votes first."""
    return board_items(session=session).order_by("quadrant", "-n_votes", "position", "pk")


def votes_left(*, session: SwotSession, voter: Any) -> int:
    """How many of their dot votes a member has not placed on this board.

    ``SwotSession.votes_left`` is the rule; this counts the votes for it. Merged items
    carry their votes over, so every vote counts.
    """
    if not getattr(voter, "is_authenticated", False):
        return session.votes_per_member
    return session.votes_left(
        used=SwotVote.objects.filter(item__session=session, voter=voter).count()
    )


def voted_item_ids(*, session: SwotSession, voter: Any) -> set[int]:
    """Items of this board the user has put a dot on."""
    if not getattr(voter, "is_authenticated", False):
        return set()
    return set(
        SwotVote.objects.filter(item__session=session, voter=voter).values_list(
            "item_id", flat=True
        )
    )


def team_goals(*, team: Any) -> QuerySet[Goal]:
    """A team's goals with their solutions, actions, priority areas and SWOT items."""
    return (
        Goal.objects.filter(team=team)
        .prefetch_related(
            Prefetch("solutions", queryset=ProposedSolution.objects.order_by("position", "pk")),
            Prefetch("actions", queryset=Action.objects.order_by("position", "pk")),
            "priority_areas",
            Prefetch(
                "swot_items",
                queryset=SwotItem.objects.select_related("session").order_by(
                    "session__position", "quadrant", "position"
                ),
            ),
        )
        .order_by("position", "pk")
    )


def team_sessions(*, team: Any) -> QuerySet[SwotSession]:
    """Every SWOT board of a team, newest meeting first."""
    return (
        SwotSession.objects.filter(meeting__team=team)
        .select_related("meeting")
        .annotate(n_items=Count("items", filter=Q(items__merged_into__isnull=True)))
        .order_by("-meeting__starts_at", "position")
    )
