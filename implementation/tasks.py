"""Celery tasks of implementation: thin, load by pk and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="implementation.render_report_pdf")
def render_report_pdf(document_pk: int) -> None:
    """Render the stored PDF of a published annual report."""
    from implementation.models import AnnualReportPdf
    from implementation.services import report_pdf_render

    document = AnnualReportPdf.objects.filter(pk=document_pk).first()
    if document is not None:
        report_pdf_render(document=document)
