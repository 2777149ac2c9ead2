"""Writes of the consultation: comments, answers and the report (with their rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from consultations.models import Comment, DraftVersion, Paragraph, Phase, Programme
from consultations.rules import has_verified_email
from teams.models import Organisation

# History rows of corrected published answers start with this; the report shows them.
CORRECTION_PREFIX = "correction of the published answer: "


@dataclass(frozen=True)
class CommentData:
    """What the author writes in the standard consultation form."""

    current_wording: str
    proposed_wording: str
    justification: str
    capacity: str
    organisation: Organisation | None = None


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def version_under_consultation(programme: Programme) -> DraftVersion | None:
    """Comments go to the newest published version; older ones are history."""
    return programme.versions.published().order_by("-number").first()


def comment_window_check(*, version: DraftVersion, now: dt.datetime) -> Phase:
    """The open comment phase for ``version``, or a ValidationError that says why not."""
    programme = version.programme
    current = version_under_consultation(programme)
    if current is None or current.pk != version.pk:
        if current is None:
            raise ValidationError(
                _("This version is not published, so it cannot be commented on."),
                code="wrong_version",
            )
        raise ValidationError(
            _(
                "Version %(number)s is not the one under consultation: comments are "
                "collected on version %(current)s."
            )
            % {"number": version.number, "current": current.number},
            code="wrong_version",
        )
    phases = Phase.objects.for_programme(programme).accepting_comments()
    phase = phases.open_at(now).order_by("ends_at").first()
    if phase is not None:
        return phase
    last = phases.filter(ends_at__lt=now).order_by("-ends_at").first()
    following = phases.filter(starts_at__gt=now).order_by("starts_at").first()
    parts = []
    if last is not None:
        parts.append(_("The consultation closed on %(date)s.") % {"date": _when(last.ends_at)})
    else:
        parts.append(_("The consultation is not open yet."))
    if following is not None:
        parts.append(
            _("The next comment phase opens on %(date)s.") % {"date": _when(following.starts_at)}
        )
    else:
        parts.append(_("No further comment phase is planned."))
    raise ValidationError(" ".join(parts), code="closed")


def _check_author(*, author: Any, data: CommentData) -> None:
    from consultations.selectors import commenter_capacities

    if not has_verified_email(author):
        raise ValidationError(
            _(
                "Confirm your e-mail address first: open the link we sent you. "
                "Your receipt and the answer will go to that address."
            ),
            code="unverified",
        )
    allowed = {c.key for c in commenter_capacities(author)}
    key = (
        f"org-{data.organisation.pk}"
        if data.capacity == Comment.Capacity.ORGANISATION and data.organisation
        else data.capacity
    )
    if key not in allowed:
        raise ValidationError(
            _("You cannot comment on behalf of this organisation or in this capacity."),
            code="capacity",
        )


def _apply(comment: Comment, data: CommentData) -> None:
    comment.current_wording = data.current_wording
    comment.proposed_wording = data.proposed_wording
    comment.justification = data.justification
    comment.capacity = data.capacity
    comment.organisation = (
        data.organisation if data.capacity == Comment.Capacity.ORGANISATION else None
    )


@transaction.atomic
def comment_submit(
    *,
    author: Any,
    version: DraftVersion,
    paragraph: Paragraph | None,
    data: CommentData,
    now: dt.datetime,
) -> Comment:
    """Save a comment while its phase is open and send the receipt by e-mail (Celery)."""
    from consultations import tasks

    _check_author(author=author, data=data)
    # Lock the version row: the next number must be unique even under concurrent posts.
    version = (
        DraftVersion.objects.select_for_update().select_related("programme").get(pk=version.pk)
    )
    comment_window_check(version=version, now=now)
    if paragraph is not None and paragraph.section.version_id != version.pk:
        raise ValidationError(_("This paragraph is not part of this version."), code="paragraph")
    last = Comment.objects.filter(version=version).order_by("-number").first()
    comment = Comment(
        version=version,
        paragraph=paragraph,
        number=(last.number + 1) if last else 1,
        author=author,
        submitted_at=now,
    )
    _apply(comment, data)
    comment.full_clean()
    comment._history_user = author  # type: ignore[attr-defined]
    comment.save()
    transaction.on_commit(lambda: tasks.comment_receipt_send.delay(comment.pk))
    return comment


def _check_change(*, comment: Comment, author: Any, now: dt.datetime) -> None:
    if comment.author_id != author.pk:
        raise ValidationError(_("Only the author may change a comment."), code="author")
    if comment.is_withdrawn:
        raise ValidationError(_("This comment was withdrawn."), code="withdrawn")
    if comment.is_answer_published:
        raise ValidationError(
            _("The answer to this comment is published: it can no longer be changed."),
            code="answered",
        )
    try:
        comment_window_check(version=comment.version, now=now)
    except ValidationError as exc:
        if exc.code == "closed":
            raise ValidationError(
                _("Comments can be changed only while the consultation is open.")
                + " "
                + " ".join(exc.messages),
                code="closed",
            ) from None
        raise


@transaction.atomic
def comment_update(
    *, comment: Comment, author: Any, data: CommentData, now: dt.datetime
) -> Comment:
    """The author edits their comment while the phase is open; history keeps each state."""
    comment = (
        Comment.objects.select_for_update().select_related("version__programme").get(pk=comment.pk)
    )
    _check_change(comment=comment, author=author, now=now)
    _check_author(author=author, data=data)
    _apply(comment, data)
    comment.full_clean()
    comment._history_user = author  # type: ignore[attr-defined]
    comment._change_reason = "edited by the author"  # type: ignore[attr-defined]
    comment.save()
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, author: Any, now: dt.datetime) -> Comment:
    """The author withdraws their comment while the phase is open (kept in history)."""
    comment = (
        Comment.objects.select_for_update().select_related("version__programme").get(pk=comment.pk)
    )
    _check_change(comment=comment, author=author, now=now)
    comment.status = Comment.Status.WITHDRAWN
    comment._history_user = author  # type: ignore[attr-defined]
    comment._change_reason = "withdrawn by the author"  # type: ignore[attr-defined]
    comment.save(update_fields=["status"])
    return comment


def comment_receipt_send(*, comment: Comment, now: dt.datetime) -> bool:
    """E-mail the receipt once; False when it was already sent (tasks may run twice)."""
    from krakow_ngo.mail import send_templated_email

    # Claim the send first: with acks_late a redelivered task must not mail twice.
    claimed = Comment.objects.filter(pk=comment.pk, receipt_sent_at__isnull=True).update(
        receipt_sent_at=now
    )
    if not claimed or not comment.author.email:
        return False
    send_templated_email("comment-receipt", {"comment": comment}, to=[comment.author.email])
    return True


@transaction.atomic
def comment_answer_record(
    *,
    comment: Comment,
    answer: str,
    justification: str,
    by: Any,
    now: dt.datetime,
    reason: str = "",
) -> Comment:
    """Set the city's position; a published answer changes only with a recorded reason."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if answer not in Comment.Answer.values:
        raise ValidationError({"answer": _("Choose a position.")}, code="answer")
    if not justification.strip():
        raise ValidationError(
            {"answer_justification": _("Give the justification of the position.")},
            code="justification",
        )
    changed = answer != comment.answer or justification != comment.answer_justification
    if not changed:
        return comment
    if comment.is_answer_published and not reason.strip():
        raise ValidationError(
            {
                "correction_reason": _(
                    "This answer is already published: say why it is being corrected."
                )
            },
            code="reason",
        )
    comment.answer = answer
    comment.answer_justification = justification
    comment.answered_by = by
    comment.answered_at = now
    comment._history_user = by  # type: ignore[attr-defined]
    comment._change_reason = (  # type: ignore[attr-defined]
        f"{CORRECTION_PREFIX}{reason.strip()}" if comment.is_answer_published else "answer recorded"
    )
    comment.save()
    return comment


@transaction.atomic
def comment_answers_publish(
    *, comments: Iterable[Comment], by: Any, now: dt.datetime
) -> tuple[int, int]:
    """Publish the answers that have a position and a justification; (published, skipped)."""
    published = skipped = 0
    programmes: set[int] = set()
    for comment in (
        Comment.objects.select_for_update()
        .filter(pk__in=[c.pk for c in comments])
        .select_related("version")
    ):
        if comment.is_answer_published:
            continue
        if not comment.answer or not comment.answer_justification.strip() or comment.is_withdrawn:
            skipped += 1
            continue
        comment.answer_published_at = now
        comment._history_user = by  # type: ignore[attr-defined]
        comment._change_reason = "answer published"  # type: ignore[attr-defined]
        comment.save(update_fields=["answer_published_at"])
        programmes.add(comment.version.programme_id)
        published += 1
    # The coordinating team's summary is published together with the answers.
    Programme.objects.filter(pk__in=programmes, report_published_at__isnull=True).exclude(
        report_summary=""
    ).update(report_published_at=now)
    return published, skipped


@transaction.atomic
def programme_report_publish(*, programme: Programme, now: dt.datetime) -> Programme:
    """Publish the coordinating team's summary of the consultation."""
    if not programme.report_summary.strip():
        raise ValidationError(
            {"report_summary": _("Write the summary before publishing the report.")}
        )
    programme.report_published_at = now
    programme.save(update_fields=["report_published_at"])
    return programme
