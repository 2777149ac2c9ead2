"""The public search page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search import selectors
from search.forms import SearchForm

PAGE_SIZE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Everyone sees the same public index: no role reaches unpublished text here."""
    form = SearchForm(request.GET or None)
    results: list[dict[str, object]] = []
    page = None
    query = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = selectors.parse_query(data["q"])
        entries = selectors.search(
            query=query,
            programme_id=data["programme"].pk if data["programme"] else None,
            kind=data["kind"] or None,
            team_id=data["team"].pk if data["team"] else None,
        )
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        results = [
            {"entry": entry, "snippet": selectors.highlight(entry.text, query.terms)}
            for entry in page.object_list
        ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "results": results,
            "page": page,
            "searched": query is not None,
            "querystring": params.urlencode(),
        },
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )
