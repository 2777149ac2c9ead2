"""PDFs of the programme document and of the consultation report (WeasyPrint).

Rendering and the static-only URL fetcher live in ``core.pdf``, shared with
the meeting minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from consultations import selectors
from consultations.models import Adoption, DraftVersion
from core.pdf import render_pdf, static_only_fetcher, static_path_for
from core.people import public_name
from programmes.models import Programme

if TYPE_CHECKING:
    from core.pdf_fetcher import StaticOnlyFetcher

__all__ = [
    "draft_context",
    "render_draft_html",
    "render_draft_pdf",
    "render_pdf",
    "render_report_html",
    "render_report_pdf",
    "report_context",
    "static_only_fetcher",
    "static_path_for",
]


def _person(user: Any) -> str:
    return public_name(user)


def _adoption_of(version: DraftVersion) -> Adoption | None:
    """The adoption when ``version`` is the adopted text: printed as the resolution's annex."""
    adoption = selectors.programme_adoption(version.programme)
    return adoption if adoption is not None and adoption.version_id == version.pk else None


def draft_context(version: DraftVersion, *, now: Any = None) -> dict[str, Any]:
    """What the draft template needs: the version, its sections and BIP-style metadata."""
    return {
        "programme": version.programme,
        "version": version,
        "sections": list(selectors.version_sections(version)),
        "prepared_by": _person(version.created_by),
        "published_by": _person(version.published_by),
        "adoption": _adoption_of(version),
        "printed_at": now or timezone.now(),
    }


def render_draft_html(version: DraftVersion) -> str:
    # The document is Polish whatever language the requester reads the portal in.
    with translation.override("pl"):
        return render_to_string("consultations/pdf/draft.html", draft_context(version))


def render_draft_pdf(version: DraftVersion, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The draft programme document as PDF."""
    return render_pdf(render_draft_html(version), fetcher=fetcher)


def report_context(programme: Programme) -> dict[str, Any]:
    """The report's context (``selectors.report_context``) with the printing date."""
    return selectors.report_context(programme) | {"printed_at": timezone.now()}


def render_report_html(programme: Programme) -> str:
    with translation.override("pl"):
        return render_to_string("consultations/pdf/report.html", report_context(programme))


def render_report_pdf(programme: Programme, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The consultation report as PDF: every comment and its answer, one table."""
    return render_pdf(render_report_html(programme), fetcher=fetcher)
