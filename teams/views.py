from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from teams.models import AgendaItem, Meeting, Membership, SectorTeam


def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = get_object_or_404(
        SectorTeam.objects.select_related("programme").prefetch_related("priority_areas"), slug=slug
    )
    memberships = Membership.objects.filter(team=team).select_related("organisation", "user")
    organisations = sorted(
        {m.organisation for m in memberships if m.organisation is not None}, key=lambda o: o.name
    )
    now = timezone.now()
    meetings = Meeting.objects.filter(team=team).order_by("starts_at")
    return render(
        request,
        "teams/sectorteam_detail.html",
        {
            "team": team,
            "organisations": organisations,
            "named_members": [m for m in memberships if m.public_name_consent],
            "upcoming_meetings": [m for m in meetings if m.starts_at >= now],
            "past_meetings": [m for m in meetings if m.starts_at < now],
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("team__programme").prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"))
        ),
        pk=pk,
    )
    return render(request, "teams/meeting_detail.html", {"meeting": meeting})
