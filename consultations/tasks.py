"""Celery tasks of consultations: thin, load by pk and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="consultations.render_pdf")
def render_pdf(document_pk: int) -> None:
    """Render the stored PDF of a published version or of the report."""
    from consultations.models import RenderedPdf
    from consultations.services import pdf_render

    document = RenderedPdf.objects.filter(pk=document_pk).first()
    if document is not None:
        pdf_render(document=document)
