"""Deadline reminders: who is due what today, the exactly-once ledger, and sending.

One path for beat, ``manage.py send_reminders`` and the tests:
``reminders_send_due`` (the daily pass) plans rows in ``ReminderDelivery`` and
enqueues chunks; ``reminders_send_chunk`` sends one chunk over one SMTP connection.
Days are Warsaw calendar days: "7 days left" means the deadline falls on the 7th
Warsaw date after today, whatever the UTC offset did in between (summer time).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.models import (
    MANDATORY_SECTION_KINDS,
    WARSAW,
    Comment,
    DraftVersion,
    Phase,
    Programme,
    ReminderDelivery,
    ReminderKind,
    ReminderOffset,
    ReminderPreferences,
    SectionKind,
    warsaw_midnight,
)
from teams.models import Meeting, Membership, SectorTeam

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

DEFAULT_OFFSETS: tuple[int, ...] = (14, 7, 3, 1, 0)
# The adoption deadline's last notice goes out the day after it passed.
OVERDUE_OFFSET = -1
# A row still queued this long after it was planned lost its task (broker down, purge).
REQUEUE_AFTER = dt.timedelta(minutes=15)
UNSUBSCRIBE_SALT = "consultations.reminders.unsubscribe"

Audience = str  # "members" | "moderators" | "coordinators"


# ------------------------------------------------------------------------------
# Who has a confirmed address
# ------------------------------------------------------------------------------
def confirmed_email_addresses(user_ids: Iterable[int]) -> dict[int, str]:
    """The address each user confirmed; users without one are left out.

    The one place that decides what "confirmed" means for reminders: a verified
    allauth ``EmailAddress`` (primary first), as for commenting.
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


def user_has_confirmed_email(user: Any) -> bool:
    """True when reminders may be sent to the user (see ``confirmed_email_addresses``)."""
    return user.pk in confirmed_email_addresses([user.pk])


# ------------------------------------------------------------------------------
# Deadlines
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    programme: Programme
    kind: str
    key: str
    label: str
    due_on: dt.date
    audience: Audience
    team_id: int | None = None
    opens_at: dt.datetime | None = None


@dataclass(frozen=True)
class Due:
    """One reminder the pass decided on (before opt-out and address checks)."""

    user_id: int
    deadline: Deadline
    offset: int


def active_offsets() -> list[int]:
    """Offsets (days before a deadline) set in the admin, largest first."""
    return list(
        ReminderOffset.objects.filter(is_active=True)
        .order_by("-days")
        .values_list("days", flat=True)
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value, WARSAW).date()


def deadlines_between(first: dt.date, last: dt.date) -> list[Deadline]:
    """Every deadline whose Warsaw date lies in [first, last], across programmes."""
    start, end = warsaw_midnight(first), warsaw_midnight(last + dt.timedelta(days=1))
    result: list[Deadline] = []
    phases = Phase.objects.filter(ends_at__gte=start, ends_at__lt=end).select_related("programme")
    for phase in phases:
        due_on = _local_date(phase.ends_at)
        key = f"phase:{phase.pk}"
        if phase.accepts_comments:
            result.append(
                Deadline(
                    phase.programme,
                    ReminderKind.COMMENT_PHASE,
                    key,
                    phase.name,
                    due_on,
                    "members",
                    opens_at=phase.starts_at,
                )
            )
        if phase.kind == Phase.Kind.TEAM_WORK:
            result.append(
                Deadline(
                    phase.programme, ReminderKind.TEAM_WORK, key, phase.name, due_on, "moderators"
                )
            )
        if phase.kind == Phase.Kind.SUMMARY:
            for kind in (ReminderKind.UNANSWERED_COMMENTS, ReminderKind.UNPUBLISHED_ANSWERS):
                result.append(
                    Deadline(phase.programme, kind, key, phase.name, due_on, "coordinators")
                )
    meetings = Meeting.objects.filter(
        starts_at__gte=start, starts_at__lt=end, team__kind=SectorTeam.Kind.SECTOR
    ).select_related("team__programme")
    for meeting in meetings:
        result.append(
            Deadline(
                meeting.team.programme,
                ReminderKind.TEAM_WORK,
                f"meeting:{meeting.pk}",
                meeting.title,
                _local_date(meeting.starts_at),
                "moderators",
                team_id=meeting.team_id,
            )
        )
    # 30 November of year Y is the deadline of programmes starting in Y + 1.
    years = {first.year + 1 + i for i in range(last.year - first.year + 1)}
    for programme in Programme.objects.filter(first_year__in=years):
        due_on = programme.adoption_deadline
        if not first <= due_on <= last:
            continue
        key = f"adoption:{programme.pk}"
        label = _("Adoption deadline (art. 5a)")
        for kind in (
            ReminderKind.ADOPTION_DEADLINE,
            ReminderKind.UNANSWERED_COMMENTS,
            ReminderKind.UNPUBLISHED_ANSWERS,
            ReminderKind.EMPTY_SECTIONS,
        ):
            result.append(Deadline(programme, kind, key, label, due_on, "coordinators"))
    return result


# ------------------------------------------------------------------------------
# Facts the coordinators' reminders are about
# ------------------------------------------------------------------------------
def unanswered_count(programme: Programme) -> int:
    return Comment.objects.filter(version__programme=programme).unanswered().count()


def unpublished_answers_count(programme: Programme) -> int:
    return (
        Comment.objects.filter(version__programme=programme, answer_published_at__isnull=True)
        .active()
        .exclude(answer="")
        .count()
    )


def empty_mandatory_sections(programme: Programme) -> list[str]:
    """Art. 5a ust. 4 contents (section kinds) missing or without text in the newest version."""
    version = DraftVersion.objects.filter(programme=programme).order_by("-number").first()
    if version is None:
        return list(MANDATORY_SECTION_KINDS)
    filled = set(
        version.sections.filter(kind__in=MANDATORY_SECTION_KINDS)
        .annotate(n=Count("paragraphs", filter=~Q(paragraphs__text="")))
        .filter(n__gt=0)
        .values_list("kind", flat=True)
    )
    return [k for k in MANDATORY_SECTION_KINDS if k not in filled]


def has_published_final_version(programme: Programme) -> bool:
    """A version published after the last comment phase closed counts as the final one."""
    published = DraftVersion.objects.filter(programme=programme).published()
    last_comment_end = (
        Phase.objects.for_programme(programme)
        .accepting_comments()
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    if last_comment_end is not None:
        published = published.filter(published_at__gt=last_comment_end)
    return published.exists()


def _coordinator_reminder_needed(deadline: Deadline, offset: int) -> bool:
    programme = deadline.programme
    if deadline.kind == ReminderKind.UNANSWERED_COMMENTS:
        return unanswered_count(programme) > 0
    if deadline.kind == ReminderKind.UNPUBLISHED_ANSWERS:
        return unpublished_answers_count(programme) > 0
    if deadline.kind == ReminderKind.EMPTY_SECTIONS:
        return bool(empty_mandatory_sections(programme))
    if deadline.kind == ReminderKind.ADOPTION_DEADLINE and offset == OVERDUE_OFFSET:
        return not has_published_final_version(programme)
    return True


# ------------------------------------------------------------------------------
# Recipients
# ------------------------------------------------------------------------------
def coordinator_ids() -> list[int]:
    """Active coordinators: members of the coordinators' group and superusers."""
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=settings.COORDINATORS_GROUP))
        .values_list("pk", flat=True)
        .distinct()
    )


def _recipients(deadline: Deadline) -> list[int]:
    memberships = Membership.objects.filter(
        team__programme=deadline.programme, user__is_active=True
    )
    if deadline.audience == "members":
        qs = memberships
    elif deadline.audience == "moderators":
        qs = memberships.moderators().filter(team__kind=SectorTeam.Kind.SECTOR)
        if deadline.team_id is not None:
            qs = qs.filter(team_id=deadline.team_id)
    else:
        return coordinator_ids()
    return list(qs.values_list("user_id", flat=True).distinct())


def reminders_due(*, now: dt.datetime) -> list[Due]:
    """Everyone who should get which reminder on the Warsaw day of ``now``."""
    today = timezone.localdate(now, WARSAW)
    offsets = active_offsets()
    wanted_offsets = set(offsets) | {OVERDUE_OFFSET}
    horizon = max(offsets, default=0)
    result: list[Due] = []
    for deadline in deadlines_between(
        today + dt.timedelta(days=OVERDUE_OFFSET), today + dt.timedelta(days=horizon)
    ):
        offset = (deadline.due_on - today).days
        if offset not in wanted_offsets:
            continue
        if offset == OVERDUE_OFFSET and deadline.kind != ReminderKind.ADOPTION_DEADLINE:
            continue
        if deadline.opens_at is not None and deadline.opens_at > now:
            continue  # no "comments close soon" before comments open
        if deadline.audience == "coordinators" and not _coordinator_reminder_needed(
            deadline, offset
        ):
            continue
        result.extend(Due(uid, deadline, offset) for uid in _recipients(deadline))
    return result


# ------------------------------------------------------------------------------
# The pass
# ------------------------------------------------------------------------------
@dataclass
class PassResult:
    due: list[Due] = field(default_factory=list)
    created: int = 0
    skipped: int = 0
    enqueued_ids: list[int] = field(default_factory=list)
    # (user id, kind, deadline key, reason or "") for --dry-run
    decisions: list[tuple[Due, str]] = field(default_factory=list)


def _preferences(user_ids: Iterable[int]) -> dict[int, ReminderPreferences]:
    return {p.user_id: p for p in ReminderPreferences.objects.filter(user_id__in=list(user_ids))}


def _skip_reason(due: Due, prefs: dict[int, ReminderPreferences], addresses: dict[int, str]) -> str:
    pref = prefs.get(due.user_id)
    if pref is not None and not pref.wants(due.deadline.kind):
        return "opted out"
    if due.user_id not in addresses:
        return "no confirmed e-mail address"
    return ""


def reminders_plan(*, now: dt.datetime) -> PassResult:
    """Decide, without writing anything, who gets what today and who is skipped why."""
    result = PassResult(due=reminders_due(now=now))
    user_ids = {d.user_id for d in result.due}
    prefs, addresses = _preferences(user_ids), confirmed_email_addresses(user_ids)
    result.decisions = [(d, _skip_reason(d, prefs, addresses)) for d in result.due]
    return result


@transaction.atomic
def reminders_send_due(*, now: dt.datetime) -> PassResult:
    """The daily pass: write a ledger row per due reminder and enqueue the queued ones."""
    result = reminders_plan(now=now)
    rows = [
        ReminderDelivery(
            user_id=due.user_id,
            programme=due.deadline.programme,
            kind=due.deadline.kind,
            deadline_key=due.deadline.key,
            deadline_label=due.deadline.label[:300],
            due_on=due.deadline.due_on,
            offset_days=due.offset,
            status=ReminderDelivery.Status.SKIPPED if reason else ReminderDelivery.Status.QUEUED,
            skip_reason=reason,
            created_at=now,
        )
        for due, reason in result.decisions
    ]
    # The unique constraint makes a second pass the same day (or a second machine)
    # a no-op for everything already planned.
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # bulk_create returns every object, inserted or not: count what this pass wrote.
    result.created = ReminderDelivery.objects.filter(created_at=now).count()
    result.skipped = sum(1 for _, reason in result.decisions if reason)
    # Queued rows of this pass, plus any a lost task (or a broker that was down) left.
    result.enqueued_ids = list(
        ReminderDelivery.objects.queued()
        .filter(Q(created_at=now) | Q(updated_at__lt=now - REQUEUE_AFTER))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    enqueue_chunks(result.enqueued_ids)
    return result


def enqueue_chunks(delivery_ids: Sequence[int]) -> None:
    """Send the rows in chunks once the transaction that queued them commits."""
    size = max(1, settings.REMINDERS_CHUNK_SIZE)
    for i in range(0, len(delivery_ids), size):
        transaction.on_commit(partial(_enqueue_chunk, list(delivery_ids[i : i + size])))


def _enqueue_chunk(delivery_ids: list[int]) -> bool:
    from consultations.tasks import reminders_send_chunk_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        reminders_send_chunk_task.apply_async(args=[delivery_ids])
        return True
    from kombu.exceptions import OperationalError

    try:
        reminders_send_chunk_task.apply_async(
            args=[delivery_ids], queue=settings.REMINDERS_QUEUE, retry=False
        )
    except OperationalError:
        # The rows stay queued: the next pass enqueues them again (REQUEUE_AFTER).
        logger.warning("Broker unavailable: %d reminders wait for the next pass", len(delivery_ids))
        return False
    return True


@transaction.atomic
def reminders_requeue(*, delivery_ids: Sequence[int], now: dt.datetime) -> int:
    """Put failed reminders back in the queue (admin action); returns how many."""
    qs = ReminderDelivery.objects.filter(
        pk__in=list(delivery_ids), status=ReminderDelivery.Status.FAILED
    )
    ids = list(qs.values_list("pk", flat=True))
    qs.update(status=ReminderDelivery.Status.QUEUED, attempts=0, updated_at=now)
    enqueue_chunks(ids)
    return len(ids)


# ------------------------------------------------------------------------------
# Sending
# ------------------------------------------------------------------------------
class TransientSendError(Exception):
    """The SMTP server or the connection failed: retry the rest of the chunk later."""


@dataclass
class ChunkResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) from a link in an e-mail; raises ``signing.BadSignature``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kind = ReminderKind(data["k"]).value
    return int(data["u"]), kind


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _draft_path(version: DraftVersion) -> str:
    try:
        return version.get_absolute_url()
    except NoReverseMatch:
        # The draft pages come with another issue; the path is fixed by SPEC §4.
        return f"/programmes/{version.programme.slug}/drafts/{version.number}/"


def countdown_text(due_on: dt.date, days_left: int) -> str:
    """The countdown line, e.g. 7 days left until 30 November 2026, in the active language."""
    date = formats.date_format(due_on, "j E Y")
    if days_left > 0:
        return ngettext(
            "%(days)d day left until %(date)s", "%(days)d days left until %(date)s", days_left
        ) % {"days": days_left, "date": date}
    if days_left == 0:
        return _("Today is the last day: %(date)s") % {"date": date}
    return _("The deadline passed on %(date)s") % {"date": date}


# Coordinator reminders about a count of outstanding work.
COUNTED_KINDS = frozenset(
    {
        ReminderKind.UNANSWERED_COMMENTS,
        ReminderKind.UNPUBLISHED_ANSWERS,
        ReminderKind.EMPTY_SECTIONS,
    }
)


class _ChunkContext:
    """Per-chunk caches, so a chunk of a hundred costs a handful of extra queries."""

    def __init__(self) -> None:
        self.drafts: dict[int, DraftVersion | None] = {}
        self.facts: dict[tuple[int, str], Any] = {}

    def draft(self, programme: Programme, now: dt.datetime) -> DraftVersion | None:
        if programme.pk not in self.drafts:
            self.drafts[programme.pk] = (
                DraftVersion.objects.filter(programme=programme, published_at__lte=now)
                .published()
                .order_by("-number")
                .first()
            )
        return self.drafts[programme.pk]

    def fact(self, programme: Programme, kind: str) -> Any:
        key = (programme.pk, kind)
        if key not in self.facts:
            if kind == ReminderKind.UNANSWERED_COMMENTS:
                self.facts[key] = unanswered_count(programme)
            elif kind == ReminderKind.UNPUBLISHED_ANSWERS:
                self.facts[key] = unpublished_answers_count(programme)
            elif kind == ReminderKind.EMPTY_SECTIONS:
                self.facts[key] = empty_mandatory_sections(programme)
            else:
                self.facts[key] = None
        return self.facts[key]


def _team_work_status(delivery: ReminderDelivery) -> list[dict[str, Any]]:
    from swot.models import Goal, SwotSession

    teams = SectorTeam.objects.filter(
        programme=delivery.programme,
        memberships__user=delivery.user,
        memberships__role=Membership.Role.MODERATOR,
    ).distinct()
    if delivery.deadline_key.startswith("meeting:"):
        teams = teams.filter(meetings__pk=int(delivery.deadline_key.split(":")[1]))
    rows = []
    for team in teams:
        rows.append(
            {
                "team": team,
                "open_sessions": SwotSession.objects.filter(
                    meeting__team=team, closed_at__isnull=True
                ).count(),
                "goals": Goal.objects.filter(team=team).count(),
                "goals_without_actions": Goal.objects.filter(
                    team=team, actions__isnull=True
                ).count(),
            }
        )
    return rows


def build_message(
    delivery: ReminderDelivery,
    *,
    address: str,
    language: str,
    now: dt.datetime,
    cache: _ChunkContext,
    connection: BaseEmailBackend | None = None,
) -> EmailMultiAlternatives:
    """Subject, plain text and HTML of one reminder, in the recipient's language."""
    programme = delivery.programme
    days_left = (delivery.due_on - timezone.localdate(now, WARSAW)).days
    unsubscribe_path = reverse(
        "consultations:reminder_unsubscribe",
        kwargs={"token": unsubscribe_token(delivery.user_id, delivery.kind)},
    )
    draft = cache.draft(programme, now) if delivery.kind == ReminderKind.COMMENT_PHASE else None
    fact = cache.fact(programme, delivery.kind)
    with translation.override(language):
        if delivery.kind == ReminderKind.EMPTY_SECTIONS:
            fact = [str(SectionKind(kind).label) for kind in fact]
        context = {
            "delivery": delivery,
            "user": delivery.user,
            "programme": programme,
            "kind": delivery.kind,
            "days_left": days_left,
            "overdue": days_left < 0,
            "countdown": countdown_text(delivery.due_on, days_left),
            "due_on": delivery.due_on,
            "programme_url": _absolute(programme.get_absolute_url()),
            "draft": draft,
            "draft_url": _absolute(_draft_path(draft)) if draft else "",
            "fact": fact,
            "teams": _team_work_status(delivery) if delivery.kind == ReminderKind.TEAM_WORK else [],
            "unsubscribe_url": _absolute(unsubscribe_path),
            "preferences_url": _absolute(reverse("consultations:reminder_preferences")),
            "kind_label": ReminderKind(delivery.kind).label,
            # Phase and meeting names are content (Polish); the statutory one is ours.
            "deadline_label": _("Adoption deadline (art. 5a)")
            if delivery.deadline_key.startswith("adoption:")
            else delivery.deadline_label,
            "site_url": settings.SITE_URL,
            "language": language,
        }
        subject = " ".join(render_to_string("emails/reminder-subject.txt", context).split())
        # Template tags leave blank lines behind; a plain-text mail should not show them.
        text = re.sub(r"\n{3,}", "\n\n", render_to_string("emails/reminder-body.txt", context))
        text = text.strip() + "\n"
        html = render_to_string("emails/reminder-body.html", context)
    domain = urlparse(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{_absolute(unsubscribe_path)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            # Stable across retries, so receivers that de-duplicate can do so.
            "Message-ID": f"<reminder-{delivery.pk}@{domain}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _is_permanent(exc: Exception) -> bool:
    """A 5xx for this one message: retrying the same message will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(exc, smtplib.SMTPResponseException) and code is not None and code >= 500


def reminders_send_chunk(
    *, delivery_ids: Sequence[int], now: dt.datetime | None = None, final_attempt: bool = False
) -> ChunkResult:
    """Send the queued rows among ``delivery_ids`` over one SMTP connection.

    Each message is sent inside the transaction that claims its row (marks it
    sent), so a worker killed before the server accepted the message leaves the
    row queued (rolled back) and a redelivered task sends it; rows already sent
    are skipped. Raises ``TransientSendError`` on connection-level failures.
    """
    result = ChunkResult()
    deliveries = list(
        ReminderDelivery.objects.queued()
        .filter(pk__in=list(delivery_ids))
        .select_related("user", "programme")
        .order_by("pk")
    )
    if not deliveries:
        return result
    user_ids = {d.user_id for d in deliveries}
    prefs, addresses = _preferences(user_ids), confirmed_email_addresses(user_ids)
    cache = _ChunkContext()
    connection = get_connection()
    opened = False
    try:
        for delivery in deliveries:
            pk = delivery.pk
            now_ = now or timezone.now()
            unclaimed = ReminderDelivery.objects.filter(
                pk=pk, status=ReminderDelivery.Status.QUEUED
            )
            reason = _send_time_skip_reason(delivery, prefs, addresses, now_, cache)
            if reason:
                result.skipped += unclaimed.update(
                    status=ReminderDelivery.Status.SKIPPED, skip_reason=reason, updated_at=now_
                )
                continue
            pref = prefs.get(delivery.user_id)
            message = build_message(
                delivery,
                address=addresses[delivery.user_id],
                language=pref.language if pref else settings.LANGUAGE_CODE,
                now=now_,
                cache=cache,
                connection=connection,
            )
            try:
                with transaction.atomic():
                    # The claim: one UPDATE that locks the row and succeeds only if it
                    # is still queued. A concurrent or redelivered copy of this task
                    # waits on the lock, then finds it sent and skips it. Claim first,
                    # send last: after the server's 250 only the COMMIT remains, the
                    # smallest window in which a crash could still cause a duplicate.
                    claimed = unclaimed.update(
                        status=ReminderDelivery.Status.SENT,
                        sent_at=now_,
                        attempts=F("attempts") + 1,
                        email=addresses[delivery.user_id],
                        last_error="",
                        updated_at=now_,
                    )
                    if not claimed:
                        continue
                    if not opened:
                        connection.open()
                        opened = True
                    connection.send_messages([message])
                result.sent += 1
            except (smtplib.SMTPException, OSError) as exc:
                if _is_permanent(exc):
                    _record_failure(pk, exc, give_up=True)
                    result.failed += 1
                    continue
                _record_failure(pk, exc, give_up=final_attempt)
                if final_attempt:
                    # Nothing will retry: record every row still queued as failed.
                    remaining = [d.pk for d in deliveries if d.pk != pk]
                    result.failed += 1 + reminders_mark_failed(
                        delivery_ids=remaining, error=f"Gave up: {exc!r}"
                    )
                    return result
                raise TransientSendError(repr(exc)) from exc
    finally:
        if opened:
            try:
                connection.close()
            except Exception:  # a dead connection must not hide the real error
                logger.debug("closing the SMTP connection failed", exc_info=True)
    return result


def _send_time_skip_reason(
    delivery: ReminderDelivery,
    prefs: dict[int, ReminderPreferences],
    addresses: dict[int, str],
    now: dt.datetime,
    cache: _ChunkContext,
) -> str:
    # Choices made after planning count too (a click on "unsubscribe" an hour ago).
    pref = prefs.get(delivery.user_id)
    if pref is not None and not pref.wants(delivery.kind):
        return "opted out"
    if delivery.user_id not in addresses:
        return "no confirmed e-mail address"
    days_left = (delivery.due_on - timezone.localdate(now, WARSAW)).days
    if days_left < 0 and delivery.offset_days != OVERDUE_OFFSET:
        return "deadline passed before it could be sent"
    # The work may have been done between planning and sending.
    if delivery.kind in COUNTED_KINDS and not cache.fact(delivery.programme, delivery.kind):
        return "nothing left to do"
    if delivery.offset_days == OVERDUE_OFFSET and has_published_final_version(delivery.programme):
        return "nothing left to do"
    return ""


def _record_failure(pk: int, exc: Exception, *, give_up: bool) -> None:
    with transaction.atomic():
        delivery = ReminderDelivery.objects.select_for_update().filter(pk=pk).first()
        if delivery is None or delivery.status == ReminderDelivery.Status.SENT:
            return
        delivery.attempts += 1
        delivery.last_error = repr(exc)[:2000]
        if give_up or delivery.attempts >= settings.REMINDERS_MAX_ATTEMPTS:
            delivery.status = ReminderDelivery.Status.FAILED
        delivery.save(update_fields=["attempts", "last_error", "status", "updated_at"])


@transaction.atomic
def reminders_mark_failed(*, delivery_ids: Sequence[int], error: str) -> int:
    """Record rows still queued as failed after the last retry (never silently dropped)."""
    return (
        ReminderDelivery.objects.queued()
        .filter(pk__in=list(delivery_ids))
        .update(status=ReminderDelivery.Status.FAILED, last_error=error[:2000])
    )


# ------------------------------------------------------------------------------
# Preferences
# ------------------------------------------------------------------------------
@transaction.atomic
def reminder_preferences_unsubscribe(*, user_id: int, kind: str) -> ReminderPreferences:
    """Switch one kind of reminder off for a user (one-click link in every e-mail)."""
    prefs, _created = ReminderPreferences.objects.select_for_update().get_or_create(user_id=user_id)
    setattr(prefs, ReminderKind(kind).value, False)
    prefs.save()
    return prefs


def reminder_preferences_for(user: Any) -> ReminderPreferences:
    """The user's preferences, unsaved defaults when they never changed any."""
    try:
        return ReminderPreferences.objects.get(user=user)
    except ReminderPreferences.DoesNotExist:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        return ReminderPreferences(user=user, language=language)
