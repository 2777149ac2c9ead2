"""Writes for teams: roles, memberships, organisations, meetings and minutes."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox
from core.dberrors import constraint_name
from core.rendering import render_request, render_store
from core.signals import public_record_changed_on_commit
from teams.models import (
    IDENTIFIER_CONSTRAINTS,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    Membership,
    MinutesPdf,
    Organisation,
    Representative,
    SectorTeam,
)
from teams.rules import forget_team_roles, is_coordinator
from teams.validators import validate_minutes_length

logger = logging.getLogger(__name__)


@transaction.atomic
def coordinators_group_sync() -> Group:
    """Create the coordinators' group and give it every permission of the domain apps.

    Which apps those are is a setting (``COORDINATED_APPS``): teams knows no app above it.
    """
    group, _ = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
    wanted = set(
        Permission.objects.filter(
            content_type__app_label__in=settings.COORDINATED_APPS
        ).values_list("pk", flat=True)
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


@transaction.atomic
def representative_state(*, user: Any, organisation: Organisation) -> Representative:
    """Record that ``user`` speaks for ``organisation``: pending until confirmed (idempotent).

    A revoked statement made again is pending again; the confirmation link goes to the
    organisation's own address on record, never the person's (issue 10, item 3).
    """
    representative, created = Representative.objects.get_or_create(
        user=user, organisation=organisation
    )
    if not created and representative.status == Representative.Status.REVOKED:
        representative.status = Representative.Status.PENDING
        representative.confirmation_sent_at = None
        representative._change_reason = "stated again"  # type: ignore[attr-defined]
        representative.save(update_fields=["status", "confirmation_sent_at"])
    if representative.status == Representative.Status.PENDING:
        representation_confirmation_request(representative=representative)
    return representative


def representation_confirmation_request(*, representative: Representative) -> bool:
    """Send the signed link to the organisation's e-mail on record (after commit)."""
    if not representative.organisation.email:
        return False  # a coordinator confirms it in the admin instead
    outbox.enqueue(
        handler="teams.tasks.representation_confirmation_send",
        payload={"representative_pk": representative.pk},
    )
    return True


REPRESENTATION_SALT = "teams.representation.confirm"
REPRESENTATION_MAX_AGE = dt.timedelta(days=14)


def representation_token(representative: Representative) -> str:
    """Signed (pk, organisation e-mail): a changed address invalidates old links."""
    from django.core import signing

    return signing.dumps(
        [representative.pk, representative.organisation.email], salt=REPRESENTATION_SALT
    )


def representation_confirmation_send(*, representative: Representative, now: dt.datetime) -> bool:
    """E-mail the organisation once per request; False when already sent or confirmed."""
    from django.urls import reverse

    from core.mail import send_templated_email

    claimed = Representative.objects.filter(
        pk=representative.pk,
        status=Representative.Status.PENDING,
        confirmation_sent_at__isnull=True,
    ).update(confirmation_sent_at=now, confirmation_sent_to=representative.organisation.email)
    if not claimed:
        return False
    url = reverse("teams:representation_confirm", args=[representation_token(representative)])
    send_templated_email(
        "representation-confirm",
        {"representative": representative, "confirm_path": url},
        to=[representative.organisation.email],
    )
    return True


@transaction.atomic
def representation_confirm_by_token(*, token: str, now: dt.datetime) -> Representative:
    """The organisation opened the link sent to its own address: the statement is confirmed."""
    from django.core import signing

    try:
        pk, address = signing.loads(token, salt=REPRESENTATION_SALT, max_age=REPRESENTATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Ask a coordinator to confirm the representation."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid."), code="invalid") from None
    representative = (
        Representative.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
    if representative is None or representative.organisation.email != address:
        raise ValidationError(_("This link is not valid."), code="invalid")
    if representative.status == Representative.Status.REVOKED:
        raise ValidationError(_("This representation was revoked."), code="revoked")
    if representative.status == Representative.Status.CONFIRMED:
        return representative
    representative.status = Representative.Status.CONFIRMED
    representative.method = Representative.Method.EMAIL
    representative.confirmed_at = now
    representative._change_reason = "confirmed by the organisation's e-mail link"  # type: ignore[attr-defined]
    representative.save(update_fields=["status", "method", "confirmed_at"])
    return representative


@transaction.atomic
def representation_confirm(
    *, representative: Representative, by: Any, note: str, now: dt.datetime
) -> Representative:
    """A coordinator confirms a statement, saying how it was checked."""
    if not is_coordinator(by):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say how the representation was checked.")})
    representative = Representative.objects.select_for_update().get(pk=representative.pk)
    representative.status = Representative.Status.CONFIRMED
    representative.method = Representative.Method.COORDINATOR
    representative.confirmed_at = now
    representative.confirmed_by = by
    representative.note = note.strip()
    representative.full_clean()
    representative._history_user = by  # type: ignore[attr-defined]
    representative._change_reason = "confirmed by a coordinator"  # type: ignore[attr-defined]
    representative.save()
    return representative


@transaction.atomic
def representation_revoke(
    *, representative: Representative, by: Any, note: str, now: dt.datetime
) -> Representative:
    """A coordinator revokes a statement; its history stays."""
    if not is_coordinator(by):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("Say why the representation is revoked.")})
    representative = Representative.objects.select_for_update().get(pk=representative.pk)
    representative.status = Representative.Status.REVOKED
    representative.note = note.strip()
    representative.full_clean()
    representative._history_user = by  # type: ignore[attr-defined]
    representative._change_reason = "revoked by a coordinator"  # type: ignore[attr-defined]
    representative.save()
    return representative


@transaction.atomic
def organisation_verify(
    *, organisation: Organisation, by: Any, note: str, now: dt.datetime
) -> Organisation:
    """A coordinator checked the organisation's KRS (or other register) entry."""
    if not is_coordinator(by):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(
            {"verification_note": _("Say what was checked, e.g. the KRS entry's date.")}
        )
    organisation.verified_at = now
    organisation.verified_by = by
    organisation.verification_note = note.strip()
    organisation.full_clean()
    organisation.save(update_fields=["verified_at", "verified_by", "verification_note"])
    return organisation


@transaction.atomic
def organisation_register(*, user: Any, data: Mapping[str, Any]) -> Organisation:
    """Add a new organisation (validated KRS/NIP/REGON) and make ``user`` its representative."""
    organisation = Organisation(**data)
    organisation.full_clean()
    try:
        # A savepoint: another person may have registered the same number meanwhile.
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        field = IDENTIFIER_CONSTRAINTS.get(constraint_name(exc))
        if field is None:
            raise
        raise ValidationError(
            organisation.identifier_conflicts() or {field: _("Check this number.")}
        ) from exc
    representative = Representative.objects.create(
        user=user, organisation=organisation, registered_organisation=True
    )
    # Unverified (no verified_at) until a coordinator checks the register entry.
    representation_confirmation_request(representative=representative)
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
    try:
        validate_minutes_length(minutes)
    except ValidationError as exc:
        raise ValidationError({"minutes": exc.error_list}) from None
    meeting.minutes = minutes
    meeting.minutes_published_at = meeting.minutes_published_at or now
    meeting._history_user = by  # type: ignore[attr-defined]
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    # Rendered now, by a worker: a reader's request only ever serves the stored file.
    minutes_pdf_request(meeting=meeting, now=now)
    public_record_changed_on_commit(Meeting, meeting.pk)
    return meeting


# ------------------------------------------------------------------------------
# The minutes PDF: requested on publication, rendered by a worker, stored
# ------------------------------------------------------------------------------
def minutes_pdf_fingerprint(meeting: Meeting) -> str:
    """Everything the minutes PDF shows, hashed: a correction or a renamed meeting is a new file."""
    team = meeting.team
    parts = [
        meeting.title,
        meeting.place,
        meeting.starts_at.isoformat(),
        team.name,
        team.programme.municipality.name,
        # all(), sorted here: the meeting page's selector has prefetched the items.
        *(i.title for i in sorted(meeting.agenda_items.all(), key=lambda i: (i.position, i.pk))),
        meeting.minutes,
        meeting.minutes_published_at.isoformat() if meeting.minutes_published_at else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def minutes_pdf_request(*, meeting: Meeting, now: dt.datetime | None = None) -> MinutesPdf:
    """The stored PDF of the meeting's published minutes; queues one render if none is pending."""
    if meeting.minutes_published_at is None:
        raise ValidationError(_("Only published minutes are stored as PDF."), code="unpublished")
    return render_request(
        model=MinutesPdf,
        lookup={"meeting": meeting, "fingerprint": minutes_pdf_fingerprint(meeting)},
        defaults={},
        handler="teams.tasks.render_minutes_pdf",
        now=now or timezone.now(),
    )


def minutes_pdf_render(*, document: MinutesPdf) -> MinutesPdf:
    """Render and store the minutes PDF of ``document`` (idempotent)."""
    from teams.pdf import minutes_pdf

    document = MinutesPdf.objects.select_related("meeting__team__programme__municipality").get(
        pk=document.pk
    )
    if document.is_ready:
        return document
    meeting = document.meeting
    # One file for every reader: in the portal's language, whoever asked first.
    with translation.override(settings.LANGUAGE_CODE):
        content = minutes_pdf({"meeting": meeting, "team": meeting.team})
    return render_store(
        model=MinutesPdf,
        pk=document.pk,
        content=content,
        name=f"protokol-spotkania-{meeting.pk}.pdf",
        now=timezone.now(),
    )


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
    # The outbox keeps the message until a worker delivers it, broker or not.
    outbox.enqueue(
        handler="teams.tasks.moderator_contact_deliver",
        payload={
            "team_pk": team.pk,
            "sender_name": sender_name,
            "sender_email": sender_email,
            "message": message,
        },
    )
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


# ------------------------------------------------------------------------------
# Invitations by e-mail and adding people found by search
# ------------------------------------------------------------------------------
INVITATION_SALT = "teams.invitation"
INVITATION_VALID_DAYS = 14


def invitation_token(invitation: Invitation) -> str:
    """The signed token in the invitation link (the pk, signed with SECRET_KEY)."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link points at, or None for a forged or mangled token."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Invitation.objects.select_related("team__programme", "invited_by").filter(pk=pk).first()


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse(
        "teams:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )


def _queue_invitation_email(invitation: Invitation) -> None:
    # In the transaction: a rolled-back invitation must not reach anyone's inbox, a
    # committed one always does (docs/architecture.md, "Outbox").
    outbox.enqueue(
        handler="teams.tasks.invitation_deliver", payload={"invitation_pk": invitation.pk}
    )


@transaction.atomic
def invitation_create(
    *, team: SectorTeam, email: str, role: str, by: Any, now: dt.datetime
) -> Invitation:
    """Invite ``email`` to ``team`` in ``role``; an open invitation to the same address is resent."""
    _require_manage(by, team)
    email = email.strip()
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")}, code="role")
    if Membership.objects.filter(team=team, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("The person with this address is already in the team.")}, code="member"
        )
    invitation = (
        Invitation.objects.select_for_update()
        .filter(team=team, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        invitation = Invitation(team=team, email=email, invited_by=by, created_at=now)
    invitation.role = role
    invitation.expires_at = now + dt.timedelta(days=INVITATION_VALID_DAYS)
    invitation.full_clean()
    invitation.save()
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: Any, now: dt.datetime) -> Invitation:
    """Send the invitation again with a fresh expiry (also revives an expired one)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require_manage(by, invitation.team)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation is closed."), code="closed")
    invitation.expires_at = now + dt.timedelta(days=INVITATION_VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    _queue_invitation_email(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any, now: dt.datetime) -> Invitation:
    """Withdraw a pending invitation: its link stops working (the row stays, with who and when)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require_manage(by, invitation.team)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already accepted."), code="accepted")
    if invitation.revoked_at is None:
        invitation.revoked_at = now
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def invitation_deliver(*, invitation: Invitation, now: dt.datetime) -> bool:
    """E-mail the invitation link (called by the task); closed invitations are not sent."""
    from core.mail import send_templated_email

    if invitation.status(now) != "pending":
        return False
    send_templated_email(
        "invitation",
        {
            "invitation": invitation,
            "team": invitation.team,
            "programme": invitation.team.programme,
            "inviter_name": invitation.invited_by.get_full_name(),
            "accept_url": invitation_url(invitation),
        },
        to=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=now, send_count=models.F("send_count") + 1
    )
    return True


def _organisation_for(user: Any) -> Organisation | None:
    """The one organisation a person stated they speak for, if exactly one."""
    organisations = list(
        Representative.objects.filter(user=user).values_list("organisation_id", flat=True)[:2]
    )
    if len(organisations) != 1:
        return None
    return Organisation.objects.get(pk=organisations[0])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: Any, now: dt.datetime) -> Membership:
    """The invited person joins the team in the invitation's role (idempotent for them)."""
    invitation = Invitation.objects.select_for_update().select_related("team").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return Membership.objects.get(team=invitation.team, user=user)
        raise ValidationError(_("This invitation was already used."), code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."), code="revoked")
    if invitation.expires_at <= now:
        raise ValidationError(
            _("This invitation has expired. Ask the team's moderator to send it again."),
            code="expired",
        )
    membership = Membership.objects.filter(team=invitation.team, user=user).first()
    if membership is None:
        membership = Membership(
            team=invitation.team,
            user=user,
            role=invitation.role,
            organisation=_organisation_for(user),
            joined_at=now,
        )
    elif membership.role == Membership.Role.MEMBER:
        membership.role = invitation.role
    membership_save(membership=membership, by=None)
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_add(
    *, team: SectorTeam, user: Any, role: str, by: Any, now: dt.datetime
) -> Membership:
    """Add a person found by search to the team (a moderator: their own team only)."""
    _require_manage(by, team)
    if Membership.objects.filter(team=team, user=user).exists():
        raise ValidationError(_("This person is already in the team."), code="member")
    membership = Membership(
        team=team, user=user, role=role, organisation=_organisation_for(user), joined_at=now
    )
    return membership_save(membership=membership, by=by)


# ------------------------------------------------------------------------------
# The next cycle: teams and memberships carried over from the previous programme
# ------------------------------------------------------------------------------
_YEARS_SUFFIX = re.compile(r"-(19|20)\d{2}(-(19|20)\d{2})?$")


def carried_slug(slug: str, *, first_year: int, last_year: int) -> str:
    """``edukacja`` or ``edukacja-2028-2030`` → ``edukacja-2031-2033`` (team slugs are global)."""
    base = _YEARS_SUFFIX.sub("", slug)
    years = f"{first_year}" if first_year == last_year else f"{first_year}-{last_year}"
    return f"{base[: 100 - len(years) - 1]}-{years}"


@transaction.atomic
def teams_carry_over(*, source: Any, target: Any) -> list[SectorTeam]:
    """Copy every team (kind, scope, priority areas) and its memberships, to be confirmed.

    People are not silently enrolled in a new cycle: each carried membership waits for
    the person's one-click confirmation (``membership_confirm``).
    """
    created = []
    teams = SectorTeam.objects.filter(programme=source).prefetch_related(
        "priority_areas", "memberships"
    )
    for team in teams:
        new = SectorTeam(
            programme=target,
            name=team.name,
            slug=carried_slug(team.slug, first_year=target.first_year, last_year=target.last_year),
            kind=team.kind,
            scope=team.scope,
            position=team.position,
        )
        new.full_clean()
        new.save()
        new.priority_areas.set(team.priority_areas.all())
        Membership.objects.bulk_create(
            Membership(
                team=new,
                user_id=m.user_id,
                organisation_id=m.organisation_id,
                role=m.role,
                public_name_consent=m.public_name_consent,
                to_confirm=True,
            )
            for m in team.memberships.all()
        )
        created.append(new)
    return created


@transaction.atomic
def membership_confirm(*, membership: Membership, user: Any, stay: bool) -> Membership | None:
    """The person confirms a carried-over membership, or leaves the new team."""
    if membership.user_id != user.pk:
        raise PermissionDenied
    if stay:
        membership.to_confirm = False
        membership.save(update_fields=["to_confirm"])
        return membership
    membership_delete(membership=membership, by=None)
    return None
