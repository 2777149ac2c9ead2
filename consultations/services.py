"""Writes for consultations: the programme document's versions and its PDFs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import composition, selectors
from consultations.models import (
    MANDATORY_SECTION_KINDS,
    DraftVersion,
    Paragraph,
    Programme,
    RenderedPdf,
    Section,
    SectionKind,
)

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
