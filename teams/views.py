from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from teams import services
from teams.forms import OrganisationChoiceForm, OrganisationRegisterForm
from teams.models import (
    AgendaItem,
    Meeting,
    Membership,
    Organisation,
    Representative,
    SectorTeam,
)


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


@login_required
def organisation_statement(request: HttpRequest) -> HttpResponse:
    """After sign-up: state the organisation(s) one speaks for, or register a new one."""
    pick_form = OrganisationChoiceForm(prefix="pick")
    register_form = OrganisationRegisterForm(prefix="new")
    if request.method == "POST":
        if "register" in request.POST:
            register_form = OrganisationRegisterForm(request.POST, prefix="new")
            if register_form.is_valid():
                organisation = services.organisation_register(
                    user=request.user, data=register_form.cleaned_data
                )
                messages.success(
                    request,
                    _("%(name)s is registered and you speak for it.") % {"name": organisation},
                )
                return redirect(_next_or(request, "teams:organisation_statement"))
        else:
            pick_form = OrganisationChoiceForm(request.POST, prefix="pick")
            if pick_form.is_valid():
                organisation = pick_form.cleaned_data["organisation"]
                services.representative_state(user=request.user, organisation=organisation)
                messages.success(request, _("You now speak for %(name)s.") % {"name": organisation})
                return redirect(_next_or(request, "teams:organisation_statement"))
    return render(
        request,
        "teams/organisation_statement.html",
        {
            "pick_form": pick_form,
            "register_form": register_form,
            "organisations": _my_organisations(request),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


def _my_organisations(request: HttpRequest) -> list[Organisation]:
    """Organisations one stated, and those a team membership names (set by coordinators)."""
    found = {
        r.organisation.pk: r.organisation
        for r in Representative.objects.for_user(request.user).select_related("organisation")
    }
    for membership in Membership.objects.for_user(request.user).select_related("organisation"):
        if membership.organisation is not None:
            found.setdefault(membership.organisation.pk, membership.organisation)
    return sorted(found.values(), key=lambda o: o.name)


def _next_or(request: HttpRequest, default: str) -> str:
    """Go back where the person came from (e.g. the comment form), if it is our site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)
