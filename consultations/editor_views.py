"""The document editor's section order (docs/architecture.md, "The document editor").

Kept beside ``views.py`` rather than in it: the editor's page and paragraph views
live there; this module adds moving whole sections, htmx with a plain-form fallback.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from consultations import services
from consultations.models import Section
from consultations.views import _editable_version, _editor_sections


@login_required
@require_POST
def section_move(request: HttpRequest, slug: str, number: int, section_pk: int) -> HttpResponse:
    """Move a section one place up or down; its kind (statutory or further) stays."""
    version = _editable_version(request, slug, number)
    section = get_object_or_404(Section, pk=section_pk, version=version)
    section = services.section_move(section=section, up=request.POST.get("direction") == "up")
    if getattr(request, "htmx", False):
        # Two sections change places: the list of sections comes back whole.
        return render(
            request,
            "consultations/includes/editor_sections.html",
            {
                "rows": _editor_sections(version),
                "version": version,
                "programme": version.programme,
                "errors": {},
                "new_errors": {},
                "moved": section.pk,
            },
        )
    url = reverse("consultations:draft_edit", args=[slug, number])
    return redirect(f"{url}#edit-s-{section.pk}")
