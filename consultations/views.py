from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from consultations import pdf, selectors, services
from consultations.diff import version_diff
from consultations.models import DraftVersion, Programme, RenderedPdf
from teams.rules import is_coordinator


def home(request: HttpRequest) -> HttpResponse:
    programme = selectors.programme_current()
    context: dict[str, object] = {"programme": programme}
    if programme is not None:
        now = timezone.now()
        context |= {
            "countdowns": selectors.programme_countdowns(programme, now=now),
            "phases": selectors.programme_timeline(programme),
            "now": now,
        }
    return render(request, "consultations/home.html", context)


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.programme_for_detail(slug))
    now = timezone.now()
    return render(
        request,
        "consultations/programme_detail.html",
        {
            "programme": programme,
            "phases": selectors.programme_timeline(programme),
            "teams": selectors.programme_teams(programme),
            "countdowns": selectors.programme_countdowns(programme, now=now),
            "now": now,
        },
    )


# ------------------------------------------------------------------------------
# The programme document: differences between versions and PDFs
# ------------------------------------------------------------------------------
def _get_programme(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def _get_version_for_user(request: HttpRequest, programme: Programme, number: int) -> DraftVersion:
    """A version the user may read: published ones for all, unpublished for coordinators only."""
    version = selectors.version_for_number(programme, number)
    # An unpublished draft is not announced to anyone else: 404, not 403.
    if version is None or not (version.is_published or is_coordinator(request.user)):
        raise Http404
    return version


@require_safe
def draft_diff(request: HttpRequest, slug: str, number: int, other: int) -> HttpResponse:
    programme = _get_programme(slug)
    first = _get_version_for_user(request, programme, number)
    second = _get_version_for_user(request, programme, other)
    if first.pk == second.pk:
        raise Http404
    old, new = sorted((first, second), key=lambda v: v.number)
    response = render(
        request,
        "consultations/draftversion_diff.html",
        {
            "programme": programme,
            "diff": version_diff(old, new),
            "old": old,
            "new": new,
            # The report page is built on another branch; its anchors are #comment-<v>-<n>.
            "report_url": f"/programmes/{programme.slug}/report/",
        },
    )
    if not (old.is_published and new.is_published):
        patch_cache_control(response, private=True, no_store=True)
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _pdf_response(content: bytes | Any, filename: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type="application/pdf")
    else:
        response = FileResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _stored_pdf_response(
    request: HttpRequest, document: RenderedPdf, *, title: str, back_url: str
) -> HttpResponseBase:
    """The stored file when ready; else a page that checks again by itself (htmx)."""
    if document.is_ready:
        if _is_htmx(request):
            response = HttpResponse(status=200)
            response["HX-Redirect"] = request.path
            return response
        return _pdf_response(document.file.open("rb"), document.file.name.rsplit("/", 1)[-1])
    template = (
        "includes/pdf_status.html" if _is_htmx(request) else "consultations/pdf_preparing.html"
    )
    response = render(
        request, template, {"title": title, "back_url": back_url, "document": document}, status=202
    )
    response["Retry-After"] = "5"
    return response


@require_safe
def draft_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    programme = _get_programme(slug)
    version = _get_version_for_user(request, programme, number)
    filename = f"{programme.slug}-wersja-{version.number}.pdf"
    if not version.is_published:
        # Coordinators' proofs of a draft in preparation: rendered now, never stored.
        response = _pdf_response(pdf.render_draft_pdf(version), filename)
        patch_cache_control(response, private=True, no_store=True)
        return response
    document = services.pdf_request(programme=programme, version=version)
    if not document.is_ready:
        document.refresh_from_db()  # an eager (zero-setup) render finished on commit
    return _stored_pdf_response(
        request,
        document,
        title=f"{version.title} – {_('version')} {version.number}",
        back_url=programme.get_absolute_url(),
    )


@require_safe
def report_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _get_programme(slug)
    document = services.pdf_request(programme=programme, version=None)
    if not document.is_ready:
        document.refresh_from_db()
    return _stored_pdf_response(
        request,
        document,
        title=_("Consultation report: %(title)s") % {"title": programme.title},
        back_url=programme.get_absolute_url(),
    )
