"""Celery tasks of consultations: thin, load by pk and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="consultations.render_pdf")
def render_pdf(document_pk: int) -> None:
    """Render the stored PDF of a published version or of the report."""
    from consultations.models import RenderedPdf
    from consultations.services import pdf_render

    document = RenderedPdf.objects.filter(pk=document_pk).first()
    if document is not None:
        pdf_render(document=document)


@shared_task
def comment_receipt_send(comment_pk: int) -> bool:
    """E-mail the author the receipt of their comment."""
    from consultations.models import Comment
    from consultations.services import comment_receipt_send as send

    comment = (
        Comment.objects.select_related(
            "version__programme", "author", "organisation", "paragraph__section"
        )
        .filter(pk=comment_pk)
        .first()
    )
    if comment is None:
        return False
    return send(comment=comment, now=timezone.now())
