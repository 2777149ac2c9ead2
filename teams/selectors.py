"""Reads for team and meeting pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from teams.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    Membership,
    Organisation,
    Representative,
    SectorTeam,
)


def confirmed_email_addresses(user_ids: Iterable[int]) -> dict[int, str]:
    """The address each active user confirmed (primary first); others are left out.

    The one definition of a "confirmed e-mail": commenting needs one (the receipt and
    the answer go there, ``teams.rules.has_verified_email``) and reminders go only there.
    """
    ids = list(user_ids)
    if not ids:
        return {}
    result: dict[int, str] = {}
    rows = (
        EmailAddress.objects.filter(user_id__in=ids, verified=True, user__is_active=True)
        .order_by("user_id", "-primary", "pk")
        .values_list("user_id", "email")
    )
    for user_id, email in rows:
        result.setdefault(user_id, email)
    return result


def organisations_spoken_for(user: Any) -> list[Organisation]:
    """Organisations a person speaks for, by name: stated ones and those a membership names.

    The one definition (docs/architecture.md, "Where each rule lives"): the statement
    page lists them and the comment form offers them as signing capacities.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    found = {
        r.organisation.pk: r.organisation
        for r in Representative.objects.for_user(user).standing().select_related("organisation")
    }
    for membership in Membership.objects.for_user(user).select_related("organisation"):
        if membership.organisation is not None:
            found.setdefault(membership.organisation.pk, membership.organisation)
    return sorted(found.values(), key=lambda o: o.name)


def team_organisations(*, team: SectorTeam) -> QuerySet[Organisation]:
    """Organisations taking part in a team (public: organisations, not people)."""
    return Organisation.objects.filter(memberships__team=team).distinct().order_by("name")


def team_named_members(*, team: SectorTeam) -> QuerySet[Membership]:
    """People who consented to their name being shown on the team page (RODO)."""
    return (
        Membership.objects.filter(team=team, public_name_consent=True)
        .select_related("user", "organisation")
        .order_by("role", "user__last_name")
    )


def team_meetings(*, team: SectorTeam) -> QuerySet[Meeting]:
    """A team's meetings in date order."""
    return Meeting.objects.filter(team=team).order_by("starts_at")


def programme_teams(*, programme_slug: str) -> QuerySet[SectorTeam]:
    """Every team of a programme, in the programme's order."""
    return (
        SectorTeam.objects.filter(programme__slug=programme_slug)
        .select_related("programme")
        .prefetch_related("priority_areas")
        .order_by("position", "name")
    )


def meeting_for_page(*, pk: int) -> Meeting:
    """One meeting with its team and agenda for the meeting page."""
    return (
        Meeting.objects.select_related("team__programme__municipality")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
        )
        .get(pk=pk)
    )


def meeting_roll(*, meeting: Meeting) -> list[dict[str, Any]]:
    """Team members with what they declared and whether they came (for the moderator)."""
    attendances = {a.user_id: a for a in Attendance.objects.filter(meeting=meeting)}
    roll = []
    for membership in (
        Membership.objects.filter(team=meeting.team)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        attendance = attendances.get(membership.user_id)
        roll.append(
            {
                "membership": membership,
                "will_attend": attendance.will_attend if attendance else None,
                "attended": bool(attendance and attendance.attended),
            }
        )
    return roll


PEOPLE_SEARCH_LIMIT = 5


def exact_person_filter(term: str) -> Q | None:
    """Exact e-mail, or full name in either order (case and spacing ignored); None: no search.

    A moderator finds a person only by what identifies them, never by a fragment,
    so nobody can page through every account (RODO: data minimisation).
    """
    words = term.split()
    if len(words) == 1 and "@" in words[0]:
        return Q(email__iexact=words[0])
    if len(words) < 2:
        return None
    return Q(first_name__iexact=" ".join(words[:-1]), last_name__iexact=words[-1]) | Q(
        first_name__iexact=" ".join(words[1:]), last_name__iexact=words[0]
    )


def people_find(*, term: str) -> list[Any]:
    """Active accounts matching ``term`` exactly (at most a handful)."""
    person = exact_person_filter(term)
    if person is None:
        return []
    users = get_user_model()._default_manager.filter(person, is_active=True)
    return list(users.order_by("last_name", "first_name", "pk")[:PEOPLE_SEARCH_LIMIT])


def team_invitations(*, team: SectorTeam) -> QuerySet[Invitation]:
    """Every invitation of the team, newest first, with who sent and who accepted it."""
    return team.invitations.select_related("invited_by", "accepted_by", "revoked_by")
