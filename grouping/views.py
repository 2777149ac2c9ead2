"""Coordinator pages: groups and campaigns of a version, and one answer for many comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import selectors as consultation_selectors
from consultations.models import Comment, DraftVersion
from core.bounds import parse_id
from grouping import selectors, services
from grouping.forms import AnswerManyForm
from grouping.models import CommentGroup
from programmes.models import Programme

SCOPES = ("document", "paragraph", "campaigns")


def _check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _version(slug: str, number: int) -> DraftVersion:
    programme = get_object_or_404(Programme, slug=slug)
    version = consultation_selectors.version_for_number(programme, number)
    if version is None:
        raise Http404
    return version


@login_required
def groups(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _check(request, "grouping.view_groups")
    version = _version(slug, number)
    scope = request.GET.get("scope", "document")
    if scope not in SCOPES:
        scope = "document"
    run = selectors.run_latest(version)
    items: list = []
    if run is not None:
        items = list(
            selectors.run_campaigns(run)
            if scope == "campaigns"
            else selectors.run_groups(run, scope)
        )
        for item in items:
            members = list(item.comments.all())
            item.member_list = members
            item.paragraph_labels = sorted({c.part_label for c in members})
            item.organisations = sorted({c.public_author for c in members})
    return render(
        request,
        "grouping/groups.html",
        {
            "programme": version.programme,
            "version": version,
            "run": run,
            "scope": scope,
            "items": items,
            "n_comments": version.comments.active().count(),
        },
    )


@login_required
@require_POST
def compute(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _check(request, "grouping.compute_groups")
    version = _version(slug, number)
    services.grouping_request(version=version, by=request.user)
    messages.success(
        request, _("Grouping sent to the worker: reload this page in a minute to see it.")
    )
    return redirect(reverse("grouping:groups", args=[slug, number]))


@login_required
def group_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a position and the members it applies to; confirm; then record each answer."""
    _check(request, "grouping.answer_many")
    group = get_object_or_404(
        CommentGroup.objects.select_related("run__version__programme", "representative"), pk=pk
    )
    members = list(group.comments.select_related(*selectors.MEMBER_FIELDS).order_by("number"))
    version = group.run.version
    back = reverse("grouping:groups", args=[version.programme.slug, version.number])
    step = request.POST.get("step", "")
    if request.method == "POST":
        form = AnswerManyForm(request.POST, members=members)
        if form.is_valid():
            selected = form.selected()
            if step == "confirm":
                try:
                    done = services.answer_apply_to_many(
                        group=group,
                        comments=selected,
                        answer=form.cleaned_data["answer"],
                        justification=form.cleaned_data["answer_justification"],
                        reason=form.cleaned_data["reason"],
                        by=request.user,
                        now=timezone.now(),
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(
                        request,
                        _("The answer was recorded on %(n)s comments, each with its history.")
                        % {"n": len(done)},
                    )
                    return redirect(back)
            return render(
                request,
                "grouping/group_answer_confirm.html",
                {
                    "group": group,
                    "form": form,
                    "selected": selected,
                    "back": back,
                    "version": version,
                },
            )
    else:
        initial: dict[str, object] = {}
        source = _source(request, members)
        if source is not None:
            initial = {
                "answer": source.answer,
                "answer_justification": source.answer_justification,
            }
        if request.GET.get("all"):
            initial["comments"] = [str(c.pk) for c in members]
        form = AnswerManyForm(initial=initial, members=members)
    return render(
        request,
        "grouping/group_answer.html",
        {
            "group": group,
            "version": version,
            "form": form,
            "members": members,
            "similar": selectors.similar_answers(group.representative),
            "back": back,
        },
    )


def _source(request: HttpRequest, members: list[Comment]) -> Comment | None:
    """The answered comment whose answer is offered (a member, or a similar comment)."""
    pk = parse_id(request.GET.get("from"))
    if pk is None:
        answered = [c for c in members if c.answer]
        return answered[0] if answered else None
    return Comment.objects.exclude(answer="").filter(pk=pk).first()
