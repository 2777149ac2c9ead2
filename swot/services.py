"""Writes for SWOT boards, goals, proposed solutions and actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import idempotency, revisions
from core.signals import public_record_changed_on_commit
from swot import selectors
from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession, SwotVote
from swot.rules import can_contribute, can_moderate
from teams.models import Meeting, SectorTeam


def _require(predicate: Any, user: Any, obj: Any) -> None:
    if not predicate(user, obj):
        raise PermissionDenied


def _board_changed(session_id: int) -> None:
    """The board's polled partial must be built again (docs/architecture.md, "Caching")."""
    revisions.bump(revisions.board_scope(session_id))


def _lock_session(session: SwotSession) -> SwotSession:
    # Every write on a board takes the session row lock first, so vote limits and
    # merges are decided one at a time even with several web processes.
    return SwotSession.objects.select_for_update().select_related("meeting").get(pk=session.pk)


def _require_not_closed(session: SwotSession) -> None:
    # Closed boards are the record of the meeting: read-only until reopened.
    if session.closed_at is not None:
        raise ValidationError(
            _("This SWOT board is closed; reopen it to make changes."), code="closed"
        )


def _require_open(session: SwotSession, now: dt.datetime) -> None:
    if not session.is_open(now):
        raise ValidationError(
            _("This SWOT board is closed; nothing can be added or voted on any more."),
            code="closed",
        )


@transaction.atomic
def swot_session_create(
    *, meeting: Meeting, topic: str, votes_per_member: int, by: Any
) -> SwotSession:
    """Add a SWOT topic (a board) to a meeting."""
    _require(can_moderate_meeting, by, meeting)
    last = meeting.swot_sessions.aggregate(m=Max("position"))["m"] or 0
    session = SwotSession(
        meeting=meeting, topic=topic, votes_per_member=votes_per_member, position=last + 1
    )
    session.full_clean()
    session.save()
    return session


def can_moderate_meeting(user: Any, meeting: Meeting) -> bool:
    """Boards of a meeting are created by whoever moderates its team."""
    return bool(user.has_perm("teams.manage_team", meeting.team))


@transaction.atomic
def swot_session_open(*, session: SwotSession, by: Any, now: dt.datetime) -> SwotSession:
    """Open (or reopen) the board now; it stays open until the moderator closes it."""
    _require(can_moderate, by, session)
    session = _lock_session(session)
    session.opens_at = now
    session.closes_at = None
    session.closed_at = None
    session.closed_by = None
    session.save(update_fields=["opens_at", "closes_at", "closed_at", "closed_by"])
    _board_changed(session.pk)
    return session


@transaction.atomic
def swot_session_close(*, session: SwotSession, by: Any, now: dt.datetime) -> SwotSession:
    """Close the board: from now on it is read-only and public."""
    _require(can_moderate, by, session)
    session = _lock_session(session)
    if session.closed_at is None:
        session.closed_at = now
        session.closed_by = by
        session.save(update_fields=["closed_at", "closed_by"])
        _board_changed(session.pk)
    return session


@transaction.atomic
def swot_item_add(
    *,
    session: SwotSession,
    author: Any,
    quadrant: str,
    text: str,
    now: dt.datetime,
    token: str = "",
) -> SwotItem:
    """A member adds an item to one quadrant while the board is open.

    A second submission of the same form (``token``) returns the item the first added.
    """
    _require(can_contribute, author, session)
    session = _lock_session(session)
    try:
        submission = idempotency.claim(user=author, form="swot-item", token=token)
    except idempotency.AlreadySubmittedError as earlier:
        first = SwotItem.objects.filter(pk=earlier.object_pk or 0, author=author).first()
        if first is not None:
            return first
        submission = None
    _require_open(session, now)
    last = session.items.filter(quadrant=quadrant).aggregate(m=Max("position"))["m"]
    item = SwotItem(
        session=session,
        quadrant=quadrant,
        text=text.strip(),
        author=author,
        created_at=now,
        position=0 if last is None else last + 1,
    )
    item.full_clean()
    item.save()
    _board_changed(session.pk)
    idempotency.complete(submission, object_pk=item.pk)
    return item


@transaction.atomic
def swot_item_update(*, item: SwotItem, by: Any, text: str, quadrant: str) -> SwotItem:
    """The moderator rewords an item or moves it to another quadrant."""
    _require(can_moderate, by, item.session)
    _require_not_closed(_lock_session(item.session))
    item.text = text.strip()
    item.quadrant = quadrant
    item.full_clean()
    item.save(update_fields=["text", "quadrant"])
    _board_changed(item.session_id)
    return item


@transaction.atomic
def swot_item_move(*, item: SwotItem, by: Any, direction: int) -> None:
    """Swap an item with its neighbour above (-1) or below (+1) in its quadrant."""
    _require(can_moderate, by, item.session)
    session = _lock_session(item.session)
    _require_not_closed(session)
    if SwotItem.objects.filter(pk=item.pk, merged_into__isnull=False).exists():
        # A merged duplicate has no place of its own on the board any more (issue 16).
        raise ValidationError(
            _("This item was merged into another one and can no longer be moved."),
            code="merged",
        )
    siblings = list(
        session.items.filter(quadrant=item.quadrant, merged_into__isnull=True).order_by(
            "position", "pk"
        )
    )
    _reorder(siblings, item.pk, direction)
    _board_changed(session.pk)


@transaction.atomic
def swot_item_merge(*, source: SwotItem, target: SwotItem, by: Any) -> SwotItem:
    """Merge a duplicate into another item; its votes carry over (one per voter)."""
    _require(can_moderate, by, target.session)
    if source.session_id != target.session_id:
        raise ValidationError(_("Only items of the same board can be merged."), code="session")
    if source.pk == target.pk:
        raise ValidationError(_("An item cannot be merged into itself."), code="self")
    _require_not_closed(_lock_session(target.session))
    source = SwotItem.objects.get(pk=source.pk)
    target = SwotItem.objects.get(pk=target.pk)
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise ValidationError(_("This item has already been merged."), code="merged")
    both = set(target.votes.values_list("voter_id", flat=True))
    # A voter who voted on both keeps one vote on the target; the other is given back.
    source.votes.filter(voter_id__in=both).delete()
    source.votes.update(item=target)
    # Items merged earlier into the source now point at the surviving item.
    SwotItem.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    # Goals that cited the duplicate now cite the item it became.
    for goal in source.goals.all():
        goal.swot_items.add(target)
    _board_changed(target.session_id)
    return target


@transaction.atomic
def swot_vote_cast(*, item: SwotItem, voter: Any, now: dt.datetime) -> SwotVote:
    """Place one dot vote on an item: at most one per member and item, within the limit."""
    _require(can_contribute, voter, item.session)
    session = _lock_session(item.session)
    _require_open(session, now)
    item = SwotItem.objects.get(pk=item.pk)
    if item.merged_into_id is not None:
        raise ValidationError(_("This item was merged into another one."), code="merged")
    existing = SwotVote.objects.filter(item=item, voter=voter).first()
    if existing is not None:
        return existing
    if selectors.votes_left(session=session, voter=voter) <= 0:
        raise ValidationError(
            _("You have used all %(n)s of your votes on this board; take one back first.")
            % {"n": session.votes_per_member},
            code="limit",
        )
    try:
        # The session lock already serialises votes; the unique constraint is the last
        # word should a writer ever bypass this service.
        with transaction.atomic():
            vote = SwotVote.objects.create(item=item, voter=voter, created_at=now)
    except IntegrityError:
        return SwotVote.objects.get(item=item, voter=voter)
    _board_changed(session.pk)
    return vote


@transaction.atomic
def swot_vote_withdraw(*, item: SwotItem, voter: Any, now: dt.datetime) -> None:
    """Take a dot vote back, so it can be placed elsewhere."""
    _require(can_contribute, voter, item.session)
    session = _lock_session(item.session)
    _require_open(session, now)
    SwotVote.objects.filter(item=item, voter=voter).delete()
    _board_changed(session.pk)


# ------------------------------------------------------------------------------
# Goals, proposed solutions, actions
# ------------------------------------------------------------------------------
def _require_team(by: Any, team: SectorTeam) -> None:
    if not by.has_perm("teams.manage_team", team):
        raise PermissionDenied


@transaction.atomic
def goal_save(
    *,
    team: SectorTeam,
    by: Any,
    title: str,
    description: str,
    priority_areas: Iterable[Any],
    swot_items: Iterable[SwotItem],
    goal: Goal | None = None,
) -> Goal:
    """Create or change a goal made from selected SWOT items of the team's boards."""
    _require_team(by, team)
    items = list(swot_items)
    if any(item.session.meeting.team_id != team.pk for item in items):
        raise ValidationError(_("Only this team's SWOT items can be linked."), code="team")
    if goal is None:
        last = team.goals.aggregate(m=Max("position"))["m"]
        goal = Goal(team=team, created_by=by, position=0 if last is None else last + 1)
    goal.title = title
    goal.description = description
    goal.full_clean()
    goal.save()
    goal.priority_areas.set(list(priority_areas))
    goal.swot_items.set(items)
    public_record_changed_on_commit(SectorTeam, team.pk)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by: Any) -> None:
    """Remove a goal with its solutions and actions."""
    _require_team(by, goal.team)
    goal.delete()
    public_record_changed_on_commit(SectorTeam, goal.team_id)


@transaction.atomic
def solution_add(*, goal: Goal, by: Any, text: str) -> ProposedSolution:
    """Append a proposed solution to a goal."""
    _require_team(by, goal.team)
    last = goal.solutions.aggregate(m=Max("position"))["m"]
    solution = ProposedSolution(goal=goal, text=text, position=0 if last is None else last + 1)
    solution.full_clean()
    solution.save()
    public_record_changed_on_commit(SectorTeam, goal.team_id)
    return solution


def _reorder(rows: list[Any], pk: int, direction: int) -> None:
    """Swap row ``pk`` with its neighbour (-1 up, +1 down) and renumber from 0; the one
    reordering of SWOT items and proposed solutions."""
    index = next((i for i, row in enumerate(rows) if row.pk == pk), None)
    if index is None:
        # Gone from the list between the page and the click (merged, deleted).
        raise ValidationError(_("This item is no longer in the list."), code="gone")
    other = index + direction
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def solution_move(*, solution: ProposedSolution, by: Any, direction: int) -> None:
    """Move a proposed solution up (-1) or down (+1)."""
    _require_team(by, solution.goal.team)
    rows = list(
        ProposedSolution.objects.select_for_update()
        .filter(goal=solution.goal)
        .order_by("position", "pk")
    )
    _reorder(rows, solution.pk, direction)


@transaction.atomic
def solution_delete(*, solution: ProposedSolution, by: Any) -> None:
    """Remove a proposed solution."""
    _require_team(by, solution.goal.team)
    solution.delete()
    public_record_changed_on_commit(SectorTeam, solution.goal.team_id)


@transaction.atomic
def action_save(
    *,
    goal: Goal,
    by: Any,
    title: str,
    responsible_party: str,
    cooperation_form: str,
    first_year: int,
    last_year: int,
    indicator: str,
    planned_funds: Decimal | None,
    action: Action | None = None,
) -> Action:
    """Create or change an action; years must lie within the programme period."""
    _require_team(by, goal.team)
    if action is None:
        last = goal.actions.aggregate(m=Max("position"))["m"]
        action = Action(goal=goal, position=0 if last is None else last + 1)
    action.title = title
    action.responsible_party = responsible_party
    action.cooperation_form = cooperation_form
    action.first_year = first_year
    action.last_year = last_year
    action.indicator = indicator
    action.planned_funds = planned_funds
    action.full_clean()
    action.save()
    public_record_changed_on_commit(SectorTeam, goal.team_id)
    return action


@transaction.atomic
def action_delete(*, action: Action, by: Any) -> None:
    """Remove an action."""
    _require_team(by, action.goal.team)
    action.delete()
    public_record_changed_on_commit(SectorTeam, action.goal.team_id)
