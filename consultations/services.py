"""Writes for consultations: comments, answers and the report; the document's versions and PDFs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
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
from consultations.selectors import moment_display
from core import idempotency, outbox, revisions
from core.rendering import RENDER_RETRY_AFTER, render_request, render_store
from core.signals import public_record_changed_on_commit
from programmes.models import Phase, Programme
from teams.models import Organisation

# History rows of corrected published answers start with this; the report shows them.
CORRECTION_PREFIX = "correction of the published answer: "
# The reason is kept in the history's change reason, a varchar(100), after the prefix:
# a longer one would be refused by the database (issue 16), so forms bound it first.
CORRECTION_REASON_MAX = 100 - len(CORRECTION_PREFIX)


def _page_changed(programme_id: int) -> None:
    """What the programme's public pages show has changed: a new cache key for them.

    docs/architecture.md, "Caching": every write that changes a draft page, its counts,
    its answers or the report calls this inside its transaction.
    """
    revisions.bump(revisions.programme_scope(programme_id))


@dataclass(frozen=True)
class CommentData:
    """What the author writes in the standard consultation form."""

    current_wording: str
    proposed_wording: str
    justification: str
    capacity: str
    organisation: Organisation | None = None


def comment_window_check(*, version: DraftVersion, now: dt.datetime) -> Phase:
    """The open comment phase for ``version``, or a ValidationError that says why not.

    The window itself is ``selectors.comment_window``, which the permission
    ``consultations.add_comment`` asks too (consultations/rules.py).
    """
    window = selectors.comment_window(version, now=now)
    if window.phase is None:
        raise ValidationError(window.reason, code=window.code)
    return window.phase


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
    token: str = "",
) -> Comment:
    """Save a comment while its phase is open; its receipt goes out through the outbox.

    ``token`` is the form's one-time token: a second submission of the same form (a
    double click, two parallel POSTs) returns the comment the first one saved.
    """
    _check_author(author=author, data=data)
    # Lock the version row: the next number must be unique even under concurrent posts.
    version = (
        DraftVersion.objects.select_for_update().select_related("programme").get(pk=version.pk)
    )
    try:
        submission = idempotency.claim(user=author, form="comment", token=token)
    except idempotency.AlreadySubmittedError as earlier:
        first = Comment.objects.filter(pk=earlier.object_pk or 0, author=author).first()
        if first is not None:
            return first
        raise ValidationError(
            _("This form was already sent. Open the form again to write another comment."),
            code="resubmitted",
        ) from None
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
    _page_changed(version.programme_id)
    idempotency.complete(submission, object_pk=comment.pk)
    # In this transaction: a saved comment always has its receipt on the way, even
    # when the broker is down (docs/architecture.md, "Outbox").
    outbox.enqueue(
        handler="consultations.tasks.comment_receipt_send",
        payload={"comment_pk": comment.pk},
        dedup_key=f"comment-receipt:{comment.pk}",
    )
    return comment


def comment_change_check(*, comment: Comment, author: Any, now: dt.datetime) -> None:
    """Why the author cannot edit or withdraw now (ValidationError); pages hide the links."""
    _check_change(comment=comment, author=author, now=now)


def comment_window_closed_check(*, programme: Programme, now: dt.datetime) -> None:
    """The report and bulk publication of answers wait until no comment phase is open."""
    phase = Phase.objects.for_programme(programme).open_for_comments(now).first()
    if phase is not None:
        raise ValidationError(
            _(
                "Comments are still being received until %(date)s: the report and the "
                "answers are published after the comment phase ends."
            )
            % {"date": moment_display(phase.ends_at)},
            code="window_open",
        )


def _check_change(*, comment: Comment, author: Any, now: dt.datetime) -> None:
    if comment.author_id != author.pk:
        raise ValidationError(_("Only the author may change a comment."), code="author")
    if comment.is_withdrawn:
        raise ValidationError(_("This comment was withdrawn."), code="withdrawn")
    if comment.is_answer_published or comment.answer:
        # Answered (even in draft): the coordinators' answer must fit the text it answers.
        raise ValidationError(
            _("This comment has been answered: it can no longer be changed."),
            code="answered",
        )
    if comment.is_not_a_comment:
        raise ValidationError(
            _("This comment was set aside as not a comment on this document."),
            code="not_a_comment",
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
    _page_changed(comment.version.programme_id)
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
    _page_changed(comment.version.programme_id)
    return comment


@transaction.atomic
def comment_not_a_comment_mark(
    *, comment: Comment, kind: str, reason: str, by: Any, now: dt.datetime
) -> Comment:
    """Set a comment aside (spam, abuse, another matter): number kept, text hidden, reason shown."""
    from teams.rules import is_coordinator

    if not is_coordinator(by):
        raise ValidationError(_("Only a coordinator may set a comment aside."), code="permission")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if kind not in Comment.NotACommentKind.values:
        raise ValidationError({"not_a_comment_kind": _("Choose why.")}, code="kind")
    if not reason.strip():
        raise ValidationError(
            {
                "not_a_comment_reason": _(
                    "Give the reason; it is shown publicly instead of the text."
                )
            },
            code="reason",
        )
    if comment.is_withdrawn:
        raise ValidationError(_("This comment was withdrawn."), code="withdrawn")
    comment.status = Comment.Status.NOT_A_COMMENT
    comment.not_a_comment_kind = kind
    comment.not_a_comment_reason = reason.strip()
    comment.full_clean()
    comment._history_user = by  # type: ignore[attr-defined]
    # The reason itself is in the history row's snapshot; the change reason names the act.
    comment._change_reason = f"not a comment on this document: {kind}"  # type: ignore[attr-defined]
    comment.save(update_fields=["status", "not_a_comment_kind", "not_a_comment_reason"])
    _page_changed(comment.version.programme_id)
    return comment


@transaction.atomic
def comment_link_paragraph(
    *, comment: Comment, paragraph: Paragraph | None, by: Any, now: dt.datetime
) -> Comment:
    """Record which paragraph the comment changed (later version) or deleted (its own)."""
    comment = Comment.objects.select_for_update().select_related("version").get(pk=comment.pk)
    if paragraph is not None:
        version = paragraph.section.version
        if version.programme_id != comment.version.programme_id or (
            version.number < comment.version.number
        ):
            raise ValidationError(
                {
                    "resulting_paragraph_ref": _(
                        "Choose a paragraph of this version or a later one."
                    )
                },
                code="paragraph",
            )
    comment.resulting_paragraph = paragraph
    comment._history_user = by  # type: ignore[attr-defined]
    comment._change_reason = "paragraph linked"  # type: ignore[attr-defined]
    comment.save(update_fields=["resulting_paragraph"])
    _page_changed(comment.version.programme_id)
    return comment


@transaction.atomic
def comment_receipt_send(*, comment: Comment, now: dt.datetime) -> bool:
    """E-mail the receipt once; False when it was already sent (tasks may run twice).

    Marked sent in the transaction in which the SMTP server accepted the message: a
    worker killed before that rolls the mark back and the outbox sends it again; a
    concurrent copy waits on the row lock, then finds it sent.
    """
    from core.mail import send_templated_email

    unsent = list(
        Comment.objects.select_for_update()
        .filter(pk=comment.pk, receipt_sent_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if not unsent or not comment.author.email:
        return False
    send_templated_email("comment-receipt", {"comment": comment}, to=[comment.author.email])
    Comment.objects.filter(pk=comment.pk).update(receipt_sent_at=now)
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
    if len(reason.strip()) > CORRECTION_REASON_MAX:
        raise ValidationError(
            {
                "correction_reason": _(
                    "Give the reason in at most %(max)d characters; the full explanation "
                    "belongs in the justification."
                )
                % {"max": CORRECTION_REASON_MAX}
            },
            code="reason_length",
        )
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
    if comment.is_answer_published:
        public_record_changed_on_commit(Comment, comment.pk)
    _page_changed(comment.version.programme_id)
    return comment


@transaction.atomic
def comment_answers_publish(
    *, comments: Iterable[Comment], by: Any, now: dt.datetime
) -> tuple[int, int]:
    """Publish the answers that have a position and a justification; (published, skipped).

    Only after the comment phase has ended (issue 10, item 8): answers may be drafted
    at any time, but publishing them while comments still arrive would skew the rest.
    """
    comments = list(comments)
    published = skipped = 0
    programmes: set[int] = set()
    for programme in Programme.objects.filter(
        versions__comments__in=[c.pk for c in comments]
    ).distinct():
        comment_window_closed_check(programme=programme, now=now)
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
        public_record_changed_on_commit(Comment, comment.pk)
        programmes.add(comment.version.programme_id)
        published += 1
    # The coordinating team's summary is published together with the answers.
    Programme.objects.filter(pk__in=programmes, report_published_at__isnull=True).exclude(
        report_summary=""
    ).update(report_published_at=now)
    for programme_id in programmes:
        public_record_changed_on_commit(Programme, programme_id)
        _page_changed(programme_id)
    return published, skipped


@transaction.atomic
def programme_report_publish(*, programme: Programme, now: dt.datetime) -> Programme:
    """Publish the coordinating team's summary of the consultation (after the comment phase)."""
    comment_window_closed_check(programme=programme, now=now)
    if not programme.report_summary.strip():
        raise ValidationError(
            {"report_summary": _("Write the summary before publishing the report.")}
        )
    programme.report_published_at = now
    programme.save(update_fields=["report_published_at"])
    public_record_changed_on_commit(Programme, programme.pk)
    _page_changed(programme.pk)
    return programme


# ------------------------------------------------------------------------------
# The programme document: versions, publishing and PDFs
# ------------------------------------------------------------------------------
# A render that has not finished after this long is assumed lost (worker died) and re-sent.
PDF_RENDER_RETRY_AFTER = RENDER_RETRY_AFTER


# ------------------------------------------------------------------------------
# Draft versions: compose, edit, publish
# ------------------------------------------------------------------------------
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
        SectionKind.PREPARATION: composition.preparation_paragraphs(programme, now=now),
    }
    position = 0
    for kind in MANDATORY_SECTION_KINDS:
        position += 1
        old = carried.get(kind)
        title = old.title if old else composition.DEFAULT_SECTION_TITLES[kind]
        texts = composed[kind] if kind in composed else _texts_of(old) if old else []
        _section_create(version=version, position=position, kind=kind, title=title, texts=texts)
    for old in free:
        position += 1
        _section_create(
            version=version,
            position=position,
            kind=SectionKind.FREE,
            title=old.title,
            texts=_texts_of(old),
        )
    return version


def _texts_of(section: Section) -> list[str]:
    """A section's texts, headings still marked as headings."""
    return [
        composition.Heading(p.text) if p.is_heading else p.text for p in section.paragraphs.all()
    ]


def _section_create(
    *, version: DraftVersion, position: int, kind: str, title: str, texts: list[str]
) -> Section:
    section = Section.objects.create(version=version, position=position, kind=kind, title=title)
    Paragraph.objects.bulk_create(
        Paragraph(
            section=section,
            number=n,
            text=text,
            is_heading=isinstance(text, composition.Heading),
        )
        for n, text in enumerate(texts, start=1)
    )
    return section


@transaction.atomic
def version_update(*, version: DraftVersion, title: str, change_note: str) -> DraftVersion:
    """Change the title and change note of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    version.ensure_editable()
    version.title = title
    version.change_note = change_note
    version.full_clean()
    version.save(update_fields=["title", "change_note"])
    return version


@transaction.atomic
def paragraph_update(*, paragraph: Paragraph, text: str) -> Paragraph:
    """Change the text of a paragraph of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.section.version_id)
    version.ensure_editable()
    paragraph.text = text
    paragraph.full_clean()
    paragraph.save(update_fields=["text"])
    return paragraph


@transaction.atomic
def paragraph_add(*, section: Section, text: str) -> Paragraph:
    """Append a paragraph to a section of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=section.version_id)
    version.ensure_editable()
    number = (section.paragraphs.aggregate(n=Max("number"))["n"] or 0) + 1
    paragraph = Paragraph(section=section, number=number, text=text)
    paragraph.full_clean()
    paragraph.save()
    return paragraph


DraftPart = DraftVersion | Section | Paragraph


def _version_ids(part: DraftPart) -> set[int]:
    """The versions a part belongs to: as stored, and as edited (a moved section)."""
    ids: set[int | None] = set()
    if isinstance(part, DraftVersion):
        ids = {part.pk}
    elif isinstance(part, Section):
        ids = {part.version_id}
        if part.pk is not None:
            ids |= set(Section.objects.filter(pk=part.pk).values_list("version_id", flat=True))
    else:
        ids = set(Section.objects.filter(pk=part.section_id).values_list("version_id", flat=True))
        if part.pk is not None:
            ids |= set(
                Paragraph.objects.filter(pk=part.pk).values_list("section__version_id", flat=True)
            )
    return {i for i in ids if i is not None}


@transaction.atomic
def draft_part_save(*, part: DraftPart, by: Any) -> DraftPart:
    """Save a version, section or paragraph edited in the admin, if its version is editable.

    Both the version as stored and the one the form points to (a moved section or
    paragraph) are locked and checked: neither may be published.
    """
    for version_id in sorted(_version_ids(part)):
        DraftVersion.objects.select_for_update().get(pk=version_id).ensure_editable()
    if isinstance(part, DraftVersion) and part.pk is None and part.created_by_id is None:
        part.created_by = by
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def draft_part_delete(*, part: DraftPart, by: Any) -> None:
    """Delete a version, section or paragraph of an unpublished version (admin)."""
    for version_id in sorted(_version_ids(part)):
        DraftVersion.objects.select_for_update().get(pk=version_id).ensure_editable()
    part.delete()


@transaction.atomic
def paragraph_delete(*, paragraph: Paragraph) -> None:
    """Remove a paragraph of an unpublished version; the ones after it move up one number."""
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.section.version_id)
    version.ensure_editable()
    section, number = paragraph.section, paragraph.number
    paragraph.delete()
    # One by one in ascending order, so (section, number) stays unique at every step.
    for later in section.paragraphs.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def paragraph_move(*, paragraph: Paragraph, up: bool) -> Paragraph:
    """Swap a paragraph with its neighbour above (``up``) or below, in an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.section.version_id)
    version.ensure_editable()
    target = paragraph.number - 1 if up else paragraph.number + 1
    neighbour = paragraph.section.paragraphs.filter(number=target).first()
    if neighbour is None:
        return paragraph
    # Paragraph numbers start at 1, so 0 is free as the parking place of the swap.
    original = paragraph.number
    paragraph.number = 0
    paragraph.save(update_fields=["number"])
    neighbour.number = original
    neighbour.save(update_fields=["number"])
    paragraph.number = target
    paragraph.save(update_fields=["number"])
    return paragraph


@transaction.atomic
def version_publish(
    *, version: DraftVersion, by: Any, now: dt.datetime | None = None
) -> DraftVersion:
    """Publish a complete version, stamp who and when, and send its PDF to be rendered."""
    now = now or timezone.now()
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    version.ensure_editable()
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
    public_record_changed_on_commit(DraftVersion, version.pk)
    _page_changed(version.programme_id)
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


def pdf_request(
    *, programme: Programme, version: DraftVersion | None, now: dt.datetime | None = None
) -> RenderedPdf:
    """The stored PDF of a published version or of the report; queues a render if needed."""
    if version is not None and not version.is_published:
        raise ValidationError(_("Only published versions are stored as PDF."), code="unpublished")
    return render_request(
        model=RenderedPdf,
        lookup={
            "programme": programme,
            "kind": RenderedPdf.Kind.DRAFT if version is not None else RenderedPdf.Kind.REPORT,
            "fingerprint": pdf_fingerprint(programme=programme, version=version),
        },
        defaults={"version": version},
        handler="consultations.tasks.render_pdf",
        now=now or timezone.now(),
        retry_after=PDF_RENDER_RETRY_AFTER,
    )


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
    return render_store(
        model=RenderedPdf, pk=document.pk, content=content, name=name, now=timezone.now()
    )


# ------------------------------------------------------------------------------
# The next cycle from the previous one (issue 11, item 2)
# ------------------------------------------------------------------------------
def version_to_carry(programme: Programme) -> DraftVersion | None:
    """The last adopted text, else the last published one, else nothing.

    The council's adoption record (``programme.adoption``) comes with another branch;
    when it names the adopted version, that version is the starting point.
    """
    from programmes.selectors import programme_adoption

    adopted = getattr(programme_adoption(programme), "version", None)
    if isinstance(adopted, DraftVersion):
        return adopted
    return programme.versions.published().order_by("-number").first()


@dataclass(frozen=True)
class PhaseData:
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    accepts_comments: bool


@transaction.atomic
def programme_start_next(
    *,
    previous: Programme,
    first_year: int,
    last_year: int,
    title: str,
    slug: str,
    make_current: bool,
    phases: list[PhaseData],
    by: Any,
    now: dt.datetime,
) -> Programme:
    """Start the programme for ``first_year``–``last_year`` from ``previous``.

    Copies the strategy links and priority areas, the teams (memberships to be
    confirmed by each person), the phases as edited by the coordinator, and the last
    adopted (else published) text as version 1, a draft marked for review.
    """
    from teams.services import teams_carry_over

    if make_current:
        Programme.objects.filter(is_current=True).update(is_current=False)
    programme = Programme(
        slug=slug,
        title=title,
        municipality=previous.municipality,
        kind=previous.kind,
        first_year=first_year,
        last_year=last_year,
        legal_basis=previous.legal_basis,
        consultation_min_days=previous.consultation_min_days,
        is_current=make_current,
    )
    programme.full_clean()
    programme.save()
    programme.strategy_goals.set(previous.strategy_goals.all())
    programme.priority_areas.set(previous.priority_areas.all())
    for data in sorted(phases, key=lambda p: p.starts_at):
        phase = Phase(
            programme=programme,
            kind=data.kind,
            name=data.name,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            accepts_comments=data.accepts_comments,
        )
        try:
            phase.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                _("Phase “%(name)s”: %(errors)s")
                % {"name": data.name, "errors": " ".join(exc.messages)},
                code="phase",
            ) from exc
        phase.save()
    teams_carry_over(source=previous, target=programme)
    source = version_to_carry(previous)
    if source is not None:
        version = DraftVersion.objects.create(
            programme=programme,
            number=1,
            title=source.title.replace(previous.period_display, programme.period_display),
            change_note=_(
                "Copied from version %(number)s of “%(title)s” for review: check every "
                "highlighted year and date."
            )
            % {"number": source.number, "title": previous.title},
            created_by=by,
            created_at=now,
        )
        for section in source.sections.prefetch_related("paragraphs"):
            new_section = Section.objects.create(
                version=version, position=section.position, kind=section.kind, title=section.title
            )
            Paragraph.objects.bulk_create(
                Paragraph(
                    section=new_section, number=p.number, text=p.text, is_heading=p.is_heading
                )
                for p in section.paragraphs.all()
            )
    return programme


@transaction.atomic
def proposal_apply(*, comment: Comment, paragraph: Paragraph, by: Any) -> Paragraph:
    """Apply an accepted proposal to a paragraph of the next, unpublished version.

    The proposed wording replaces the comment's current wording where the paragraph
    still has it, else the whole paragraph; the comment then points at the paragraph
    it changed (``resulting_paragraph``), so the diff and the report link the two.
    """
    version = DraftVersion.objects.select_for_update().get(pk=paragraph.section.version_id)
    version.ensure_editable()
    if comment.answer not in (Comment.Answer.ACCEPTED, Comment.Answer.PARTLY_ACCEPTED):
        raise ValidationError(_("Only accepted proposals can be applied."), code="not_accepted")
    if comment.version.programme_id != version.programme_id:
        raise ValidationError(_("The comment is about another programme."), code="programme")
    current = comment.current_wording.strip()
    if current and current in paragraph.text:
        paragraph.text = paragraph.text.replace(current, comment.proposed_wording.strip(), 1)
    else:
        paragraph.text = comment.proposed_wording.strip()
    paragraph.full_clean()
    paragraph.save(update_fields=["text"])
    comment.resulting_paragraph = paragraph
    comment._history_user = by  # type: ignore[attr-defined]
    comment._change_reason = "proposal applied to the next version"  # type: ignore[attr-defined]
    comment.save(update_fields=["resulting_paragraph"])
    return paragraph


@transaction.atomic
def section_rename(*, section: Section, title: str) -> Section:
    """Change the title of a section of an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=section.version_id)
    version.ensure_editable()
    section.title = title
    section.full_clean()
    section.save(update_fields=["title"])
    return section


@transaction.atomic
def section_add(*, version: DraftVersion, title: str) -> Section:
    """Append a further (non-statutory) section to an unpublished version."""
    version = DraftVersion.objects.select_for_update().get(pk=version.pk)
    version.ensure_editable()
    position = (version.sections.aggregate(n=Max("position"))["n"] or 0) + 1
    section = Section(version=version, position=position, kind=SectionKind.FREE, title=title)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Remove a further section; the eleven statutory ones (art. 5a ust. 4) stay."""
    version = DraftVersion.objects.select_for_update().get(pk=section.version_id)
    version.ensure_editable()
    if section.kind != SectionKind.FREE:
        raise ValidationError(
            _("A section required by art. 5a ust. 4 cannot be removed."), code="mandatory"
        )
    position = section.position
    section.delete()
    for later in version.sections.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])


@transaction.atomic
def section_move(*, section: Section, up: bool) -> Section:
    """Swap a section with its neighbour above (``up``) or below, in an unpublished version.

    Only the positions change: a statutory section keeps its kind (art. 5a ust. 4),
    so publication still finds all eleven wherever the coordinator put them.
    """
    version = DraftVersion.objects.select_for_update().get(pk=section.version_id)
    version.ensure_editable()
    section = Section.objects.get(pk=section.pk)
    target = section.position - 1 if up else section.position + 1
    neighbour = version.sections.filter(position=target).first()
    if neighbour is None:
        return section
    # Positions start at 1, so 0 is free as the parking place of the swap and the
    # (version, position) constraint holds after every statement.
    original = section.position
    section.position = 0
    section.save(update_fields=["position"])
    neighbour.position = original
    neighbour.save(update_fields=["position"])
    section.position = target
    section.save(update_fields=["position"])
    return section


# Adoption by the council (art. 5a ust. 1 and 2a)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AdoptionData:
    """What the coordinator copies from the resolution and the opinion."""

    version: DraftVersion
    resolution_number: str
    resolution_date: dt.date
    bip_url: str
    council: str = ""  # empty: from the local government's council (Adoption.council_genitive)
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
    _page_changed(programme.pk)
    return adoption


# ------------------------------------------------------------------------------
# Comments received by e-mail, post or at a meeting (issue 10, item 4)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegisteredCommentData:
    """What the coordinator copies from a letter, an e-mail or the meeting's minutes."""

    channel: str
    received_at: dt.datetime
    comment: CommentData
    sender_name: str = ""
    scan: Any = None


def comment_register_check(*, data: RegisteredCommentData, now: dt.datetime) -> None:
    """What a registered comment must say before it gets a number: a channel other than the
    portal, a date received that is not in the future, and who sent it.

    The admin's form asks the same before saving, so that each reason shows beside its
    field; comment_register asks again inside its transaction.
    """
    if data.channel not in Comment.Channel.values or data.channel == Comment.Channel.PORTAL:
        raise ValidationError({"channel": _("Choose e-mail, post or meeting.")}, code="channel")
    if data.received_at > now:
        raise ValidationError(
            {"received_at": _("The date received cannot be in the future.")}, code="future"
        )
    if data.comment.capacity == Comment.Capacity.ORGANISATION:
        if data.comment.organisation is None:
            raise ValidationError(
                {"organisation": _("Choose the organisation that sent the comment.")},
                code="organisation",
            )
    elif not data.sender_name.strip():
        raise ValidationError(
            {"sender_name": _("Give the sender's name (it is not published).")}, code="sender"
        )


@transaction.atomic
def comment_register(
    *,
    version: DraftVersion,
    paragraph: Paragraph | None,
    data: RegisteredCommentData,
    by: Any,
    now: dt.datetime,
) -> Comment:
    """Enter a comment from another channel, numbered in the same sequence; late ones marked."""
    from teams.rules import is_coordinator

    if not is_coordinator(by):
        raise ValidationError(_("Only a coordinator registers comments."), code="permission")
    comment_register_check(data=data, now=now)
    # The same lock as comment_submit: one sequence of numbers per version.
    version = (
        DraftVersion.objects.select_for_update().select_related("programme").get(pk=version.pk)
    )
    if not version.is_published:
        raise ValidationError({"version": _("Choose a published version.")}, code="version")
    if paragraph is not None and paragraph.section.version_id != version.pk:
        raise ValidationError(
            {"paragraph": _("This paragraph is not part of this version.")}, code="paragraph"
        )
    in_window = (
        Phase.objects.for_programme(version.programme).open_for_comments(data.received_at).exists()
    )
    last = Comment.objects.filter(version=version).order_by("-number").first()
    comment = Comment(
        version=version,
        paragraph=paragraph,
        number=(last.number + 1) if last else 1,
        author=by,  # who entered it; the sender is the organisation or sender_name
        registered_by=by,
        submitted_at=data.received_at,
        channel=data.channel,
        is_late=not in_window,
        sender_name=data.sender_name.strip(),
    )
    _apply(comment, data.comment)
    if data.scan:
        comment.scan = data.scan
    comment.full_clean()
    comment._history_user = by  # type: ignore[attr-defined]
    comment._change_reason = f"registered from {data.channel}"  # type: ignore[attr-defined]
    comment.save()
    _page_changed(version.programme_id)
    return comment


@transaction.atomic
def comments_author_erased(*, user: Any, by: Any | None, now: dt.datetime) -> int:
    """Fix the public attribution of a person's comments before their account is erased.

    docs/personal-data.md, "`/me/delete/` — erasure (art. 17)": a comment stays in the public record attributed
    to its organisation when that was confirmed (the confirmation's rows go with the
    account), otherwise to "osoba fizyczna" — never to an expert's or official's capacity
    that could point to the person. Each change is a history row naming who erased and why;
    the search index follows for the published ones. Returns how many comments changed.
    """
    changed = 0
    comments = Comment.objects.select_for_update(of=("self",)).filter(
        author=user, author_erased_as=""
    )
    for comment in comments.select_related("organisation"):
        comment.author_erased_as = (
            Comment.ErasedAs.ORGANISATION
            if comment.organisation_confirmed
            else Comment.ErasedAs.NATURAL_PERSON
        )
        comment._history_user = by  # type: ignore[attr-defined]
        comment._change_reason = "author's account erased (RODO art. 17)"  # type: ignore[attr-defined]
        comment.save(update_fields=["author_erased_as"])
        if comment.is_answer_published:
            public_record_changed_on_commit(Comment, comment.pk)
        changed += 1
    return changed
