from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from consultations import selectors


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
