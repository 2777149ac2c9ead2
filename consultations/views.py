from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from consultations import exports, pdf, selectors, services
from consultations.diff import version_diff
from consultations.forms import CommentForm
from consultations.models import Comment, DraftVersion, Paragraph, RenderedPdf
from consultations.rules import can_view_version, has_verified_email, is_comment_author
from programmes.models import Programme
from programmes.selectors import programme_timeline
from teams.rules import is_coordinator


def home(request: HttpRequest) -> HttpResponse:
    programme = selectors.programme_current()
    context: dict[str, object] = {"programme": programme}
    if programme is not None:
        now = timezone.now()
        status = selectors.programme_adoption_status(programme, now=now)
        if status.adoption is not None:
            # The adopted programme is what the home page shows from now on.
            context["adopted_sections"] = list(selectors.version_sections(status.adoption.version))
        context |= {
            "adoption_status": status,
            "countdowns": selectors.programme_countdowns(programme, now=now),
            "phases": programme_timeline(programme),
            "now": now,
            "current_version": services.version_under_consultation(programme),
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
            "phases": programme_timeline(programme),
            "teams": selectors.programme_teams(programme),
            "countdowns": selectors.programme_countdowns(programme, now=now),
            "adoption_status": selectors.programme_adoption_status(programme, now=now),
            "now": now,
        },
    )


@require_safe
def adoption_opinion_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The public benefit council's opinion as filed: public, as is the resolution."""
    programme = _get_programme(slug)
    adoption = selectors.programme_adoption(programme)
    if adoption is None or not adoption.opinion_pdf:
        raise Http404
    return _pdf_response(adoption.opinion_pdf.open("rb"), f"{programme.slug}-opinia-rdpp.pdf")


# ------------------------------------------------------------------------------
# The programme document: differences between versions and PDFs
# ------------------------------------------------------------------------------
def _get_programme(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


def _get_programme_version(request: HttpRequest, programme: Programme, number: int) -> DraftVersion:
    """A version of a programme already loaded, if this person may read it (else 404)."""
    version = selectors.version_for_number(programme, number)
    # An unpublished draft is not announced to anyone else: 404, not 403.
    if version is None or not can_view_version(request.user, version):
        raise Http404
    return version


# ---------------------------------------------------------------------------
# Drafts (public reading) and comments
# ---------------------------------------------------------------------------
AuthenticatedHttpRequest = HttpRequest  # login-only views: request.user is a User
DRAFT_SESSION_KEY = "comment-draft-{version}"


def _get_version_for_user(request: HttpRequest, slug: str, number: int) -> DraftVersion:
    """The version if this person may read it; unpublished ones are 404 but for coordinators."""
    version = get_object_or_404(selectors.version_for_reading(slug, number))
    if not can_view_version(request.user, version):
        raise Http404
    return version


@require_safe
def draft_diff(request: HttpRequest, slug: str, number: int, other: int) -> HttpResponse:
    programme = _get_programme(slug)
    first = _get_programme_version(request, programme, number)
    second = _get_programme_version(request, programme, other)
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
            # Report rows are anchored #comment-<version>-<number>.
            "report_url": reverse("consultations:report", args=[programme.slug]),
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
    version = _get_programme_version(request, programme, number)
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


def _get_comment_for_author(request: HttpRequest, pk: int) -> Comment:
    """A comment's private page belongs to its author only (404 for everyone else)."""
    comment = get_object_or_404(
        Comment.objects.select_related("version__programme", "paragraph__section", "organisation"),
        pk=pk,
    )
    if not is_comment_author(request.user, comment):
        raise Http404
    return comment


def current_drafts(request: HttpRequest) -> HttpResponse:
    """``/drafts/``: the navigation's shortcut to the current programme's drafts."""
    programme = selectors.programme_current()
    if programme is None:
        raise Http404
    return redirect("consultations:draft_list", slug=programme.slug)


def draft_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    coordinator = is_coordinator(request.user)
    return render(
        request,
        "consultations/draftversion_list.html",
        {
            "programme": programme,
            "versions": selectors.programme_versions(programme, include_unpublished=coordinator),
            "current": services.version_under_consultation(programme),
        },
    )


def draft_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _get_version_for_user(request, slug, number)
    now = timezone.now()
    sections = list(selectors.version_sections(version))
    published: dict[int | None, list[Comment]] = {}
    for comment in selectors.version_published_comments(version):
        published.setdefault(comment.paragraph_id, []).append(comment)
    for section in sections:
        for paragraph in section.paragraphs.all():
            paragraph.published_comments = published.get(paragraph.pk, [])  # type: ignore[attr-defined]
    try:
        phase = services.comment_window_check(version=version, now=now)
        closed_reason = ""
    except ValidationError as exc:
        phase, closed_reason = None, " ".join(exc.messages)
    return render(
        request,
        "consultations/draftversion_detail.html",
        {
            "programme": version.programme,
            "version": version,
            "sections": sections,
            "document_comments": published.get(None, []),
            "n_document_comments": version.comments.active().filter(paragraph=None).count(),
            "phase": phase,
            "closed_reason": closed_reason,
            "previous": selectors.version_previous_readable(version, request.user),
            "adoption": selectors.programme_adoption(version.programme),
        },
    )


def _capacities(request: HttpRequest) -> list[selectors.Capacity]:
    return selectors.commenter_capacities(request.user)


def comment_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The structured comment form. Anyone may fill it in; sending needs an account.

    A refused comment keeps its text: in the form, and in the session when the
    person must first log in (they come back to the same paragraph).
    """
    version = _get_version_for_user(request, slug, number)
    session_key = DRAFT_SESSION_KEY.format(version=version.pk)
    capacities = _capacities(request)
    paragraph = None
    label = request.GET.get("paragraph") or request.POST.get("paragraph_label", "")
    if label:
        section_pos, _sep, par_no = label.partition("-")
        if section_pos.isdigit() and par_no.isdigit():
            paragraph = (
                Paragraph.objects.filter(
                    section__version=version, section__position=int(section_pos), number=int(par_no)
                )
                .select_related("section")
                .first()
            )
    now = timezone.now()
    if request.method == "POST":
        form = CommentForm(request.POST, version=version, capacities=capacities)
        if not request.user.is_authenticated:
            # Keep what they wrote, log in, come back to the same paragraph.
            request.session[session_key] = {
                k: request.POST.get(k, "")
                for k in ("paragraph", "current_wording", "proposed_wording", "justification")
            }
            messages.info(
                request,
                _("Log in (or sign up) to send your comment. Your text is kept."),
            )
            back = request.get_full_path()
            return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
        if form.is_valid():
            try:
                comment = services.comment_submit(
                    author=request.user,
                    version=version,
                    paragraph=form.cleaned_data["paragraph"],
                    data=form.comment_data(),
                    now=now,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                request.session.pop(session_key, None)
                messages.success(
                    request,
                    _("Thank you. Your comment is saved with receipt number %(number)s.")
                    % {"number": comment.receipt_number},
                )
                return redirect("consultations:my_comment", pk=comment.pk)
        request.session[session_key] = {
            k: request.POST.get(k, "")
            for k in ("paragraph", "current_wording", "proposed_wording", "justification")
        }
        status = 200
    else:
        kept = request.session.get(session_key)
        initial: dict[str, object] = {}
        if paragraph is not None:
            initial = {"paragraph": paragraph.pk, "current_wording": paragraph.text}
        if kept:
            initial |= {k: v for k, v in kept.items() if v}
        form = CommentForm(initial=initial, version=version, capacities=capacities)
        status = 200
    try:
        services.comment_window_check(version=version, now=now)
        closed_reason = ""
    except ValidationError as exc:
        closed_reason = " ".join(exc.messages)
    verified = has_verified_email(request.user)
    return render(
        request,
        "consultations/comment_form.html",
        {
            "programme": version.programme,
            "version": version,
            "paragraph": paragraph,
            "form": form,
            "closed_reason": closed_reason,
            "needs_login": not request.user.is_authenticated,
            "needs_verification": request.user.is_authenticated and not verified,
            "needs_organisation": request.user.is_authenticated and not capacities,
            "kept": request.method == "GET" and bool(request.session.get(session_key)),
        },
        status=status,
    )


@login_required
def my_comments(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/my_comments.html",
        {"comments": selectors.comments_for_user(request.user)},
    )


@login_required
def my_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receipt: the comment as sent, its history and, once published, the answer."""
    comment = _get_comment_for_author(request, pk)
    try:
        services.comment_window_check(version=comment.version, now=timezone.now())
        can_change = not comment.is_withdrawn and not comment.is_answer_published
    except ValidationError:
        can_change = False
    return render(
        request,
        "consultations/comment_detail.html",
        {
            "comment": comment,
            "can_change": can_change,
            "history": comment.history.order_by("history_date").select_related("history_user"),
        },
    )


@login_required
def comment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_author(request, pk)
    capacities = _capacities(request)
    if request.method == "POST":
        form = CommentForm(request.POST, version=comment.version, capacities=capacities)
        form.fields.pop("paragraph")
        if form.is_valid():
            try:
                services.comment_update(
                    comment=comment,
                    author=request.user,
                    data=form.comment_data(),
                    now=timezone.now(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Your comment is updated; the earlier text is kept in its history.")
                )
                return redirect("consultations:my_comment", pk=comment.pk)
    else:
        form = CommentForm(
            initial=CommentForm.initial_for(comment),
            version=comment.version,
            capacities=capacities,
        )
        form.fields.pop("paragraph")
    return render(
        request,
        "consultations/comment_form.html",
        {
            "programme": comment.version.programme,
            "version": comment.version,
            "paragraph": comment.paragraph,
            "form": form,
            "comment": comment,
        },
    )


@login_required
@require_POST
def comment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_author(request, pk)
    try:
        services.comment_withdraw(comment=comment, author=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your comment is withdrawn."))
    return redirect("consultations:my_comment", pk=comment.pk)


# ---------------------------------------------------------------------------
# The consultation report
# ---------------------------------------------------------------------------
def _report_context(programme: Programme) -> dict[str, object]:
    comments = list(selectors.report_comments(programme))
    corrections = selectors.report_corrections(programme)
    for comment in comments:
        comment.corrections = corrections.get(comment.pk, [])  # type: ignore[attr-defined]
    return {
        "programme": programme,
        "comments": comments,
        "counts": selectors.report_counts(programme),
        "phases": selectors.report_comment_phases(programme),
    }


def report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    return render(request, "consultations/report.html", _report_context(programme))


def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="raport-{programme.slug}.csv"'
    # A BOM, so that spreadsheet programs read the Polish letters as UTF-8.
    response.write("\ufeff")
    exports.report_csv(selectors.report_comments(programme), response)
    return response


def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    response = HttpResponse(
        exports.report_xlsx(programme, selectors.report_comments(programme)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="raport-{programme.slug}.xlsx"'
    return response
