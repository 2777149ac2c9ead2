"""The annual report as PDF: title page with the metryczka, TOC, page numbers, charts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import render_pdf
from core.people import public_name
from implementation import charts, selectors
from implementation.models import AnnualReport
from programmes.models import Programme

if TYPE_CHECKING:
    from core.pdf_fetcher import StaticOnlyFetcher


def _person(user: Any) -> str:
    return public_name(user)


def report_context(programme: Programme, year: int, report: AnnualReport | None) -> dict[str, Any]:
    content = selectors.report_content(report, programme, year)
    return {
        "programme": programme,
        "year": year,
        "report": report,
        "content": content,
        "charts": charts.report_charts(content),
        "prepared_by": _person(report.prepared_by) if report else "",
        "published_by": _person(report.published_by) if report else "",
        "printed_at": timezone.now(),
    }


def render_report_html(programme: Programme, year: int, report: AnnualReport | None) -> str:
    # A Polish public document, whatever language the requester reads the portal in.
    with translation.override("pl"):
        return render_to_string(
            "implementation/pdf/report.html", report_context(programme, year, report)
        )


def render_report_pdf(
    programme: Programme,
    year: int,
    report: AnnualReport | None,
    *,
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    return render_pdf(render_report_html(programme, year, report), fetcher=fetcher)
