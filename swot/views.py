"""SWOT boards (live, then public results), goals, proposed solutions and actions."""

from __future__ import annotations

import csv
import functools
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.middleware import HtmxDetails

from core import revisions
from core.spreadsheets import neutralise_row
from swot import selectors, services
from swot.forms import ActionForm, GoalForm, MergeForm, SolutionForm, SwotItemForm, SwotSessionForm
from swot.models import Action, Goal, ProposedSolution, SwotItem, SwotSession
from teams.models import Meeting, SectorTeam


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


# ------------------------------------------------------------------------------
# Access helpers
# ------------------------------------------------------------------------------
def _get_session_for_user(request: HttpRequest, pk: int) -> SwotSession:
    """A board: public once closed; while it runs, only the team (and coordinators) see it."""
    session = get_object_or_404(
        SwotSession.objects.select_related("meeting__team__programme"), pk=pk
    )
    if session.closed_at is None and not request.user.has_perm("swot.contribute", session):
        raise PermissionDenied
    return session


def _get_item_for_moderator(request: HttpRequest, pk: int) -> SwotItem:
    item = get_object_or_404(SwotItem.objects.select_related("session__meeting__team"), pk=pk)
    if not request.user.has_perm("swot.moderate", item.session):
        raise PermissionDenied
    return item


def _get_goal_for_moderator(request: HttpRequest, pk: int) -> Goal:
    goal = get_object_or_404(Goal.objects.select_related("team__programme"), pk=pk)
    if not request.user.has_perm("teams.manage_team", goal.team):
        raise PermissionDenied
    return goal


def _board_url(session: SwotSession) -> str:
    return reverse("swot:board", kwargs={"pk": session.pk})


def _quadrants(items: list[SwotItem]) -> list[dict[str, Any]]:
    by_quadrant: dict[str, list[SwotItem]] = {q: [] for q in SwotItem.Quadrant.values}
    for item in items:
        by_quadrant[item.quadrant].append(item)
    return [
        {"code": code, "label": label, "items": by_quadrant[code]}
        for code, label in SwotItem.Quadrant.choices
    ]


def _board_context(request: HttpRequest, session: SwotSession) -> dict[str, Any]:
    is_open = session.is_open(timezone.now())
    items = list(
        selectors.board_items(session=session)
        if is_open
        else selectors.board_results(session=session)
    )
    voted = selectors.voted_item_ids(session=session, voter=request.user)
    can_moderate = request.user.has_perm("swot.moderate", session)
    return {
        "session": session,
        "is_open": is_open,
        "quadrants": _quadrants(items),
        "items": items,
        "voted": voted,
        "votes_left": session.votes_left(used=len(voted)),
        "can_contribute": is_open and request.user.has_perm("swot.contribute", session),
        "can_moderate": can_moderate,
    }


def _board_response(request: HttpRequest, session: SwotSession) -> HttpResponse:
    return render(request, "swot/includes/board_items.html", _board_context(request, session))


# ------------------------------------------------------------------------------
# The board
# ------------------------------------------------------------------------------
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The four quadrants of one SWOT session; polled by htmx while open."""
    if not request.user.is_authenticated:
        session = get_object_or_404(SwotSession, pk=pk)
        if session.closed_at is None:
            return redirect_to_login(request.get_full_path())
    session = _get_session_for_user(request, pk)
    context = _board_context(request, session)
    context["form"] = SwotItemForm()
    return render(request, "swot/swotsession_detail.html", context)


def _board_flip(session: SwotSession, now: Any) -> int:
    """When the board opens or closes by its own clock next (a Unix time; 0: never)."""
    for moment in (session.opens_at, session.closes_at):
        if moment is not None and moment > now:
            return int(moment.timestamp())
    return 0


def _board_etag(request: HttpRequest, pk: int, revision: int, flip: int, language: str) -> str:
    """The partial's validator: the board's revision, bound to this browser session.

    The partial shows the person's own votes, so the validator names their session
    cookie (not the user: reading the user costs a query) and is signed, so it cannot be
    made up; ``flip`` is when the board's clock opens or closes it, after which the
    validator stops matching.
    """
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    message = f"{pk}:{revision}:{flip}:{cookie}:{language}".encode()
    signature = hmac.new(_board_etag_key(settings.SECRET_KEY), message, hashlib.sha256)
    return f'"b{revision}-{flip}-{signature.hexdigest()[:24]}"'


@functools.lru_cache(maxsize=2)
def _board_etag_key(secret: str) -> bytes:
    """salted_hmac's key for the board's validators, derived once per process (and per
    secret) instead of on every poll."""
    return hashlib.sha256(b"swot.board_items" + secret.encode()).digest()


def _board_unchanged(request: HttpRequest, pk: int, revision: int, language: str) -> bool:
    """True when the browser's copy is of this revision (and language)."""
    for candidate in request.headers.get("If-None-Match", "").split(","):
        candidate = candidate.strip().removeprefix("W/")
        try:
            rev, flip, _signature = candidate.strip('"').removeprefix("b").split("-")
            if int(rev) != revision:
                continue
            flip_at = int(flip)
        except ValueError:
            continue
        if flip_at and time.time() >= flip_at:
            continue
        etag = _board_etag(request, pk, revision, flip_at, language)
        if constant_time_compare(candidate, etag):
            return True
    return False


def board_not_modified(request: HttpRequest, pk: int, language: str) -> HttpResponse | None:
    """304 when the browser's copy of board ``pk`` is current, else None.

    One revision read, from the process's revision watch when it vouches for the number
    (otherwise one cache read), and no SQL. swot.middleware asks it before the rest of
    the middleware; the view asks again for requests that did not pass there.
    """
    scope = revisions.board_scope(pk)
    if not _board_unchanged(request, pk, revisions.watched([scope])[scope], language):
        return None
    unchanged = HttpResponseNotModified()
    unchanged["Cache-Control"] = "private, no-cache"
    return unchanged


@require_safe
def board_items(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The partial htmx swaps in every few seconds; 304 while the board has not changed.

    docs/architecture.md, "Caching": every board service bumps the board's revision, so
    an unchanged board answers from the process's revision watch (or one cache read)
    without touching the database.
    """
    language = get_language()
    if (unchanged := board_not_modified(request, pk, language)) is not None:
        return unchanged
    # Read before the board is: if it changes meanwhile, the next poll fetches it again.
    scope = revisions.board_scope(pk)
    revision = revisions.watched([scope])[scope]
    if not request.user.is_authenticated:
        session = get_object_or_404(SwotSession, pk=pk)
        if session.closed_at is None:
            raise PermissionDenied
    session = _get_session_for_user(request, pk)
    response = _board_response(request, session)
    if request.htmx and session.closed_at is not None:
        # 286 tells htmx to stop polling: a closed board no longer changes.
        response.status_code = 286
    else:
        flip = _board_flip(session, timezone.now())
        response["ETag"] = _board_etag(request, pk, revision, flip, language)
        response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def item_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A member adds a point; refused boards keep the text in the form with the reason."""
    session = _get_session_for_user(request, pk)
    if not request.user.has_perm("swot.contribute", session):
        raise PermissionDenied
    form = SwotItemForm(request.POST)
    if form.is_valid():
        try:
            services.swot_item_add(
                session=session,
                author=request.user,
                quadrant=form.cleaned_data["quadrant"],
                text=form.cleaned_data["text"],
                now=timezone.now(),
                token=form.cleaned_data["token"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    ok = form.is_bound and not form.errors
    if request.htmx:
        fresh = (
            SwotItemForm(initial={"quadrant": form.cleaned_data.get("quadrant")}) if ok else form
        )
        response = render(
            request,
            "swot/includes/item_form.html",
            {"form": fresh, "session": session, "added": ok},
        )
        if ok:
            response["HX-Trigger"] = "boardChanged"
        return response
    if ok:
        messages.success(request, _("Your point was added to the board."))
        return redirect(_board_url(session))
    context = _board_context(request, session)
    # The refused form stays on the page, with the member's text, even on a closed board.
    context.update(form=form, show_form=True)
    return render(request, "swot/swotsession_detail.html", context, status=400)


@login_required
@require_POST
def item_vote(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Place or take back a dot vote (members move votes by taking one back)."""
    item = get_object_or_404(SwotItem.objects.select_related("session__meeting__team"), pk=pk)
    session = item.session
    if not request.user.has_perm("swot.contribute", session):
        raise PermissionDenied
    error = None
    try:
        if request.POST.get("action") == "withdraw":
            services.swot_vote_withdraw(item=item, voter=request.user, now=timezone.now())
        else:
            services.swot_vote_cast(item=item, voter=request.user, now=timezone.now())
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        context = _board_context(request, session)
        context["error"] = error
        return render(request, "swot/includes/board_items.html", context)
    if error:
        messages.error(request, error)
    return redirect(_board_url(session))


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator rewords an item or moves it to another quadrant."""
    item = _get_item_for_moderator(request, pk)
    form = SwotItemForm(
        request.POST or None, initial={"quadrant": item.quadrant, "text": item.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.swot_item_update(
                item=item,
                by=request.user,
                text=form.cleaned_data["text"],
                quadrant=form.cleaned_data["quadrant"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The item was changed."))
            return redirect(_board_url(item.session))
    return render(request, "swot/swotitem_form.html", {"item": item, "form": form})


@login_required
@require_POST
def item_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The moderator merges a duplicate into another item of the board; votes carry over."""
    session = get_object_or_404(SwotSession.objects.select_related("meeting__team"), pk=pk)
    if not request.user.has_perm("swot.moderate", session):
        raise PermissionDenied
    form = MergeForm(request.POST, session=session)
    error = None
    if form.is_valid():
        try:
            services.swot_item_merge(
                source=form.cleaned_data["source"],
                target=form.cleaned_data["target"],
                by=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose the duplicate and the item to merge it into.")
    if request.htmx:
        context = _board_context(request, session)
        context["error"] = error
        return render(request, "swot/includes/board_items.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The items were merged."))
    return redirect(_board_url(session))


@login_required
@require_POST
def item_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The moderator moves an item up or down in its quadrant."""
    item = _get_item_for_moderator(request, pk)
    direction = -1 if request.POST.get("direction") == "up" else 1
    error = None
    try:
        services.swot_item_move(item=item, by=request.user, direction=direction)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        context = _board_context(request, item.session)
        context["error"] = error
        return render(request, "swot/includes/board_items.html", context)
    if error:
        messages.error(request, error)
    return redirect(_board_url(item.session))


@login_required
@require_POST
def session_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator opens or closes the board."""
    session = get_object_or_404(SwotSession.objects.select_related("meeting__team"), pk=pk)
    if not request.user.has_perm("swot.moderate", session):
        raise PermissionDenied
    if request.POST.get("state") == "open":
        services.swot_session_open(session=session, by=request.user, now=timezone.now())
        messages.success(request, _("The board is open: members can add points and vote."))
    else:
        services.swot_session_close(session=session, by=request.user, now=timezone.now())
        messages.success(request, _("The board is closed; its results are public."))
    return redirect(_board_url(session))


@login_required
@require_POST
def session_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """The moderator adds a SWOT topic to a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("team"), pk=meeting_pk)
    if not request.user.has_perm("teams.manage_team", meeting.team):
        raise PermissionDenied
    form = SwotSessionForm(request.POST)
    if form.is_valid():
        session = services.swot_session_create(
            meeting=meeting,
            topic=form.cleaned_data["topic"],
            votes_per_member=form.cleaned_data["votes_per_member"],
            by=request.user,
        )
        messages.success(request, _("The SWOT board was added."))
        return redirect(_board_url(session))
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect(meeting.get_absolute_url())


def board_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's items with their votes, as CSV (Excel-friendly UTF-8 with BOM)."""
    if not request.user.is_authenticated:
        session = get_object_or_404(SwotSession, pk=pk)
        if session.closed_at is None:
            return redirect_to_login(request.get_full_path())
    session = _get_session_for_user(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="swot-{session.pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    # Item text is what members typed: neutralised like every export (core.spreadsheets).
    writer.writerow(["quadrant", "position", "text", "votes"])
    labels = dict(SwotItem.Quadrant.choices)
    for item in selectors.board_results(session=session):
        votes = item.n_votes  # type: ignore[attr-defined]  # annotated by the selector
        writer.writerow(
            neutralise_row([labels[item.quadrant], item.position + 1, item.text, votes])
        )
    return response


# ------------------------------------------------------------------------------
# Goals, proposed solutions, actions (moderators of the team, coordinators)
# ------------------------------------------------------------------------------
@login_required
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A goal made from selected SWOT items of the team's boards."""
    team = get_object_or_404(SectorTeam.objects.select_related("programme"), slug=slug)
    if not request.user.has_perm("teams.manage_team", team):
        raise PermissionDenied
    initial_items = request.GET.getlist("item")
    form = GoalForm(request.POST or None, team=team, initial={"swot_items": initial_items})
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_save(team=team, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goal was saved; add proposed solutions and actions."))
            return redirect("swot:goal_edit", pk=goal.pk)
    return render(request, "swot/goal_form.html", {"team": team, "form": form, "goal": None})


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The goal with its ordered solutions and its actions, edited in one place."""
    goal = _get_goal_for_moderator(request, pk)
    team = goal.team
    form = GoalForm(
        request.POST or None,
        team=team,
        initial={
            "title": goal.title,
            "description": goal.description,
            "priority_areas": list(goal.priority_areas.all()),
            "swot_items": list(goal.swot_items.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(team=team, by=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("swot:goal_edit", pk=goal.pk)
    return render(
        request,
        "swot/goal_form.html",
        {
            "team": team,
            "form": form,
            "goal": selectors.team_goals(team=team).get(pk=goal.pk),
            "solution_form": SolutionForm(),
            "action_form": ActionForm(instance=Action(goal=goal)),
        },
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_moderator(request, pk)
    team = goal.team
    services.goal_delete(goal=goal, by=request.user)
    messages.success(request, _("The goal was deleted."))
    return redirect(team.get_absolute_url())


@login_required
@require_POST
def solution_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_moderator(request, pk)
    form = SolutionForm(request.POST)
    if form.is_valid():
        services.solution_add(goal=goal, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The proposed solution was added."))
        return redirect("swot:goal_edit", pk=goal.pk)
    return _goal_page_with(request, goal, solution_form=form)


@login_required
@require_POST
def solution_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a proposed solution up or down, or delete it."""
    solution = get_object_or_404(ProposedSolution.objects.select_related("goal"), pk=pk)
    goal = _get_goal_for_moderator(request, solution.goal_id)
    change = request.POST.get("change")
    if change == "delete":
        services.solution_delete(solution=solution, by=request.user)
    else:
        direction = -1 if change == "up" else 1
        try:
            services.solution_move(solution=solution, by=request.user, direction=direction)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("swot:goal_edit", pk=goal.pk)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_moderator(request, pk)
    form = ActionForm(request.POST, instance=Action(goal=goal))
    if form.is_valid():
        try:
            services.action_save(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action was added."))
            return redirect("swot:goal_edit", pk=goal.pk)
    return _goal_page_with(request, goal, action_form=form)


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("goal__team__programme"), pk=pk)
    goal = _get_goal_for_moderator(request, action.goal_id)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.action_delete(action=action, by=request.user)
            messages.success(request, _("The action was deleted."))
            return redirect("swot:goal_edit", pk=goal.pk)
        if form.is_valid():
            try:
                services.action_save(goal=goal, by=request.user, action=action, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The action was saved."))
                return redirect("swot:goal_edit", pk=goal.pk)
    return render(request, "swot/action_form.html", {"goal": goal, "action": action, "form": form})


def _goal_page_with(request: HttpRequest, goal: Goal, **forms: Any) -> HttpResponse:
    """The goal page again, with the refused form (and the user's text) in place."""
    team = goal.team
    context = {
        "team": team,
        "form": GoalForm(
            team=team,
            initial={
                "title": goal.title,
                "description": goal.description,
                "priority_areas": list(goal.priority_areas.all()),
                "swot_items": list(goal.swot_items.all()),
            },
        ),
        "goal": selectors.team_goals(team=team).get(pk=goal.pk),
        "solution_form": SolutionForm(),
        "action_form": ActionForm(instance=Action(goal=goal)),
    }
    context.update(forms)
    return render(request, "swot/goal_form.html", context, status=400)
