"""Writes for teams: roles, memberships, organisations, meetings and minutes."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.signals import public_record_changed_on_commit
from teams.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
    Organisation,
    Representative,
    SectorTeam,
)
from teams.rules import forget_team_roles, is_coordinator

logger = logging.getLogger(__name__)

# Coordinators run the whole programme: every model of the three domain apps.
COORDINATED_APPS = ("teams", "swot", "consultations", "simple_history", "django_celery_beat")


@transaction.atomic
def coordinators_group_sync() -> Group:
    """Create the coordinators' group and give it every permission of the domain apps."""
    group, _ = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=COORDINATED_APPS).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


@transaction.atomic
def representative_state(*, user: Any, organisation: Organisation) -> Representative:
    """Record that ``user`` speaks for an existing ``organisation`` (idempotent)."""
    representative, _ = Representative.objects.get_or_create(user=user, organisation=organisation)
    return representative


@transaction.atomic
def organisation_register(*, user: Any, data: Mapping[str, Any]) -> Organisation:
    """Add a new organisation (validated KRS/NIP/REGON) and make ``user`` its representative."""
    organisation = Organisation(**data)
    organisation.full_clean()
    organisation.save()
    Representative.objects.create(
        user=user, organisation=organisation, registered_organisation=True
    )
    return organisation


# ------------------------------------------------------------------------------
# Memberships, meetings, attendance, minutes, contact
# ------------------------------------------------------------------------------
# The seed's three-part meeting plan (6 July 2011), the template of every new
# meeting's agenda; Polish because it is content, not interface.
DEFAULT_AGENDA = [
    ("I. Analiza SWOT (silne i słabe strony, szanse i zagrożenia)", "Tematy analizy SWOT."),
    ("II. Określenie celów współpracy samorządu z organizacjami i propozycje rozwiązań", ""),
    ("III. Propozycja podjęcia konkretnych działań w odniesieniu do poszczególnych celów", ""),
]


def _require_manage(by: Any, team: SectorTeam) -> None:
    if not by.has_perm("teams.manage_team", team):
        raise PermissionDenied


@transaction.atomic
def moderator_staff_sync(*, user: Any) -> None:
    """Moderators enter the admin (scoped to their team): keep is_staff in step with the role."""
    forget_team_roles(user)
    moderates = Membership.objects.filter(user=user, role=Membership.Role.MODERATOR).exists()
    wanted = moderates or is_coordinator(user) or user.is_superuser
    if moderates and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    elif not wanted and user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_save(*, membership: Membership, by: Any | None) -> Membership:
    """Create or change a membership; a moderator role opens the admin to that person."""
    if by is not None:
        _require_manage(by, membership.team)
    membership.full_clean()
    membership.save()
    moderator_staff_sync(user=membership.user)
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, by: Any | None) -> None:
    """Remove someone from a team, and their admin access if it came from moderating."""
    if by is not None:
        _require_manage(by, membership.team)
    user = membership.user
    membership.delete()
    moderator_staff_sync(user=user)


@transaction.atomic
def meeting_create(
    *,
    team: SectorTeam,
    by: Any,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
) -> Meeting:
    """Plan a meeting with the seed's three-part agenda and the default ground rules."""
    _require_manage(by, team)
    meeting = Meeting(team=team, title=title, starts_at=starts_at, ends_at=ends_at, place=place)
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title, description=description)
        for position, (title, description) in enumerate(DEFAULT_AGENDA, start=1)
    )
    public_record_changed_on_commit(Meeting, meeting.pk)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Any, **fields: Any) -> Meeting:
    """Change a meeting's details, ground rules or speaking-time limit (history records who)."""
    _require_manage(by, meeting.team)
    allowed = {
        "title",
        "starts_at",
        "ends_at",
        "place",
        "ground_rules",
        "speaker_time_limit_seconds",
    }
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(meeting, name, value)
    meeting._history_user = by  # type: ignore[attr-defined]
    meeting.full_clean()
    meeting.save()
    public_record_changed_on_commit(Meeting, meeting.pk)
    return meeting


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: Any, minutes: str, now: dt.datetime) -> Meeting:
    """Publish (or correct) the minutes; only once the meeting has started."""
    _require_manage(by, meeting.team)
    if meeting.starts_at > now:
        raise ValidationError(
            {"minutes": _("Minutes can be published only after the meeting.")}, code="early"
        )
    if not minutes.strip():
        raise ValidationError({"minutes": _("The minutes are empty.")}, code="empty")
    meeting.minutes = minutes
    meeting.minutes_published_at = meeting.minutes_published_at or now
    meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    public_record_changed_on_commit(Meeting, meeting.pk)
    return meeting


@transaction.atomic
def attendance_declare(
    *, meeting: Meeting, user: Any, will_attend: bool, now: dt.datetime
) -> Attendance:
    """A team member says whether they will come."""
    if not user.has_perm("teams.take_part", meeting.team):
        raise PermissionDenied
    if meeting.starts_at <= now:
        raise ValidationError(_("The meeting has already started."), code="started")
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"will_attend": will_attend, "recorded_at": now}
    )
    return attendance


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, by: Any, present_user_ids: set[int], now: dt.datetime
) -> None:
    """The moderator takes attendance: every team member is marked present or absent."""
    _require_manage(by, meeting.team)
    member_ids = set(meeting.team.memberships.values_list("user_id", flat=True))
    existing = {a.user_id: a for a in meeting.attendances.select_for_update()}
    for user_id in member_ids | set(existing):
        present = user_id in present_user_ids
        attendance = existing.get(user_id)
        if attendance is None:
            Attendance.objects.create(
                meeting=meeting,
                user_id=user_id,
                will_attend=False,
                attended=present,
                recorded_at=now,
            )
        elif attendance.attended != present:
            attendance.attended = present
            attendance.save(update_fields=["attended"])


def _moderator_addresses(team: SectorTeam) -> list[str]:
    return list(
        team.memberships.moderators().exclude(user__email="").values_list("user__email", flat=True)
    )


def moderator_contact_send(
    *, team: SectorTeam, sender_name: str, sender_email: str, message: str
) -> int:
    """Queue a message to the team's moderators; returns how many will get it (0: none).

    SMTP is slow or down at times: the message goes out from a Celery task after the
    request, so the writer's text is never lost to a mail-server error.
    """
    n_recipients = len(_moderator_addresses(team))
    if not n_recipients:
        return 0
    args = (team.pk, sender_name, sender_email, message)

    def enqueue() -> None:
        from kombu.exceptions import OperationalError

        from teams.tasks import moderator_contact_deliver

        try:
            moderator_contact_deliver.delay(*args)
        except OperationalError:
            # No broker: deliver now rather than drop what the person wrote.
            logger.warning("Broker unavailable: sending the moderator contact e-mail inline")
            moderator_contact_deliver(*args)

    transaction.on_commit(enqueue)
    return n_recipients


def moderator_contact_deliver(
    *, team: SectorTeam, sender_name: str, sender_email: str, message: str
) -> int:
    """E-mail the team's moderators (reply goes to the writer); the public never sees their addresses."""
    recipients = _moderator_addresses(team)
    if not recipients:
        return 0
    context = {
        "team": team,
        "sender_name": sender_name,
        "sender_email": sender_email,
        "message": message,
    }
    email = EmailMessage(
        subject=render_to_string("emails/team-contact-subject.txt", context).strip(),
        body=render_to_string("emails/team-contact-body.txt", context),
        to=recipients,
        reply_to=[sender_email],
    )
    return email.send()
