"""Who may do what (django-rules predicates).

The coordinator role is global: superusers and members of the coordinators'
group run the whole programme (docs/domain.md, "Who uses the portal"). Per-team predicates live here too.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings


@rules.predicate
def has_verified_email(user: Any) -> bool:
    """The person confirmed an e-mail address (``teams.selectors.confirmed_email_addresses``)."""
    from teams.selectors import confirmed_email_addresses

    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk in confirmed_email_addresses([user.pk])


@rules.predicate
def is_coordinator(user: Any) -> bool:
    """Coordinators manage every programme, team and consultation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached per user object: the admin asks this many times per request.
    cached = getattr(user, "_is_coordinator_cache", None)
    if cached is None:
        cached = user.pk in coordinator_ids()
        user._is_coordinator_cache = cached
    return bool(cached)


# Every change to who is in the coordinators' group gives this scope a new revision
# (teams/signals.py), so the set below is kept under it and never read stale.
COORDINATORS_SCOPE = "coordinators"


def coordinator_ids() -> frozenset[int]:
    """The users in the coordinators' group: one query per change of the group, then kept
    (``core.pagecache.kept``), so that a logged-in request asks the database nothing for it."""
    from django.contrib.auth import get_user_model

    from core import pagecache, revisions

    number = revisions.watched([COORDINATORS_SCOPE])[COORDINATORS_SCOPE]
    return pagecache.kept(
        ("coordinators", settings.COORDINATORS_GROUP, number),
        lambda: frozenset(
            get_user_model()
            .objects.filter(groups__name=settings.COORDINATORS_GROUP)
            .values_list("pk", flat=True)
        ),
    )


def team_roles(user: Any) -> dict[int, str]:
    """The user's role in each team, by team pk; one query per user object and request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_team_roles_cache", None)
    if cached is None:
        from teams.models import Membership

        cached = dict(Membership.objects.filter(user=user).values_list("team_id", "role"))
        user._team_roles_cache = cached
    return cached


def forget_team_roles(user: Any) -> None:
    """Drop the cached roles after a membership of this user changed."""
    if hasattr(user, "_team_roles_cache"):
        del user._team_roles_cache


def _team_id(obj: Any) -> int | None:
    # Predicates accept a team or anything that knows its team (meeting, membership).
    if obj is None:
        return None
    if hasattr(obj, "team_id"):
        return obj.team_id
    if hasattr(obj, "meeting"):
        return obj.meeting.team_id
    return getattr(obj, "pk", None)


@rules.predicate
def is_team_member(user: Any, obj: Any) -> bool:
    """Any role in the team (member, moderator, official, expert) acts on its boards."""
    team_id = _team_id(obj)
    return team_id is not None and team_id in team_roles(user)


@rules.predicate
def is_team_moderator(user: Any, obj: Any) -> bool:
    """Moderators run their own team's meetings, sessions, goals and memberships."""
    team_id = _team_id(obj)
    return team_id is not None and team_roles(user).get(team_id) == "moderator"


@rules.predicate
def moderates_any_team(user: Any) -> bool:
    """A moderator of at least one team: enough to enter the admin, scoped there."""
    return "moderator" in team_roles(user).values()


@rules.predicate
def is_any_moderator_or_team_moderator(user: Any, obj: Any) -> bool:
    """Without an object (admin changelists): any moderator; with one: its team's moderator."""
    if obj is None:
        return moderates_any_team(user)
    return is_team_moderator(user, obj)


can_manage_team = is_coordinator | is_team_moderator
can_take_part = is_coordinator | is_team_member

rules.add_perm("teams.manage_team", can_manage_team)
rules.add_perm("teams.take_part", can_take_part)

# Admin permissions: coordinators hold model permissions through their group; the
# predicates below add object-level answers (ModelBackend says no once an object is
# passed) and let moderators in for their own team's rows.
_admin_rule = is_coordinator | is_any_moderator_or_team_moderator
for _model in ("meeting", "agendaitem", "attendance", "membership"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"teams.{_action}_{_model}", _admin_rule)
# Moderators see their own team and the organisations (public data) for the choices;
# only coordinators set teams up.
rules.add_perm("teams.view_sectorteam", _admin_rule)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"teams.{_action}_sectorteam", is_coordinator)
rules.add_perm("teams.view_organisation", is_coordinator | moderates_any_team)
# Invitations are read in the admin (coordinators all, moderators their team's) and
# changed only through the services (resend, withdraw), never by editing a row.
rules.add_perm("teams.view_invitation", _admin_rule)
# The admin index lists an app when the user has "module" permission on it.
rules.add_perm("teams", is_coordinator | moderates_any_team)
