"""Team pages, the programme's list of teams, meetings, calendars and minutes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import ratelimit
from core.bounds import parse_id
from core.panels import panels
from core.storage import stored_file_response
from teams import calendar, selectors, services
from teams.forms import (
    ContactModeratorsForm,
    InvitationForm,
    MeetingForm,
    MemberAddForm,
    MinutesForm,
    OrganisationChoiceForm,
    OrganisationRegisterForm,
    PeopleSearchForm,
)
from teams.models import (
    Attendance,
    Invitation,
    Meeting,
    Membership,
    Representative,
    SectorTeam,
)


def _get_team(slug: str) -> SectorTeam:
    return get_object_or_404(
        SectorTeam.objects.select_related("programme").prefetch_related("priority_areas"),
        slug=slug,
    )


def _get_team_for_moderator(request: HttpRequest, slug: str) -> SectorTeam:
    team = _get_team(slug)
    if not request.user.has_perm("teams.manage_team", team):
        raise PermissionDenied
    return team


def _get_meeting(pk: int) -> Meeting:
    try:
        return selectors.meeting_for_page(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _get_meeting_for_moderator(request: HttpRequest, pk: int) -> Meeting:
    meeting = _get_meeting(pk)
    if not request.user.has_perm("teams.manage_team", meeting.team):
        raise PermissionDenied
    return meeting


def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's public page: scope, organisations, meetings, and the parts higher apps add
    (SWOT results and goals, core/panels.py)."""
    team = _get_team(slug)
    now = timezone.now()
    meetings = list(selectors.team_meetings(team=team))
    return render(
        request,
        "teams/sectorteam_detail.html",
        {
            "team": team,
            "organisations": selectors.team_organisations(team=team),
            "named_members": selectors.team_named_members(team=team),
            "upcoming_meetings": [m for m in meetings if m.starts_at >= now],
            "past_meetings": [m for m in reversed(meetings) if m.starts_at < now],
            "can_manage": request.user.has_perm("teams.manage_team", team),
            "has_moderators": team.memberships.moderators().exists(),
            "panels": panels(),
            "membership_to_confirm": Membership.objects.for_user(request.user)
            .filter(team=team, to_confirm=True)
            .first(),
        },
    )


def programme_teams(request: HttpRequest, slug: str) -> HttpResponse:
    """All teams of one programme."""
    teams = list(selectors.programme_teams(programme_slug=slug))
    if not teams:
        raise Http404
    return render(
        request,
        "teams/sectorteam_list.html",
        {"teams": teams, "programme": teams[0].programme},
    )


@login_required
def organisation_statement(request: HttpRequest) -> HttpResponse:
    """After sign-up: state the organisation(s) one speaks for, or register a new one."""
    pick_form = OrganisationChoiceForm(prefix="pick")
    register_form = OrganisationRegisterForm(prefix="new")
    if request.method == "POST":
        if "register" in request.POST:
            register_form = OrganisationRegisterForm(request.POST, prefix="new")
            if register_form.is_valid():
                try:
                    organisation = services.organisation_register(
                        user=request.user, data=register_form.cleaned_data
                    )
                except ValidationError as exc:
                    register_form.add_error(None, exc)
                else:
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
            "organisations": selectors.organisations_spoken_for(request.user),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


def _next_or(request: HttpRequest, default: str) -> str:
    """Go back where the person came from (e.g. the comment form), if it is our site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def team_contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Write to the team's moderators without seeing their addresses."""
    team = _get_team(slug)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = ContactModeratorsForm(request.POST or None, initial=initial)
    # Only messages that go out count against the limit, so a typo costs nothing
    # (docs/operations.md, "Throttles and the client's address").
    limit_key = ratelimit.request_key(request)
    if request.method == "POST" and (
        retry_after := ratelimit.exceeded(scope="team_contact", key=limit_key)
    ):
        return ratelimit.too_many_requests(request, retry_after)
    if request.method == "POST" and form.is_valid():
        sent = services.moderator_contact_send(
            team=team,
            sender_name=form.cleaned_data["name"],
            sender_email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
        )
        if sent:
            ratelimit.consume(scope="team_contact", key=limit_key)
            messages.success(request, _("Your message was sent to the team's moderators."))
            return redirect(team.get_absolute_url())
        form.add_error(None, _("This team has no moderator to write to yet."))
    return render(request, "teams/contact_form.html", {"team": team, "form": form})


def team_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's meetings as an iCalendar feed."""
    team = _get_team(slug)
    meetings = selectors.team_meetings(team=team).select_related("team")
    response = HttpResponse(
        calendar.meetings_ics(meetings, team.name, producer=team.programme.municipality.name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{team.slug}.ics"'
    return response


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Agenda, ground rules, attendance, minutes, the timer, and higher apps' parts (boards)."""
    return _meeting_page(request, _get_meeting(pk))


def _meeting_page(
    request: HttpRequest, meeting: Meeting, minutes_form: MinutesForm | None = None
) -> HttpResponse:
    user = request.user
    can_manage = user.has_perm("teams.manage_team", meeting.team)
    now = timezone.now()
    my_attendance = None
    if user.is_authenticated:
        my_attendance = Attendance.objects.filter(meeting=meeting, user=user).first()
    return render(
        request,
        "teams/meeting_detail.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "is_upcoming": meeting.starts_at > now,
            "can_manage": can_manage,
            "can_take_part": user.has_perm("teams.take_part", meeting.team),
            "my_attendance": my_attendance,
            "roll": selectors.meeting_roll(meeting=meeting) if can_manage else None,
            "minutes_form": minutes_form or MinutesForm(initial={"minutes": meeting.minutes}),
            "panels": panels(),
        },
        status=400 if minutes_form is not None else 200,
    )


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Plan a meeting; its agenda starts from the seed's three-part plan."""
    team = _get_team_for_moderator(request, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                team=team,
                by=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
            )
            services.meeting_update(
                meeting=meeting,
                by=request.user,
                ground_rules=data["ground_rules"],
                speaker_time_limit_seconds=data["speaker_time_limit_seconds"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect(meeting.get_absolute_url())
    return render(request, "teams/meeting_form.html", {"team": team, "form": form, "meeting": None})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the meeting's details, ground rules and speaking-time limit."""
    meeting = _get_meeting_for_moderator(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request, "teams/meeting_form.html", {"team": meeting.team, "form": form, "meeting": meeting}
    )


@login_required
@require_POST
def meeting_attend(request: HttpRequest, pk: int) -> HttpResponse:
    """A member says they will (or will not) come."""
    meeting = _get_meeting(pk)
    if not request.user.has_perm("teams.take_part", meeting.team):
        raise PermissionDenied
    will_attend = request.POST.get("will_attend") == "yes"
    try:
        services.attendance_declare(
            meeting=meeting, user=request.user, will_attend=will_attend, now=timezone.now()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Thank you — see you there.") if will_attend else _("Noted: you will not come."),
        )
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator records who came."""
    meeting = _get_meeting_for_moderator(request, pk)
    ids = (parse_id(v) for v in request.POST.getlist("present"))
    present = {user_id for user_id in ids if user_id is not None}
    services.attendance_record(
        meeting=meeting, by=request.user, present_user_ids=present, now=timezone.now()
    )
    messages.success(request, _("Attendance was saved."))
    return redirect(meeting.get_absolute_url() + "#attendance-heading")


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator publishes the minutes after the meeting."""
    meeting = _get_meeting_for_moderator(request, pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_publish(
                meeting=meeting,
                by=request.user,
                minutes=form.cleaned_data["minutes"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The minutes were published."))
            return redirect(meeting.get_absolute_url() + "#minutes-heading")
    return _meeting_page(request, meeting, minutes_form=form)


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting as an .ics file."""
    meeting = _get_meeting(pk)
    response = HttpResponse(
        calendar.meetings_ics(
            [meeting], meeting.team.name, producer=meeting.team.programme.municipality.name
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_safe
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The published minutes as PDF: the stored file, or a page that checks again.

    Never rendered here (an anonymous request must not cost a render): publication
    queued it, and a request that finds none pending queues one (docs/operations.md,
    "Generated files").
    """
    meeting = _get_meeting(pk)
    if meeting.minutes_published_at is None:
        raise Http404
    document = services.minutes_pdf_request(meeting=meeting)
    if not document.is_ready:
        document.refresh_from_db()  # an eager (zero-setup) render finished on commit
    if document.is_ready:
        if getattr(request, "htmx", False):
            response = HttpResponse(status=200)
            response["HX-Redirect"] = request.path
            return response
        return stored_file_response(document.file.open("rb"), filename=f"minutes-{meeting.pk}.pdf")
    template = (
        "includes/pdf_status.html"
        if getattr(request, "htmx", False)
        else ("teams/minutes_pdf_preparing.html")
    )
    response = render(
        request,
        template,
        {"meeting": meeting, "title": meeting.title, "document": document},
        status=202,
    )
    response["Retry-After"] = "5"
    return response


# ------------------------------------------------------------------------------
# People: invitations by e-mail and adding someone found by search
# ------------------------------------------------------------------------------
def _people_page(
    request: HttpRequest,
    team: SectorTeam,
    *,
    invite_form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    search_form = PeopleSearchForm(request.GET if "q" in request.GET else None)
    found: list[object] = []
    if search_form.is_bound and search_form.is_valid():
        member_ids = set(team.memberships.values_list("user_id", flat=True))
        found = [
            {"user": u, "is_member": u.pk in member_ids}
            for u in selectors.people_find(term=search_form.cleaned_data["q"])
        ]
    now = timezone.now()
    invitations = [
        {"invitation": i, "status": i.status(now)} for i in selectors.team_invitations(team=team)
    ]
    return render(
        request,
        "teams/invitation_list.html",
        {
            "team": team,
            "invite_form": invite_form or InvitationForm(),
            "search_form": search_form,
            "found": found,
            "searched": search_form.is_bound,
            "add_form": MemberAddForm(),
            "invitations": invitations,
            "members": team.memberships.select_related("user", "organisation").order_by(
                "role", "user__last_name", "user__first_name"
            ),
        },
        status=status,
    )


@login_required
def team_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's people: who is in, pending invitations, invite by e-mail, find and add."""
    team = _get_team_for_moderator(request, slug)
    if request.method != "POST":
        return _people_page(request, team)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                team=team,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("teams:team_invitations", slug=team.slug)
    return _people_page(request, team, invite_form=form, status=400)


def _get_invitation_for_moderator(request: HttpRequest, slug: str, pk: int) -> Invitation:
    team = _get_team_for_moderator(request, slug)
    return get_object_or_404(Invitation.objects.select_related("team"), pk=pk, team=team)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send a pending (or expired) invitation again, valid for another 14 days."""
    invitation = _get_invitation_for_moderator(request, slug, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect("teams:team_invitations", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Withdraw a pending invitation; its link stops working."""
    invitation = _get_invitation_for_moderator(request, slug, pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("teams:team_invitations", slug=slug)


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add someone found by the exact search to the team."""
    team = _get_team_for_moderator(request, slug)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return redirect("teams:team_invitations", slug=slug)
    user = get_object_or_404(get_user_model(), pk=form.cleaned_data["user"], is_active=True)
    try:
        services.membership_add(
            team=team,
            user=user,
            role=form.cleaned_data["role"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s was added to the team.") % {"name": user.get_full_name() or user},
        )
    return redirect("teams:team_invitations", slug=slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: sign up or log in, then join the team with one click."""
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    now = timezone.now()
    status = invitation.status(now)
    here = request.get_full_path()
    if request.method == "POST" and request.user.is_authenticated and status == "pending":
        try:
            services.invitation_accept(invitation=invitation, user=request.user, now=now)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team.name})
            return redirect(invitation.team.get_absolute_url())
        status = invitation.status(now)
    if not request.user.is_authenticated and status == "pending":
        # The link reached this address: signing up with it needs no second confirmation
        # (allauth's "stashed verified e-mail", made for invitations).
        get_adapter(request).stash_verified_email(request, invitation.email)
    return render(
        request,
        "teams/invitation_accept.html",
        {
            "invitation": invitation,
            "team": invitation.team,
            "status": status,
            "signup_query": urlencode({"email": invitation.email, "next": here}),
            "login_query": urlencode({"next": here}),
            "already_member": request.user.is_authenticated
            and invitation.team.memberships.filter(user=request.user).exists(),
        },
        status=200 if status in {"pending", "accepted"} else 410,
    )


@login_required
@require_POST
def membership_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """One click: stay in the team carried over from the previous programme, or leave it."""
    team = _get_team(slug)
    membership = get_object_or_404(Membership, team=team, user=request.user, to_confirm=True)
    stay = request.POST.get("stay") == "yes"
    services.membership_confirm(membership=membership, user=request.user, stay=stay)
    if stay:
        messages.success(request, _("You confirmed your place in %(team)s.") % {"team": team})
    else:
        messages.success(request, _("You left %(team)s.") % {"team": team})
    return redirect(team.get_absolute_url())


def representation_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the organisation: GET shows what is asked, POST confirms.

    Mail scanners open links; only the button's POST changes anything.
    """
    from django.core import signing
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    context: dict[str, Any] = {"token": token}
    try:
        pk, _address = signing.loads(
            token, salt=services.REPRESENTATION_SALT, max_age=services.REPRESENTATION_MAX_AGE
        )
        representative = Representative.objects.select_related("organisation", "user").get(pk=pk)
    except (signing.BadSignature, Representative.DoesNotExist, ValueError, TypeError):
        context["error"] = _("This link is not valid or has expired.")
        return render(request, "teams/representation_confirm.html", context, status=400)
    context["representative"] = representative
    user = representative.user
    context["person"] = user.get_full_name() or user.get_username()
    if request.method == "POST":
        try:
            services.representation_confirm_by_token(token=token, now=timezone.now())
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
            return render(request, "teams/representation_confirm.html", context, status=400)
        context["confirmed"] = True
    return render(request, "teams/representation_confirm.html", context)
