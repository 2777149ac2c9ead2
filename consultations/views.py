from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from consultations import charts, exports, pdf, report_grouping, selectors, services
from consultations.diff import version_diff
from consultations.forms import (
    CommentForm,
    NextProgrammeForm,
    ParagraphTextForm,
    PhaseProposalFormSet,
    SectionTitleForm,
)
from consultations.models import (
    Comment,
    DraftVersion,
    Paragraph,
    RenderedPdf,
    Section,
    SectionKind,
)
from consultations.rules import has_verified_email
from consultations.templatetags.review_tags import mentions_dates
from core import hooks, idempotency, pagecache, ratelimit, revisions
from core.bounds import YEAR_MAX, YEAR_MIN, parse_id
from programmes.models import Programme
from programmes.selectors import programme_archive, programme_phase_changes, programme_timeline
from programmes.services import default_programme_slug, phases_propose
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
            "current_version": selectors.version_under_consultation(programme),
        }
    return render(request, "consultations/home.html", context)


def programme_list(request: HttpRequest) -> HttpResponse:
    """The archive: every cycle, the current one first, with where it stands."""
    return render(
        request,
        "consultations/programme_list.html",
        {"rows": programme_archive(now=timezone.now())},
    )


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's page, from the cache (docs/architecture.md, "Caching").

    The body is rendered once per programme, language, revisions (the programme's and
    the organisations'), day (the countdowns count days) and number of phase starts and
    ends passed (the timeline marks the current phase). The coordinators' links, the
    reminder links (they name the person's settings) and what higher apps add through
    the ``programme_page`` hook are put in per request.
    """
    programme = get_object_or_404(Programme.objects.select_related("municipality"), slug=slug)
    now = timezone.now()
    anonymous = not request.user.is_authenticated
    revision = _revision(programme)
    moments = _phase_moments(programme, revision)
    parts = (
        "programme",
        programme.pk,
        get_language(),
        revision,
        timezone.localdate(now).isoformat(),
        pagecache.epoch(moments, now),
    )
    slots = {
        "hooks": hooks.render("programme_page", request=request, programme=programme),
        # The reminder links name the person's settings: per request too.
        "deadline-links": hooks.render("programme_deadlines", request=request, programme=programme),
    }
    etag = ""
    if anonymous and not messages.get_messages(request):
        # The hook's output (e.g. the implementation report's status) is not in the key.
        etag = pagecache.etag_for((*parts, slots["hooks"], slots["deadline-links"]))
        if (not_modified := pagecache.not_modified(request, etag)) is not None:
            return not_modified

    def render_body() -> str:
        shown = selectors.programme_for_detail(slug).select_related("municipality").get()
        return render_to_string(
            "consultations/includes/programme_body.html",
            {
                "programme": shown,
                "phases": programme_timeline(shown),
                "teams": selectors.programme_teams(shown),
                "phase_changes": programme_phase_changes(shown),
                "countdowns": selectors.programme_countdowns(shown, now=now),
                "adoption_status": selectors.programme_adoption_status(shown, now=now),
                "now": now,
            },
        )

    body = pagecache.fragment(parts, render_body)
    if is_coordinator(request.user):
        slots["coordination"] = render_to_string(
            "consultations/includes/programme_coordination.html",
            {
                "programme": programme,
                "unpublished": programme.versions.filter(status=DraftVersion.Status.DRAFT),
            },
            request=request,
        )
    response = render(
        request,
        "consultations/programme_detail.html",
        {"programme": programme, "body": body.fill(slots)},
    )
    if etag:
        pagecache.validators(response, etag=etag, last_modified=body.rendered_at)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


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
    if version is None or not request.user.has_perm("consultations.view_version", version):
        raise Http404
    return version


# ---------------------------------------------------------------------------
# Drafts (public reading) and comments
# ---------------------------------------------------------------------------
AuthenticatedHttpRequest = HttpRequest  # login-only views: request.user is a User
DRAFT_SESSION_KEY = "comment-draft-{version}"


def _get_version_for_user(request: HttpRequest, slug: str, number: int) -> DraftVersion:
    """The version if this person may read it; unpublished ones are 404 but for coordinators."""
    # Kept in this process while the programme's revision holds: a kept page's hit reads
    # no row for it (docs/architecture.md, "Caching").
    version = pagecache.current(
        ("version", slug, number),
        lambda: selectors.version_for_reading(slug, number).first(),
        lambda found: revisions.programme_scope(found.programme_id),
    )
    if version is None:
        raise Http404
    if not request.user.has_perm("consultations.view_version", version):
        raise Http404
    return version


@require_safe
@pagecache.shared_response
def draft_diff(request: HttpRequest, slug: str, number: int, other: int) -> HttpResponse:
    """The changes between two versions; cached once both are published.

    docs/architecture.md, "Caching": the comparison of two published versions never
    changes but for the comments it links (the programme's revision).
    """
    programme = _get_programme(slug)
    first = _get_programme_version(request, programme, number)
    second = _get_programme_version(request, programme, other)
    if first.pk == second.pk:
        raise Http404
    old, new = sorted((first, second), key=lambda v: v.number)
    published = old.is_published and new.is_published

    def render_body() -> str:
        return render_to_string(
            "consultations/includes/diff_body.html",
            {
                "programme": programme,
                "diff": version_diff(old, new),
                "old": old,
                "new": new,
                # Report rows are anchored #comment-<version>-<number>.
                "report_url": reverse("consultations:report", args=[programme.slug]),
            },
        )

    return _page_around_body(
        request,
        ("diff", old.pk, new.pk, get_language(), _revision(programme)) if published else None,
        render_body,
        "consultations/draftversion_diff.html",
        {"programme": programme, "old": old, "new": new},
    )


def _page_around_body(
    request: HttpRequest,
    parts: tuple[Any, ...] | None,
    render_body: Callable[[], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page whose body is cached under ``parts`` (``None``: never, an unpublished
    version's), in the layout; anonymous readers get validators and a 304."""
    etag = ""
    if parts is not None:
        if not request.user.is_authenticated and not messages.get_messages(request):
            etag = pagecache.etag_for(parts)
            if (not_modified := pagecache.not_modified(request, etag)) is not None:
                return not_modified
        body = pagecache.fragment(parts, render_body)
    else:
        body = pagecache.uncached(render_body)
    response = render(request, template, context | {"body": body.html})
    if etag:
        pagecache.validators(response, etag=etag, last_modified=body.rendered_at)
    if parts is None:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@pagecache.shared_response
def draft_heatmap(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The heat map's table, a row per commented paragraph, on a page of its own.

    The draft page carries each paragraph's counts and positions beside it; the whole
    table repeated them in every copy of the draft (67 KB of 355 KB at 500 paragraphs and
    2,000 comments: docs/architecture.md, "Caching"). Cached as the draft is.
    """
    version = _get_version_for_user(request, slug, number)
    programme = version.programme

    def render_body() -> str:
        sections = selectors.version_document(version)
        paragraphs = [p for section in sections for p in section.paragraphs.all()]
        counts = selectors.version_position_counts(version)
        return render_to_string(
            "consultations/includes/heatmap_strip.html",
            {
                "heatmap": charts.heatmap_from_counts(counts, paragraphs),
                "link_paragraphs": True,
                "paragraph_base": version.get_absolute_url(),
                "table_open": True,
            },
        )

    return _page_around_body(
        request,
        ("heatmap", version.pk, get_language(), _revision(programme))
        if version.is_published
        else None,
        render_body,
        "consultations/draftversion_heatmap.html",
        {"programme": programme, "version": version},
    )


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
    if not request.user.has_perm("consultations.view_own_comment", comment):
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
            "current": selectors.version_under_consultation(programme),
        },
    )


def _revision(programme: Programme) -> tuple[int, int]:
    """What the programme's cached pages are keyed by: from this process's watch, or
    one cache round trip.

    docs/architecture.md, "Caching": the programme's own revision, and the one of the
    organisations (a confirmed representation decides whether a name is public).
    """
    numbers = revisions.watched([revisions.programme_scope(programme.pk), revisions.ORGANISATIONS])
    return numbers[revisions.programme_scope(programme.pk)], numbers[revisions.ORGANISATIONS]


def _phase_moments(programme: Programme, revision: tuple[int, int]) -> list[float]:
    """When the programme's pages change by the clock: every phase's start and end."""
    return pagecache.moments(
        ("programme-phases", programme.pk, revision),
        lambda: [
            moment
            for starts_at, ends_at in programme_timeline(programme).values_list(
                "starts_at", "ends_at"
            )
            for moment in (starts_at, ends_at)
        ],
    )


def _draft_body_context(
    request: HttpRequest, version: DraftVersion, *, can_comment: bool
) -> dict[str, Any]:
    """What the cached document shows: the same for everyone in the variant."""
    sections = selectors.version_document(version)
    counts = selectors.version_position_counts(version)
    parts = selectors.part_counts(counts)
    paragraphs = [p for section in sections for p in section.paragraphs.all()]
    none = selectors.PartCounts()
    for paragraph in paragraphs:
        paragraph.counts = parts.get(paragraph.pk, none)  # type: ignore[attr-defined]
    # The heat map (consultations/charts.py) from the same counts: no further query.
    heatmap = charts.heatmap_from_counts(counts, paragraphs)
    for paragraph, row in zip(paragraphs, heatmap.rows, strict=True):
        paragraph.heat = row  # type: ignore[attr-defined]
    programme = version.programme
    return {
        "programme": programme,
        "version": version,
        "sections": sections,
        "document_counts": parts.get(None, none),
        "can_comment": can_comment,
        "comment_url": reverse(
            "consultations:comment_create", args=[programme.slug, version.number]
        ),
        "previous": selectors.version_previous_readable(version, request.user),
        "adoption": selectors.programme_adoption(programme),
        "metryczka": selectors.version_metryczka(version),
        "heatmap": heatmap,
    }


def _own_slots(request: HttpRequest, version: DraftVersion) -> dict[str, str]:
    """The person's own comments, by paragraph: put into the cached document per request."""
    by_part: dict[int | None, list[Comment]] = {}
    for comment in selectors.version_own_comments(version, request.user):
        by_part.setdefault(comment.paragraph_id, []).append(comment)
    return {
        f"own-{'document' if part is None else part}": render_to_string(
            "consultations/includes/own_comments.html", {"comments": comments}, request=request
        )
        for part, comments in by_part.items()
    }


@require_safe
@pagecache.shared_response
def draft_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The draft, from the cache when published (docs/architecture.md, "Caching").

    The document is rendered once per version, language, programme revision and
    variant (may comment; coordinator), without the request; the comment window (it
    depends on the moment) and the person's own comments are added per request.
    Anonymous readers get an ETag and a 304 when nothing changed, and the whole
    response is kept for them until the programme's revision changes or a phase
    starts or ends (``pagecache.shared_response``).
    """
    version = _get_version_for_user(request, slug, number)
    programme = version.programme
    anonymous = not request.user.is_authenticated
    revision: tuple[int, int] | None = None
    if version.is_published:
        revision = _revision(programme)
        # A kept anonymous response ends when the comment window opens or closes; the
        # window itself is kept per phase boundary passed.
        moments = _phase_moments(programme, revision)
        window = _comment_window(version, revision, moments)
    else:
        window = selectors.comment_window_now(version)
    can_comment = request.user.has_perm("consultations.add_comment", version)
    coordinator = is_coordinator(request.user)
    window_key = (window.phase.pk if window.phase else None, window.reason)
    parts: tuple[Any, ...] = ()
    etag = ""
    has_messages = bool(messages.get_messages(request))
    if revision is not None:
        parts = ("draft", version.pk, get_language(), revision, can_comment, coordinator)
        if anonymous and not has_messages:
            etag = pagecache.etag_for((*parts, window_key))
            not_modified = pagecache.not_modified(request, etag)
            if not_modified is not None:
                return not_modified

    def render_page(final: bool = True) -> HttpResponse:
        def render_body() -> str:
            return render_to_string(
                "consultations/includes/draft_body.html",
                _draft_body_context(request, version, can_comment=can_comment),
            )

        # An unpublished draft is never cached: only coordinators read it, and it changes.
        body = pagecache.fragment(parts, render_body) if parts else pagecache.uncached(render_body)
        comment_url = reverse("consultations:comment_create", args=[programme.slug, version.number])
        window_html = render_to_string(
            "consultations/includes/comment_window.html",
            {"phase": window.phase, "closed_reason": window.reason, "comment_url": comment_url},
        )
        response = render(
            request,
            "consultations/draftversion_detail.html",
            {
                "programme": programme,
                "version": version,
                "phase": window.phase,
                "body": body.fill({"window": window_html} | own, final=final),
            },
        )
        if etag:
            pagecache.validators(response, etag=etag, last_modified=body.rendered_at)
        return response

    own: dict[str, str] = {}
    # Messages are shown once, so never part of a kept page.
    if anonymous or not version.is_published or has_messages:
        own = {} if anonymous else _own_slots(request, version)
        response = render_page()
    else:
        # Logged in: the page around the person's own comments is kept per variant and
        # path; each request adds only their comments (pagecache.personal_page).
        response = pagecache.personal_page(
            request,
            (*parts, window_key, request.user.is_staff, request.get_full_path()),
            lambda: render_page(final=False),
            lambda: _own_slots(request, version),
        )
    if not version.is_published:
        patch_cache_control(response, private=True, no_store=True)
    elif not etag:  # (with one, render_page gave the shared validators)
        # Logged in: the page carries the person's own comments.
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _comment_window(
    version: DraftVersion, revision: tuple[int, int], moments: list[float]
) -> selectors.CommentWindow:
    """The comment window of a published version, kept per revision, language and the
    number of phase starts and ends passed; the permission reads the same one."""
    now = timezone.now()
    window: selectors.CommentWindow = pagecache.kept(
        ("window", version.pk, get_language(), revision, pagecache.epoch(moments, now)),
        lambda: selectors.comment_window(version, now=now),
    )
    version._comment_window_cache = window  # type: ignore[attr-defined]
    return window


def _part_answers(
    request: HttpRequest, slug: str, number: int, paragraph_label: tuple[int, int] | None
) -> HttpResponse:
    version = _get_version_for_user(request, slug, number)
    paragraph: Paragraph | None = None
    if paragraph_label is not None:
        paragraph = selectors.paragraph_by_label(version, *paragraph_label)
        if paragraph is None or paragraph.is_heading:
            raise Http404
    programme = version.programme
    fragment = _is_htmx(request)

    def render_list() -> str:
        return render_to_string(
            "consultations/includes/part_answers.html",
            {"comments": list(selectors.part_published_comments(version, paragraph))},
        )

    if version.is_published:
        revision = _revision(programme)
        parts = (
            "answers",
            version.pk,
            paragraph.pk if paragraph else None,
            get_language(),
            revision,
        )
        body = pagecache.fragment(parts, render_list)
    else:
        body = pagecache.uncached(render_list)
    if fragment:
        response = HttpResponse(body.html)
    else:
        anchor = paragraph.anchor if paragraph else "document-comments"
        response = render(
            request,
            "consultations/part_answers.html",
            {
                "programme": programme,
                "version": version,
                "paragraph": paragraph,
                "body": body.html,
                "back_url": f"{version.get_absolute_url()}#{anchor}",
            },
        )
    # The same address answers the whole page or, to htmx, only the list.
    patch_vary_headers(response, ["HX-Request"])
    if not version.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def paragraph_answers(
    request: HttpRequest, slug: str, number: int, section: int, paragraph: int
) -> HttpResponse:
    """One paragraph's published answers: its own page without JS, in place with htmx."""
    return _part_answers(request, slug, number, (section, paragraph))


@require_safe
def document_answers(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The published answers on the whole document, as ``paragraph_answers``."""
    return _part_answers(request, slug, number, None)


def _capacities(request: HttpRequest) -> list[selectors.Capacity]:
    return selectors.commenter_capacities(request.user)


_DRAFT_FIELDS = ("paragraph", "current_wording", "proposed_wording", "justification")


def _draft_to_keep(request: HttpRequest, form: CommentForm) -> dict[str, str] | None:
    """The posted draft if every part fits its field, else None (never stored oversized).

    The session is kept in the database for every visitor: sizes are checked before
    anything goes in (issue 16: 1.9 MB posts grew the session table by megabytes).
    """
    draft: dict[str, str] = {}
    for name in _DRAFT_FIELDS:
        value = request.POST.get(name, "")
        limit = getattr(form.fields[name], "max_length", None) or 20
        if len(value) > limit or "\x00" in value:
            return None
        draft[name] = value
    return draft


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
        section_text, _sep, par_text = label.partition("-")
        section_pos, par_no = parse_id(section_text), parse_id(par_text)
        # ASCII digits only: "?paragraph=²-1" answered 500 (issue 16).
        if section_pos is not None and par_no is not None and max(section_pos, par_no) < 32768:
            paragraph = (
                Paragraph.objects.filter(
                    section__version=version, section__position=section_pos, number=par_no
                )
                .select_related("section")
                .first()
            )
    now = timezone.now()
    if request.method == "POST":
        form = CommentForm(request.POST, version=version, capacities=capacities)
        # Each anonymous post keeps its text in a session row: limited per address
        # (docs/operations.md, "Throttles and the client's address").
        if not request.user.is_authenticated and (
            retry_after := ratelimit.consume(
                scope="comment_draft", key=ratelimit.request_key(request)
            )
        ):
            return ratelimit.too_many_requests(request, retry_after)
        kept_draft = _draft_to_keep(request, form)
        if not request.user.is_authenticated and kept_draft is not None:
            # Keep what they wrote, log in, come back to the same paragraph.
            request.session[session_key] = kept_draft
            messages.info(
                request,
                _("Log in (or sign up) to send your comment. Your text is kept."),
            )
            back = request.get_full_path()
            return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
        if request.user.is_authenticated and form.is_valid():
            try:
                comment = services.comment_submit(
                    author=request.user,
                    version=version,
                    paragraph=form.cleaned_data["paragraph"],
                    data=form.comment_data(),
                    now=now,
                    token=form.cleaned_data["token"],
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
        if kept_draft is not None:
            request.session[session_key] = kept_draft
        else:
            # Too long to keep: the form shows why, and an older draft must not come back.
            request.session.pop(session_key, None)
            form.is_valid()
        status = 200
    else:
        kept = request.session.get(session_key)
        initial: dict[str, object] = {}
        if paragraph is not None:
            # "Propose a change" on selected words sends exactly that span (if it is one).
            span = request.GET.get("current", "").strip()
            current = span if span and len(span) <= 2000 and span in paragraph.text else ""
            initial = {"paragraph": paragraph.pk, "current_wording": current or paragraph.text}
        if kept:
            initial |= {k: v for k, v in kept.items() if v}
        initial["token"] = idempotency.new_token()
        form = CommentForm(initial=initial, version=version, capacities=capacities)
        status = 200
    can_comment = request.user.has_perm("consultations.add_comment", version)
    closed_reason = "" if can_comment else selectors.comment_window_now(version).reason
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
    can_change = request.user.has_perm("consultations.change_own_comment", comment)
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
    if request.method != "POST":
        try:
            services.comment_change_check(comment=comment, author=request.user, now=timezone.now())
        except ValidationError as exc:
            # Refused before the form is shown, once, rather than after the person typed;
            # a POST still gets the form back with its text and the reason.
            messages.error(request, " ".join(exc.messages))
            return redirect("consultations:my_comment", pk=comment.pk)
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
@pagecache.shared_response
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """The consultation report, cached for everyone but coordinators (docs/architecture.md, "Caching")."""
    programme = get_object_or_404(Programme, slug=slug)
    # Unconfirmed claims ("declares to represent X") are for coordinators' eyes only.
    show_claims = is_coordinator(request.user)
    # Default: the flat list; "campaigns" folds the copies of one text into one row.
    rows_view = "campaigns" if request.GET.get("rows") == "campaigns" else "flat"

    def render_body() -> str:
        context = selectors.report_context(programme)
        context["show_claims"] = show_claims
        context["rows_view"] = rows_view
        if rows_view == "campaigns":
            context["campaign_rows"] = report_grouping.campaign_rows(context["comments"])
        return render_to_string("consultations/includes/report_body.html", context)

    etag = ""
    if show_claims:
        body = pagecache.uncached(render_body)
    else:
        parts = ("report", programme.pk, rows_view, get_language(), _revision(programme))
        if not request.user.is_authenticated and not messages.get_messages(request):
            etag = pagecache.etag_for(parts)
            if (not_modified := pagecache.not_modified(request, etag)) is not None:
                return not_modified
        body = pagecache.fragment(parts, render_body)
    response = render(
        request, "consultations/report.html", {"programme": programme, "body": body.html}
    )
    if etag:
        pagecache.validators(response, etag=etag, last_modified=body.rendered_at)
    if show_claims:
        patch_cache_control(response, private=True, no_store=True)
    return response


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


# ------------------------------------------------------------------------------
# The next cycle from the previous one, and the review of a carried-over version
# ------------------------------------------------------------------------------
def _require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _next_defaults(previous: Programme) -> dict[str, Any]:
    span = previous.last_year - previous.first_year
    first = previous.last_year + 1
    last = first + span
    return {
        "first_year": first,
        "last_year": last,
        "title": previous.title.replace(previous.period_display, f"{first}–{last}"),
        "slug": default_programme_slug(kind=previous.kind, first_year=first, last_year=last),
        "make_current": True,
    }


def _phase_initial(previous: Programme, first_year: int) -> list[dict[str, Any]]:
    return [
        {
            "kind": p.kind,
            "name": p.name,
            "starts_at": timezone.localtime(p.starts_at),
            "ends_at": timezone.localtime(p.ends_at),
            "accepts_comments": p.accepts_comments,
        }
        for p in phases_propose(
            previous=previous, first_year=first_year, min_days=previous.consultation_min_days
        )
    ]


@login_required
def programme_start_next(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Start programme for years A–B": teams, links, text and a proposed timeline, editable."""
    _require_coordinator(request)
    previous = _get_programme(slug)
    source = services.version_to_carry(previous)
    if request.method == "POST":
        form = NextProgrammeForm(request.POST)
        phases = PhaseProposalFormSet(request.POST, prefix="phases")
        if "propose" in request.POST:
            # New years typed: propose the timeline again for them (works without JS).
            first = parse_id(form.data.get("first_year"))
            # Only a sane year proposes a timeline: "²" or 99999 answered 500 (issue 16).
            if form.is_valid() or (first is not None and YEAR_MIN <= first <= YEAR_MAX):
                year: int = form.cleaned_data.get("first_year") or first or YEAR_MIN
                phases = PhaseProposalFormSet(
                    initial=_phase_initial(previous, year), prefix="phases"
                )
        elif form.is_valid() and phases.is_valid():
            data = form.cleaned_data
            try:
                programme = services.programme_start_next(
                    previous=previous,
                    first_year=data["first_year"],
                    last_year=data["last_year"],
                    title=data["title"],
                    slug=data["slug"],
                    make_current=data["make_current"],
                    phases=[
                        services.PhaseData(
                            kind=f["kind"],
                            name=f["name"],
                            starts_at=f["starts_at"],
                            ends_at=f["ends_at"],
                            accepts_comments=f["accepts_comments"],
                        )
                        for f in phases.cleaned_data
                        if f and not f.get("DELETE")
                    ],
                    by=request.user,
                    now=timezone.now(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The programme %(period)s was started from %(previous)s.")
                    % {"period": programme.period_display, "previous": previous.period_display},
                )
                if programme.versions.exists():
                    return redirect("consultations:draft_review", slug=programme.slug, number=1)
                return redirect(programme.get_absolute_url())
        status = 200 if "propose" in request.POST else 400
    else:
        defaults = _next_defaults(previous)
        form = NextProgrammeForm(initial=defaults)
        phases = PhaseProposalFormSet(
            initial=_phase_initial(previous, defaults["first_year"]), prefix="phases"
        )
        status = 200
    return render(
        request,
        "consultations/programme_start_next.html",
        {
            "previous": previous,
            "form": form,
            "phases": phases,
            "source": source,
            "teams": previous.teams.order_by("position", "name"),
        },
        status=status,
    )


def _get_version_for_coordinator(request: HttpRequest, slug: str, number: int) -> DraftVersion:
    # Unpublished versions are not announced to anyone else: 404, not 403.
    if not is_coordinator(request.user):
        raise Http404
    version = selectors.version_for_number(_get_programme(slug), number)
    if version is None:
        raise Http404
    return version


@login_required
def draft_review(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version before publication: what blocks it, and every year and date to check."""
    version = _get_version_for_coordinator(request, slug, number)
    sections = list(version.sections.prefetch_related("paragraphs"))
    empty = set(selectors.version_empty_mandatory_sections(version))
    rows: list[dict[str, Any]] = [
        {
            "section": s,
            "missing": s.kind in empty,
            "paragraphs": [(p, mentions_dates(p.text)) for p in s.paragraphs.all()],
        }
        for s in sections
    ]
    present = {s.kind for s in sections}
    return render(
        request,
        "consultations/draftversion_review.html",
        {
            "programme": version.programme,
            "version": version,
            "rows": rows,
            "absent": [SectionKind(k).label for k in empty if k not in present],
            "blocking": [r["section"] for r in rows if r["missing"]],
            "to_check": sum(flag for r in rows for _p, flag in r["paragraphs"]),
        },
    )


@login_required
@require_POST
def draft_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publish a reviewed version (refused with the reasons while sections are empty)."""
    version = _get_version_for_coordinator(request, slug, number)
    try:
        services.version_publish(version=version, by=request.user, now=timezone.now())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("consultations:draft_review", slug=slug, number=number)
    messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
    return redirect(version.get_absolute_url())


# ------------------------------------------------------------------------------
# The document editor: one page per unpublished version (htmx, works without JS)
# ------------------------------------------------------------------------------
def _editable_version(request: HttpRequest, slug: str, number: int) -> DraftVersion:
    version = _get_version_for_coordinator(request, slug, number)
    if version.is_published:
        raise Http404
    return version


def _editor_sections(version: DraftVersion) -> list[dict[str, Any]]:
    empty = set(selectors.version_empty_mandatory_sections(version))
    sections = list(version.sections.prefetch_related("paragraphs"))
    return [
        {
            "section": s,
            "mandatory": s.kind != SectionKind.FREE,
            "empty": s.kind in empty,
            # Which move buttons the section offers (consultations/editor_views.py).
            "first": i == 0,
            "last": i == len(sections) - 1,
        }
        for i, s in enumerate(sections)
    ]


def _editor_page(
    request: HttpRequest,
    version: DraftVersion,
    *,
    errors: dict[int, Any] | None = None,
    new_errors: dict[int, Any] | None = None,
) -> HttpResponse:
    empty = set(selectors.version_empty_mandatory_sections(version))
    present = {s.kind for s in version.sections.all()}
    return render(
        request,
        "consultations/draftversion_edit.html",
        {
            "programme": version.programme,
            "version": version,
            "rows": _editor_sections(version),
            "errors": errors or {},
            "new_errors": new_errors or {},
            "absent": [SectionKind(k).label for k in empty if k not in present],
            "proposals": selectors.version_proposals_to_apply(version),
        },
        status=400 if errors or new_errors else 200,
    )


@login_required
def draft_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Every section of an unpublished version, its paragraphs edited in place."""
    return _editor_page(request, _editable_version(request, slug, number))


def _after_edit(
    request: HttpRequest,
    version: DraftVersion,
    section: Section,
    *,
    errors: dict[int, Any] | None = None,
    new_errors: dict[int, Any] | None = None,
) -> HttpResponse:
    """htmx: the section again (errors beside the field); without JS: the editor page."""
    if request.htmx:  # type: ignore[attr-defined]
        row = next(r for r in _editor_sections(version) if r["section"].pk == section.pk)
        return render(
            request,
            "consultations/includes/editor_section.html",
            {
                "row": row,
                "version": version,
                "programme": version.programme,
                "errors": errors or {},
                "new_errors": new_errors or {},
            },
        )
    if errors or new_errors:
        return _editor_page(request, version, errors=errors, new_errors=new_errors)
    url = reverse("consultations:draft_edit", args=[version.programme.slug, version.number])
    return redirect(f"{url}#edit-s-{section.pk}")


def _editable_paragraph(request: HttpRequest, slug: str, number: int, pk: int) -> Paragraph:
    version = _editable_version(request, slug, number)
    return get_object_or_404(
        Paragraph.objects.select_related("section__version"), pk=pk, section__version=version
    )


@login_required
@require_POST
def paragraph_edit(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    paragraph = _editable_paragraph(request, slug, number, pk)
    form = ParagraphTextForm(request.POST)
    version = paragraph.section.version
    if form.is_valid():
        services.paragraph_update(paragraph=paragraph, text=form.cleaned_data["text"])
        messages.success(request, _("Paragraph %(label)s was saved.") % {"label": paragraph.label})
        return _after_edit(request, version, paragraph.section)
    return _after_edit(request, version, paragraph.section, errors={paragraph.pk: form})


@login_required
@require_POST
def paragraph_create(request: HttpRequest, slug: str, number: int, section_pk: int) -> HttpResponse:
    version = _editable_version(request, slug, number)
    section = get_object_or_404(Section, pk=section_pk, version=version)
    form = ParagraphTextForm(request.POST)
    if form.is_valid():
        services.paragraph_add(section=section, text=form.cleaned_data["text"])
        return _after_edit(request, version, section)
    return _after_edit(request, version, section, new_errors={section.pk: form})


@login_required
@require_POST
def paragraph_move(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    paragraph = _editable_paragraph(request, slug, number, pk)
    services.paragraph_move(paragraph=paragraph, up=request.POST.get("direction") == "up")
    return _after_edit(request, paragraph.section.version, paragraph.section)


@login_required
@require_POST
def paragraph_remove(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    paragraph = _editable_paragraph(request, slug, number, pk)
    section = paragraph.section
    services.paragraph_delete(paragraph=paragraph)
    return _after_edit(request, section.version, section)


@login_required
@require_POST
def proposal_apply(request: HttpRequest, slug: str, number: int, comment_pk: int) -> HttpResponse:
    """One click: an accepted proposal becomes a tracked change of the next version."""
    version = _editable_version(request, slug, number)
    proposal = next(
        (p for p in selectors.version_proposals_to_apply(version) if p.comment.pk == comment_pk),
        None,
    )
    if proposal is None or proposal.target is None:
        raise Http404
    try:
        services.proposal_apply(
            comment=proposal.comment, paragraph=proposal.target, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Comment no. %(n)s was applied to § %(label)s; check the wording.")
            % {"n": proposal.comment.number, "label": proposal.target.label},
        )
    url = reverse("consultations:draft_edit", args=[slug, number])
    return redirect(f"{url}#edit-p-{proposal.target.pk}")


@login_required
@require_POST
def section_edit(request: HttpRequest, slug: str, number: int, section_pk: int) -> HttpResponse:
    """Rename a section, add a further one, or remove a further one."""
    version = _editable_version(request, slug, number)
    section = get_object_or_404(Section, pk=section_pk, version=version)
    if request.POST.get("action") == "delete":
        try:
            services.section_delete(section=section)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("consultations:draft_edit", slug=slug, number=number)
    form = SectionTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["title"]))
    else:
        services.section_rename(section=section, title=form.cleaned_data["title"])
    return _after_edit(request, version, section)


@login_required
@require_POST
def section_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _editable_version(request, slug, number)
    form = SectionTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["title"]))
        return redirect("consultations:draft_edit", slug=slug, number=number)
    section = services.section_add(version=version, title=form.cleaned_data["title"])
    url = reverse("consultations:draft_edit", args=[slug, number])
    return redirect(f"{url}#edit-s-{section.pk}")


# ---------------------------------------------------------------------------
# The paragraph picker (coordinators, in the admin forms)
# ---------------------------------------------------------------------------
@require_safe
def paragraph_search(request: HttpRequest, slug: str) -> HttpResponse:
    """Suggestions for "§ n.m" or words; an htmx fragment, or a plain page without JS."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require_coordinator(request)
    programme = _get_programme(slug)
    field = request.GET.get("field", "")[:100]
    name = request.GET.get("name", "")[:100]
    query = request.GET.get(name, "") if name else ""
    query = (query or request.GET.get("q", ""))[:200]
    context = {
        "programme": programme,
        "choices": selectors.paragraph_search(programme, query),
        "query": query,
        "field": field,
        "name": name,
        "pick_url": reverse("consultations:paragraph_pick", args=[programme.slug]),
    }
    template = (
        "consultations/includes/paragraph_choices.html"
        if _is_htmx(request)
        else "consultations/paragraph_search.html"
    )
    return render(request, template, context)


@require_safe
def paragraph_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The picker field again, filled with the chosen reference (htmx swaps it in)."""
    from consultations.forms import ParagraphPickerWidget

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require_coordinator(request)
    programme = _get_programme(slug)
    field = request.GET.get("field", "")[:100]
    name = request.GET.get("name", "")[:100]
    value = request.GET.get("value", "")[:200]
    widget = ParagraphPickerWidget(
        search_url=reverse("consultations:paragraph_search", args=[programme.slug])
    )
    return HttpResponse(widget.render(name, value, attrs={"id": field}))


@require_safe
def change_register(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's register of public changes (BIP's rejestr zmian)."""
    programme = _get_programme(slug)
    return render(
        request,
        "consultations/change_register.html",
        {"programme": programme, "entries": selectors.programme_change_register(programme)},
    )


@require_safe
def comment_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The scan of a letter: personal data, so coordinators only, never cached."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require_coordinator(request)
    comment = get_object_or_404(Comment, pk=pk)
    if not comment.scan:
        raise Http404
    response = FileResponse(comment.scan.open("rb"), as_attachment=False)
    patch_cache_control(response, private=True, no_store=True)
    return response
