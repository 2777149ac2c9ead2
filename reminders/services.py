"""Deadline reminders, the writes: the daily pass, the exactly-once ledger, sending.

One path for beat, ``manage.py send_reminders`` and the tests:
``reminders_send_due`` (the daily pass) plans rows in ``ReminderDelivery`` and
enqueues chunks; ``reminders_send_chunk`` sends one chunk over one SMTP connection."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from consultations.models import Comment
from core import outbox
from core.dates import WARSAW
from programmes.models import Phase, PhaseChange
from reminders.models import ReminderDelivery, ReminderKind, ReminderPreferences

if TYPE_CHECKING:
    pass


from reminders.emails import COUNTED_KINDS, ChunkContext, build_message
from reminders.selectors import (
    OVERDUE_OFFSET,
    Due,
    has_published_final_version,
    reminders_due,
)
from teams.selectors import confirmed_email_addresses

logger = logging.getLogger(__name__)

# A row still queued this long after it was planned lost its task (broker down, purge).
REQUEUE_AFTER = dt.timedelta(minutes=15)


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
    """Send the rows in chunks once the transaction that queued them commits.

    Each chunk is an outbox entry (docs/architecture.md, "Outbox"): a broker that is
    down when the pass commits delays the chunk until the sweeper, not until the
    next daily pass. The ledger rows keep each reminder to one message.
    """
    size = max(1, settings.REMINDERS_CHUNK_SIZE)
    outbox.enqueue_many(
        handler="reminders.services.reminders_chunk_dispatch",
        payloads=[
            {"delivery_ids": list(delivery_ids[i : i + size])}
            for i in range(0, len(delivery_ids), size)
        ],
        queue=settings.REMINDERS_QUEUE,
    )


def reminders_chunk_dispatch(*, delivery_ids: list[int]) -> None:
    """The outbox's side effect for a chunk: hand it to the sending task's queue."""
    from reminders.tasks import reminders_send_chunk_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        reminders_send_chunk_task.apply_async(args=[delivery_ids])
        return
    # Raises while the broker is down: the entry stays pending and the sweeper retries.
    reminders_send_chunk_task.apply_async(
        args=[delivery_ids], queue=settings.REMINDERS_QUEUE, retry=False
    )


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
    cache = ChunkContext()
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
    cache: ChunkContext,
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


# ------------------------------------------------------------------------------
# The timeline keeps its history (issue 10, item 2)
# ------------------------------------------------------------------------------
@transaction.atomic
def phase_reschedule(
    *,
    phase: Phase,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    by: Any,
    now: dt.datetime,
) -> PhaseChange:
    """Move a phase's dates with a recorded reason; a started comment phase only grows.

    Lives here, the highest app it touches: it reads the comments received
    (consultations), re-plans reminders and tells commenters and subscribers.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from teams.rules import is_coordinator

    if not is_coordinator(by):
        raise ValidationError(_("Only a coordinator changes the timeline."), code="permission")
    phase = Phase.objects.select_for_update().select_related("programme").get(pk=phase.pk)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the dates change; the reason is published.")}, code="reason"
        )
    if starts_at == phase.starts_at and ends_at == phase.ends_at:
        raise ValidationError(_("The dates are the same as before."), code="unchanged")
    if phase.ends_at < now:
        raise ValidationError(
            _("This phase has ended: its dates are part of the record. Add a new phase instead."),
            code="ended",
        )
    if phase.starts_at <= now:
        if starts_at != phase.starts_at:
            raise ValidationError(
                {"starts_at": _("The phase has started: its start cannot move.")},
                code="started",
            )
        if phase.accepts_comments and ends_at < phase.ends_at:
            raise ValidationError(
                {
                    "ends_at": _(
                        "A comment phase that has started can only be extended, never shortened."
                    )
                },
                code="shortened",
            )
        if ends_at < now:
            raise ValidationError({"ends_at": _("The new end has already passed.")}, code="past")
    if phase.accepts_comments:
        last = (
            Comment.objects.filter(
                version__programme=phase.programme, submitted_at__gte=phase.starts_at
            )
            .order_by("-submitted_at")
            .values_list("submitted_at", flat=True)
            .first()
        )
        if last is not None and ends_at < last:
            raise ValidationError(
                {
                    "ends_at": _(
                        "A comment was received after this end; the phase cannot end earlier."
                    )
                },
                code="before_last_comment",
            )
    change = PhaseChange(
        programme=phase.programme,
        phase=phase,
        old_starts_at=phase.starts_at,
        old_ends_at=phase.ends_at,
        new_starts_at=starts_at,
        new_ends_at=ends_at,
        reason=reason.strip(),
        changed_by=by,
        changed_at=now,
    )
    phase.starts_at, phase.ends_at = starts_at, ends_at
    phase.full_clean()  # adoption deadline, minimum length, no overlap
    phase.save(update_fields=["starts_at", "ends_at"])
    change.full_clean()
    change.save()
    # Reminders planned for the old end would now name a wrong date: drop them; the
    # next daily pass plans the new ones from the phase's new end.
    ReminderDelivery.objects.queued().filter(deadline_key=f"phase:{phase.pk}").exclude(
        due_on=timezone.localtime(ends_at, WARSAW).date()
    ).update(status=ReminderDelivery.Status.SKIPPED, skip_reason="phase rescheduled")
    outbox.enqueue(
        handler="reminders.tasks.phase_change_notify",
        payload={"change_pk": change.pk},
        dedup_key=f"phase-change:{change.pk}",
    )
    return change


def phase_change_recipients(change: PhaseChange) -> list[str]:
    """Who commented in the programme, and members who keep comment-phase reminders on."""
    from django.contrib.auth import get_user_model

    from teams.models import Membership

    user_ids = set(
        Comment.objects.filter(version__programme=change.programme).values_list(
            "author_id", flat=True
        )
    )
    members = set(
        Membership.objects.filter(team__programme=change.programme).values_list(
            "user_id", flat=True
        )
    )
    opted_out = set(
        ReminderPreferences.objects.filter(user_id__in=members, comment_phase=False).values_list(
            "user_id", flat=True
        )
    )
    user_ids |= members - opted_out
    active = set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    addresses = confirmed_email_addresses(active)
    return sorted(set(addresses.values()))


@transaction.atomic
def phase_change_notify(*, change: PhaseChange, now: dt.datetime) -> int:
    """Queue one e-mail per recipient, once (claimed first: a redelivered task does nothing).

    One outbox entry per address: a worker killed in the middle of the list resends
    only the messages not yet accepted, never the whole list.
    """
    claimed = PhaseChange.objects.filter(pk=change.pk, notified_at__isnull=True).update(
        notified_at=now
    )
    if not claimed:
        return 0
    change = PhaseChange.objects.select_related("phase", "programme").get(pk=change.pk)
    queued = 0
    for address in phase_change_recipients(change):
        outbox.enqueue(
            handler="reminders.services.phase_change_mail",
            payload={"change_pk": change.pk, "address": address},
            dedup_key=f"phase-change:{change.pk}:{address}"[:200],
        )
        queued += 1
    return queued


def phase_change_mail(*, change_pk: int, address: str) -> None:
    """The outbox's side effect: one phase-change e-mail to one address."""
    from core.mail import send_templated_email

    change = PhaseChange.objects.select_related("phase", "programme").filter(pk=change_pk).first()
    if change is not None:
        send_templated_email("phase-change", {"change": change}, to=[address])
