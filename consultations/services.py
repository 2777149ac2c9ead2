"""Writes for consultations: comments, answers and the report; the document's versions and PDFs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from consultations import composition, selectors
from consultations.models import (
    MANDATORY_SECTION_KINDS,
    Adoption,
    Comment,
    DraftVersion,
    Paragraph,
    RenderedPdf,
    Section,
    SectionKind,
)
from consultations.rules import has_verified_email
from programmes.models import Phase, Programme
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
    from core.mail import send_templated_email

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


# ------------------------------------------------------------------------------
# The programme document: versions, publishing and PDFs
# ------------------------------------------------------------------------------
# A render that has not finished after this long is assumed lost (worker died) and re-sent.
PDF_RENDER_RETRY_AFTER = dt.timedelta(minutes=10)


# ------------------------------------------------------------------------------
# Draft versions: compose, edit, publish
# ------------------------------------------------------------------------------
def _ensure_editable(version: DraftVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _(
                "Version %(number)s was published on %(date)s and cannot be changed; "
                "make a new version instead."
            ),
            code="published",
            params={
                "number": version.number,
                "date": timezone.localtime(version.published_at).strftime("%Y-%m-%d %H:%M")
                if version.published_at
                else "",
            },
        )


@transaction.atomic
def version_compose(
    *, programme: Programme, by: Any, now: dt.datetime | None = None
) -> DraftVersion:
    """Make a new unpublished version: sections carried over, two composed from current work."""
    now = now or timezone.now()
    # Lock the programme row so that two coordinators composing at once get different numbers.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    previous = DraftVersion.objects.filter(programme=programme).order_by("-number").first()
    number = (
        DraftVersion.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    version = DraftVersion.objects.create(
        programme=programme,
        number=number,
        title=previous.title if previous else f"Projekt programu współpracy: {programme.title}",
        status=DraftVersion.Status.DRAFT,
        created_at=now,
        created_by=by,
    )
    carried: dict[str, Section] = {}
    free: list[Section] = []
    if previous is not None:
        for section in selectors.version_sections(previous):
            if section.kind == SectionKind.FREE:
                free.append(section)
            else:
                carried[section.kind] = section
    composed: dict[str, list[str]] = {
        SectionKind.PRIORITY_TASKS: composition.priority_tasks_paragraphs(programme),
        SectionKind.PREPARATION: composition.preparation_paragraphs(programme),
    }
    position = 0
    for kind in MANDATORY_SECTION_KINDS:
        position += 1
        old = carried.get(kind)
        title = old.title if old else composition.DEFAULT_SECTION_TITLES[kind]
        if kind in composed:
            texts = composed[kind]
        else:
            texts = [p.text for p in old.paragraphs.all()] if old else []
        _section_create(version=version, position=position, kind=kind, title=title, texts=texts)
    for old in free:
        position += 1
        _section_create(
            version=version,
            position=position,
            kind=SectionKind.FREE,
            title=old.title,
            texts=[p.text for p in old.paragraphs.all()],
        )
    return version


def _section_create(
    *, version: DraftVersion, position: int, kind: str, title: str, texts: list[str]
) -> Section:
    section = Section.objects.create(version=version, position=position, kind=kind, title=title)
    Paragraph.objects.bulk_create(
        Paragraph(section=section, number=n, text=text) for n, text in enumerate(texts, start=1)
    )
    return section


@transaction.atomic
def version_update(*, version: DraftVersion, title: str, change_note: str) -> DraftVersion:
    """Change the title and change note of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_editable(version)
    version.title = title
    version.change_note = change_note
    version.full_clean()
    version.save(update_fields=["title", "change_note"])
    return version


@transaction.atomic
def paragraph_update(*, paragraph: Paragraph, text: str) -> Paragraph:
    """Change the text of a paragraph of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.section.version_id)
    _ensure_editable(version)
    paragraph.text = text
    paragraph.full_clean()
    paragraph.save(update_fields=["text"])
    return paragraph


@transaction.atomic
def paragraph_add(*, section: Section, text: str) -> Paragraph:
    """Append a paragraph to a section of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=section.version_id)
    _ensure_editable(version)
    number = (section.paragraphs.aggregate(n=Max("number"))["n"] or 0) + 1
    paragraph = Paragraph(section=section, number=number, text=text)
    paragraph.full_clean()
    paragraph.save()
    return paragraph


@transaction.atomic
def version_publish(
    *, version: DraftVersion, by: Any, now: dt.datetime | None = None
) -> DraftVersion:
    """Publish a complete version, stamp who and when, and send its PDF to be rendered."""
    now = now or timezone.now()
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_editable(version)
    empty = selectors.version_empty_mandatory_sections(version)
    if empty:
        titles = {s.kind: s.title for s in version.sections.all()}
        raise ValidationError(
            [
                ValidationError(
                    _("The mandatory section “%(title)s” (art. 5a ust. 4 pkt %(point)s) is empty."),
                    code="empty_section",
                    params={
                        "title": titles.get(kind) or composition.DEFAULT_SECTION_TITLES[kind],
                        "point": MANDATORY_SECTION_KINDS.index(kind) + 1,
                    },
                )
                for kind in empty
            ]
        )
    version.status = DraftVersion.Status.PUBLISHED
    version.published_at = now
    version.published_by = by
    if version.created_by_id is None:
        version.created_by = by
    version.save(update_fields=["status", "published_at", "published_by", "created_by"])
    pdf_request(programme=version.programme, version=version, now=now)
    return version


# ------------------------------------------------------------------------------
# PDFs: requested by publishing or by a reader, rendered by a Celery task
# ------------------------------------------------------------------------------
def pdf_fingerprint(*, programme: Programme, version: DraftVersion | None) -> str:
    """A published version never changes: its pk names it; the report changes with answers."""
    if version is not None:
        # The adopted version's title page names the resolution, so it is another file.
        adoption = Adoption.objects.filter(programme=programme, version=version).first()
        if adoption is not None:
            return f"version-{version.pk}-adopted-{adoption.pk}"
        return f"version-{version.pk}"
    return selectors.report_fingerprint(programme)


@transaction.atomic
def pdf_request(
    *, programme: Programme, version: DraftVersion | None, now: dt.datetime | None = None
) -> RenderedPdf:
    """The stored PDF of a published version or of the report; sends a render if needed."""
    from consultations.tasks import render_pdf

    now = now or timezone.now()
    if version is not None and not version.is_published:
        raise ValidationError(_("Only published versions are stored as PDF."), code="unpublished")
    kind = RenderedPdf.Kind.DRAFT if version is not None else RenderedPdf.Kind.REPORT
    document, created = RenderedPdf.objects.get_or_create(
        programme=programme,
        kind=kind,
        fingerprint=pdf_fingerprint(programme=programme, version=version),
        defaults={"version": version, "requested_at": now},
    )
    if document.is_ready:
        if document.file.storage.exists(document.file.name):
            return document
        # The file went missing (storage wiped, or not shared between machines): render
        # it again, at the pace of lost renders so that readers cannot queue a storm.
        RenderedPdf.objects.filter(pk=document.pk).update(file="", rendered_at=None)
        document.refresh_from_db()
    if not created:
        # Resend only a render that looks lost; otherwise readers polling would queue many.
        updated = RenderedPdf.objects.filter(
            pk=document.pk, rendered_at=None, requested_at__lt=now - PDF_RENDER_RETRY_AFTER
        ).update(requested_at=now)
        if not updated:
            return document
    pk = document.pk
    transaction.on_commit(lambda: render_pdf.delay(pk))
    return document


def pdf_render(*, document: RenderedPdf) -> RenderedPdf:
    """Render and store the PDF of ``document`` (idempotent: a second run does nothing)."""
    from consultations import pdf

    document = RenderedPdf.objects.select_related("programme", "version").get(pk=document.pk)
    if document.is_ready:
        return document
    if document.version is not None:
        content = pdf.render_draft_pdf(document.version)
        name = f"{document.programme.slug}-wersja-{document.version.number}.pdf"
    else:
        content = pdf.render_report_pdf(document.programme)
        name = f"{document.programme.slug}-raport-z-konsultacji.pdf"
    with transaction.atomic():
        locked = RenderedPdf.objects.select_for_update().get(pk=document.pk)
        if locked.is_ready:  # another worker finished first (acks_late may run a task twice)
            return locked
        locked.file.save(name, ContentFile(content), save=False)
        locked.rendered_at = timezone.now()
        locked.save(update_fields=["file", "rendered_at"])
    return locked


# ------------------------------------------------------------------------------
# Adoption by the council (art. 5a ust. 1 and 2a)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AdoptionData:
    """What the coordinator copies from the resolution and the opinion."""

    version: DraftVersion
    resolution_number: str
    resolution_date: dt.date
    bip_url: str
    council: str = "Miasta Krakowa"
    opinion_date: dt.date | None = None
    opinion_text: str = ""
    opinion_pdf: Any = None


def adoption_check(*, programme: Programme, version: DraftVersion | None) -> None:
    """Why this adoption cannot be recorded (ValidationError), shared by the admin form."""
    if Adoption.objects.filter(programme=programme).exists():
        raise ValidationError(
            _("The adoption of this programme is already recorded; it is recorded once."),
            code="already_adopted",
        )
    if version is None:
        return
    if version.programme_id != programme.pk:
        raise ValidationError(
            {"version": _("This version belongs to another programme.")}, code="version"
        )
    if not version.is_published:
        raise ValidationError(
            {"version": _("Only a published version can be the adopted one.")},
            code="unpublished",
        )


@transaction.atomic
def programme_adopt(
    *, programme: Programme, data: AdoptionData, by: Any, now: dt.datetime
) -> Adoption:
    """Record the council's resolution once; who and when are kept, the PDF is re-rendered."""
    from teams.rules import is_coordinator

    if not is_coordinator(by):
        raise ValidationError(_("Only a coordinator records the adoption."), code="permission")
    # Lock the programme: two coordinators recording at once get one adoption.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    adoption_check(programme=programme, version=data.version)
    adoption = Adoption(
        programme=programme,
        version=data.version,
        council=data.council,
        resolution_number=data.resolution_number.strip(),
        resolution_date=data.resolution_date,
        bip_url=data.bip_url,
        opinion_date=data.opinion_date,
        opinion_text=data.opinion_text,
        recorded_by=by,
        recorded_at=now,
    )
    if data.opinion_pdf:
        adoption.opinion_pdf = data.opinion_pdf
    adoption.full_clean()
    adoption._history_user = by  # type: ignore[attr-defined]
    adoption._change_reason = "adoption recorded"  # type: ignore[attr-defined]
    adoption.save()
    # The draft PDF said "PROJEKT"; the adopted one names the resolution.
    pdf_request(programme=programme, version=data.version, now=now)
    return adoption
