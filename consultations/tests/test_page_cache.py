"""The published draft from the cache (docs/architecture.md, "Caching").

Rendered once per version, language and programme revision; the services that publish
give a new revision; anonymous readers revalidate with a 304; logged-in readers get the
cached document plus only their own comments; unpublished drafts are never cached.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urljoin

import pytest
import time_machine
from django.contrib.messages.storage.base import Message
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import selectors, services
from consultations.models import Comment
from consultations.tests.conftest import PHASE_END, build_version, verify_email
from consultations.tests.factories import CommentFactory, version_with_sections
from core import pagecache, revisions
from core.dates import WARSAW
from core.testing import revisions_committed
from reminders.services import phase_reschedule
from teams.rules import coordinator_ids

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
AFTER = PHASE_END + dt.timedelta(days=2)


def _article(response: Any) -> str:
    """The document part of the page (the layout around it carries a per-request CSRF token)."""
    html = response.content.decode()
    match = re.search(r"<article.*?</article>", html, re.S)
    assert match, html[:500]
    return match.group(0)


def _get(client: Any, url: str, **extra: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def _page_keys() -> list[str]:
    return [k for k in cache._cache if pagecache.KEY_PREFIX in k]  # type: ignore[attr-defined]


def _answered(version: Any, *, text: str = "Wyjaśniamy.", **kwargs: Any) -> Comment:
    paragraph = version.sections.get(position=1).paragraphs.get(number=1)
    comment = CommentFactory(
        paragraph=paragraph, answer="explained", answer_justification=text, **kwargs
    )
    Comment.objects.filter(pk=comment.pk).update(answer_published_at=comment.submitted_at)
    revisions.bump(revisions.programme_scope(version.programme_id))  # as a service would
    return comment


# ------------------------------------------------------------------------------
# Hits, bytes and queries
# ------------------------------------------------------------------------------
# A hit, anonymous: the whole response is kept (core.pagecache.shared_response), so two
# cache reads and no query, against 14 for the render (test_draft_page.py).
def test_a_cache_hit_serves_the_same_document_with_fewer_queries(client, version, during):
    _answered(version)
    revisions_committed()
    url = version.get_absolute_url()
    first, miss = _get(client, url)
    second, hit = _get(client, url)
    assert first.status_code == second.status_code == 200
    assert _article(first) == _article(second)
    assert (miss, hit) == (14, 0)


def test_a_logged_in_hit_adds_only_the_session_user_and_own_comments(
    client, version, during, member
):
    url = version.get_absolute_url()
    revisions_committed()
    client.force_login(member)
    _, miss = _get(client, url)
    _, hit = _get(client, url)
    # A hit: session, user and the person's own comments. The page around them, the
    # document and the comment window are kept (core.pagecache.personal_page); the
    # version and who coordinates are kept in the process under their revisions
    # (core.pagecache.current, teams.rules.coordinator_ids). The miss also read those
    # two once, and the coordinators' revision.
    assert (miss, hit) == (19, 3)


def test_a_second_reader_reuses_the_first_readers_render(client, version, during, member):
    # Rendering the document reads the sections: a hit does not.
    client.get(version.get_absolute_url())
    client.force_login(member)
    with CaptureQueriesContext(connection) as ctx:
        client.get(version.get_absolute_url())
    assert not any("consultations_section" in q["sql"] for q in ctx.captured_queries)


def test_each_language_has_its_own_cached_document(client, version, during):
    url = version.get_absolute_url()
    polish = _article(client.get(url))
    english = _article(client.get(url, **EN))
    assert polish != english
    assert "Spis treści" in polish or "Treść" in polish
    assert "Contents" in english
    assert _article(client.get(url)) == polish
    assert _article(client.get(url, **EN)) == english


# ------------------------------------------------------------------------------
# Validators
# ------------------------------------------------------------------------------
def test_anonymous_readers_revalidate_with_a_304(client, version, during):
    revisions_committed()
    url = version.get_absolute_url()
    response = client.get(url)
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    again, queries = _get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert not again.content
    assert queries == 0  # the kept response answers it
    # Another language is another document.
    assert client.get(url, HTTP_IF_NONE_MATCH=etag, **EN).status_code == 200


def test_a_change_makes_the_old_etag_stale(client, version, during):
    url = version.get_absolute_url()
    etag = client.get(url)["ETag"]
    CommentFactory(paragraph=version.sections.first().paragraphs.first(), version=version)
    revisions.bump(revisions.programme_scope(version.programme_id))
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag


def test_logged_in_pages_are_private_and_carry_no_shared_validator(client, version, during, member):
    client.force_login(member)
    response = client.get(version.get_absolute_url())
    assert "ETag" not in response
    assert "private" in response["Cache-Control"]


# ------------------------------------------------------------------------------
# The services that publish give a new revision
# ------------------------------------------------------------------------------
def _etag(client: Any, version: Any) -> str:
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    return str(response["ETag"])


def test_submitting_a_comment_changes_the_counts(client, version, during, member):
    verify_email(member)
    url = version.get_absolute_url()
    assert "1 comment" not in client.get(url, **EN).content.decode()
    paragraph = version.sections.get(position=2).paragraphs.get(number=3)
    services.comment_submit(
        author=member,
        version=version,
        paragraph=paragraph,
        data=services.CommentData(
            current_wording="",
            proposed_wording="Nowy zapis",
            justification="Bo tak",
            capacity=Comment.Capacity.ORGANISATION,
            organisation=member.memberships.get().organisation,
        ),
        now=dt.datetime(2011, 8, 15, 12, tzinfo=WARSAW),
    )
    assert "1 comment<" in client.get(url, **EN).content.decode()


def test_publishing_answers_and_correcting_one_renew_the_page(client, version, coordinator):
    paragraph = version.sections.get(position=1).paragraphs.get(number=1)
    comment = CommentFactory(
        paragraph=paragraph, answer="explained", answer_justification="Pierwsza odpowiedź."
    )
    answers_url = reverse("consultations:paragraph_answers", args=[version.programme.slug, 1, 1, 1])
    with time_machine.travel(AFTER, tick=False):
        before = _etag(client, version)
        assert "answered" not in client.get(version.get_absolute_url(), **EN).content.decode()
        services.comment_answers_publish(comments=[comment], by=coordinator, now=AFTER)
        after_publish = _etag(client, version)
        assert after_publish != before
        assert (
            "1 comment, 1 answered" in client.get(version.get_absolute_url(), **EN).content.decode()
        )
        assert "Pierwsza odpowiedź." in client.get(answers_url).content.decode()
        services.comment_answer_record(
            comment=comment,
            answer="accepted",
            justification="Poprawiona odpowiedź.",
            by=coordinator,
            now=AFTER,
            reason="Omyłka pisarska.",
        )
        assert _etag(client, version) != after_publish
        corrected = client.get(answers_url).content.decode()
        assert "Poprawiona odpowiedź." in corrected
        assert "Pierwsza odpowiedź." not in corrected


def test_publishing_a_version_renews_the_programme_pages(client, programme, version, coordinator):
    draft = version_with_sections(programme, number=2, published=False)
    with time_machine.travel(AFTER, tick=False):
        before = _etag(client, version)
        assert client.get(draft.get_absolute_url()).status_code == 404
        services.version_publish(version=draft, by=coordinator, now=AFTER)
        assert _etag(client, version) != before
        assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_phase_change_renews_the_page(client, version, phase, coordinator, during):
    before = _etag(client, version)
    phase_reschedule(
        phase=phase,
        starts_at=phase.starts_at,
        ends_at=phase.ends_at + dt.timedelta(days=7),
        reason="Przedłużenie na prośbę organizacji.",
        by=coordinator,
        now=dt.datetime(2011, 8, 15, 12, tzinfo=WARSAW),
    )
    after = _etag(client, version)
    assert after != before
    # A phase edited in the admin (saved directly) counts as well.
    phase.refresh_from_db()
    phase.name = "Konsultacje (zmienione)"
    phase.save()
    assert _etag(client, version) != after
    assert "Konsultacje (zmienione)" in client.get(version.get_absolute_url()).content.decode()


def test_the_revision_survives_a_flushed_cache(version):
    scope = revisions.programme_scope(version.programme_id)
    start = revisions.revision(scope)
    revisions.bump(scope)
    bumped = revisions.revision(scope)
    cache.clear()
    assert revisions.revision(scope) == bumped > start


# ------------------------------------------------------------------------------
# Own parts, no leakage, unpublished drafts
# ------------------------------------------------------------------------------
def test_each_reader_sees_only_their_own_comments(client, version, during, member, moderator):
    paragraph = version.sections.get(position=1).paragraphs.get(number=2)
    CommentFactory(paragraph=paragraph, author=member, proposed_wording="TAJNE-CZŁONKA")
    CommentFactory(paragraph=paragraph, author=moderator, proposed_wording="TAJNE-MODERATORA")
    revisions.bump(revisions.programme_scope(version.programme_id))
    url = version.get_absolute_url()
    # The member renders the shared document first; the others read it from the cache.
    client.force_login(member)
    mine = client.get(url).content.decode()
    assert "TAJNE-CZŁONKA" in mine
    assert "TAJNE-MODERATORA" not in mine
    client.force_login(moderator)
    theirs = client.get(url).content.decode()
    assert "TAJNE-MODERATORA" in theirs
    assert "TAJNE-CZŁONKA" not in theirs
    client.logout()
    public = client.get(url).content.decode()
    assert "TAJNE" not in public
    for key in _page_keys():
        assert "TAJNE" not in str(cache.get(key.split(":", 2)[2]))


def test_unpublished_drafts_are_never_cached(client, programme, version, coordinator):
    draft = build_version(programme, number=2, published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    coordinator_ids()  # who coordinates is kept too (teams.rules), apart from any page
    kept_before = _page_keys()
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response
    assert _page_keys() == kept_before
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


# ------------------------------------------------------------------------------
# The answers of one paragraph: its own page, or in place with htmx
# ------------------------------------------------------------------------------
def _answers_url(version: Any) -> str:
    return reverse("consultations:paragraph_answers", args=[version.programme.slug, 1, 1, 1])


def test_without_javascript_the_answers_are_a_page_of_their_own(client, version):
    _answered(version, text="Odpowiedź na paragraf.")
    response = client.get(_answers_url(version))
    html = response.content.decode()
    assert "<html" in html
    assert "Odpowiedź na paragraf." in html
    assert f'href="{version.get_absolute_url()}#p-1-1"' in html


def test_with_htmx_only_the_list_comes_back_and_is_cached(client, version):
    _answered(version, text="Odpowiedź na paragraf.")
    revisions_committed()
    response, miss = _get(client, _answers_url(version), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Odpowiedź na paragraf." in html
    assert "HX-Request" in response["Vary"]
    again, hit = _get(client, _answers_url(version), HTTP_HX_REQUEST="true")
    assert again.content == response.content
    assert hit < miss
    # The paragraph; the version is kept in the process, the revision and the list in the cache.
    assert hit == 1


def test_document_answers_page(client, version):
    comment = CommentFactory(
        paragraph=None,
        version=version,
        current_wording="",
        answer="explained",
        answer_justification="O całości.",
    )
    Comment.objects.filter(pk=comment.pk).update(answer_published_at=comment.submitted_at)
    url = reverse("consultations:document_answers", args=[version.programme.slug, 1])
    assert "O całości." in client.get(url).content.decode()
    assert url in client.get(version.get_absolute_url()).content.decode()


def test_a_heading_or_a_missing_paragraph_has_no_answers_page(client, version):
    url = reverse("consultations:paragraph_answers", args=[version.programme.slug, 1, 9, 9])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "published", "status"),
    [
        *(
            (role, True, 200)
            for role in ("anonymous", "member", "other_team_member", "moderator", "coordinator")
        ),
        *((role, False, 404) for role in ("anonymous", "member", "other_team_member", "moderator")),
        ("coordinator", False, 200),
    ],
)
def test_answers_page_permissions(client, as_role, programme, version, role, published, status):
    target = version if published else build_version(programme, number=2, published=False)
    as_role(role)
    url = reverse("consultations:paragraph_answers", args=[programme.slug, target.number, 1, 1])
    assert client.get(url).status_code == status
    document = reverse("consultations:document_answers", args=[programme.slug, target.number])
    assert client.get(document, HTTP_HX_REQUEST="true").status_code == status


def test_the_counts_read_only_this_versions_rows_through_the_covering_index(version):

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    with connection.cursor() as cursor:
        # A test table is tiny, so the planner would read it whole, and between two index
        # paths of equal (tiny) cost it picks by the statistics of the moment: leave it only
        # index-only scans, which exist for an index that holds every column asked.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    queryset = (
        Comment.objects.filter(version=version)
        .exclude(status=Comment.Status.WITHDRAWN)
        .order_by()
        .values("paragraph_id", "status", "answer")
        .annotate(n=Count("*"), published=Count("answer_published_at"))
    )
    plan = queryset.explain()
    assert "Index Only Scan using comment_version_para_status" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert selectors.version_position_counts(version) == []


# ------------------------------------------------------------------------------
# The report and the diff
# ------------------------------------------------------------------------------
def test_the_report_is_cached_for_the_public_and_renewed_by_publishing(
    client, version, coordinator
):
    paragraph = version.sections.get(position=1).paragraphs.get(number=1)
    comment = CommentFactory(
        paragraph=paragraph, answer="rejected", answer_justification="Nie tym razem."
    )
    url = reverse("consultations:report", args=[version.programme.slug])
    with time_machine.travel(AFTER, tick=False):
        first = client.get(url)
        assert "Nie tym razem." not in first.content.decode()
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        services.comment_answers_publish(comments=[comment], by=coordinator, now=AFTER)
        fresh = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert fresh.status_code == 200
        assert "Nie tym razem." in fresh.content.decode()


def test_coordinators_report_shows_claims_and_is_never_shared(client, version, coordinator):
    url = reverse("consultations:report", args=[version.programme.slug])
    client.get(url)  # the public copy is in the cache
    client.force_login(coordinator)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_the_diff_of_two_published_versions_is_cached(client, programme, version):
    build_version(programme, number=2)
    url = reverse("consultations:draft_diff", args=[programme.slug, 1, 2])
    first, miss = _get(client, url)
    assert first.status_code == 200
    second, hit = _get(client, url)
    assert second.status_code == 200
    assert hit < miss
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_confirming_a_representation_names_the_organisation_in_the_answers(client, version):
    from teams.models import Representative

    comment = _answered(version, text="Odpowiedź dla fundacji.")
    comment.organisation.name = "Fundacja Jawna"
    comment.organisation.save()
    html = client.get(_answers_url(version)).content.decode()
    assert "Fundacja Jawna" not in html  # a claim nobody confirmed is not public
    Representative.objects.create(
        user=comment.author, organisation=comment.organisation, status="confirmed"
    )
    assert "Fundacja Jawna" in client.get(_answers_url(version)).content.decode()


# ------------------------------------------------------------------------------
# Whole responses for anonymous readers (core.pagecache.shared_response)
# ------------------------------------------------------------------------------
def _nonce(response: Any) -> str:
    match = re.search(r'<style nonce="([^"]+)"', response.content.decode())
    assert match, "the layout's inline style carries a nonce"
    return match.group(1)


def _csrf_field(response: Any) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the language form carries a CSRF token"
    return match.group(1)


def test_an_anonymous_hit_runs_no_query_and_fills_in_its_own_nonce_and_token(
    client, version, during
):
    revisions_committed()
    url = version.get_absolute_url()
    first, miss = _get(client, url)
    client.cookies.clear()  # a new reader: no CSRF cookie either
    second, hit = _get(client, url)
    assert miss > 0
    assert hit == 0
    assert _article(first) == _article(second)
    assert first["ETag"] == second["ETag"]
    # Per request: the CSP nonce in the header is the one in the page, never a stored one.
    assert _nonce(second) != _nonce(first)
    assert f"'nonce-{_nonce(second)}'" in second["Content-Security-Policy"]
    assert "\x00" not in second.content.decode()
    # Sent as chunks: the length the server announces is the length of what it sends.
    assert int(second["Content-Length"]) == len(second.content)
    # The CSRF token is this reader's: the language form posts with it.
    csrf = Client(enforce_csrf_checks=True)
    page = csrf.get(url)
    posted = csrf.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": _csrf_field(page), "language": "en", "next": url},
    )
    assert posted.status_code == 302


def test_a_kept_response_revalidates_with_a_304_without_a_query(client, version, during):
    revisions_committed()
    url = version.get_absolute_url()
    etag = client.get(url)["ETag"]
    response, queries = _get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, queries) == (304, 0)


def test_a_kept_response_ends_when_a_phase_ends_by_the_clock_alone(client, version):
    url = version.get_absolute_url()
    with time_machine.travel(PHASE_END - dt.timedelta(minutes=1), tick=False):
        revisions_committed()
        assert "alert-success" in client.get(url).content.decode()
        _, hit = _get(client, url)
        assert hit == 0
    # Nothing was bumped: only the moment passed.
    with time_machine.travel(PHASE_END + dt.timedelta(minutes=1), tick=False):
        after, queries = _get(client, url)
    assert queries > 0
    assert "alert-success" not in after.content.decode()


def test_a_kept_response_ends_with_a_new_revision(client, version, during):
    revisions_committed()
    url = version.get_absolute_url()
    client.get(url, **EN)
    assert "1 answered" not in client.get(url, **EN).content.decode()
    _answered(version)  # bumps the programme's revision, as the services do
    revisions_committed()
    assert "1 answered" in client.get(url, **EN).content.decode()


def test_editing_the_local_government_renews_every_kept_page(client, version, during):
    revisions_committed()
    url = version.get_absolute_url()
    client.get(url)
    municipality = version.programme.municipality
    municipality.name = "Gmina Testowa (zmieniona)"
    municipality.save()
    revisions_committed()
    assert "Gmina Testowa (zmieniona)" in client.get(url).content.decode()


def test_a_reader_with_a_session_or_messages_is_never_served_a_kept_page(
    client, version, during, member
):
    revisions_committed()
    url = version.get_absolute_url()
    client.get(url)
    client.force_login(member)
    response, queries = _get(client, url)
    assert queries > 0
    assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies["messages"] = "x"
    _, queries = _get(client, url)
    assert queries > 0


def test_a_404_and_an_unpublished_draft_are_never_kept(client, programme, version, coordinator):
    revisions_committed()
    draft = build_version(programme, number=2, published=False)
    revisions_committed()
    for _ in range(2):
        assert client.get(draft.get_absolute_url()).status_code == 404
    assert not [k for k in cache._cache if pagecache.RESPONSE_PREFIX in k]  # type: ignore[attr-defined]
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_report_and_the_diff_are_kept_for_anonymous_readers(client, programme, version):
    revisions_committed()
    second = version_with_sections(programme, number=2, published=True)
    revisions_committed()
    for url in (
        reverse("consultations:report", args=[programme.slug]),
        reverse("consultations:draft_diff", args=[programme.slug, 1, 2]),
    ):
        first, miss = _get(client, url)
        again, hit = _get(client, url)
        assert first.status_code == again.status_code == 200
        assert miss > 0, url
        assert hit == 0, url
    assert second.is_published


# ------------------------------------------------------------------------------
# The page around a logged-in reader's own parts (core.pagecache.personal_page)
# ------------------------------------------------------------------------------
def test_a_kept_logged_in_page_carries_this_requests_token_and_nonce(version, during, member):
    revisions_committed()
    url = version.get_absolute_url()
    warm = Client()
    warm.force_login(member)
    warm.get(url)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(member)
    page = reader.get(url)
    assert f"'nonce-{_nonce(page)}'" in page["Content-Security-Policy"]
    assert _nonce(page) != _nonce(warm.get(url))
    assert "\x00" not in page.content.decode()
    assert int(page["Content-Length"]) == len(page.content)
    assert "private" in page["Cache-Control"]
    # The logout form of the kept page posts with this reader's own token.
    logged_out = reader.post(reverse("account_logout"), {"csrfmiddlewaretoken": _csrf_field(page)})
    assert logged_out.status_code == 302


def test_the_administration_link_is_a_variant_of_its_own(
    client, version, during, member, coordinator
):
    revisions_committed()
    url = version.get_absolute_url()
    admin_url = reverse("admin:index")
    member.is_staff = True
    member.save()
    client.force_login(member)
    assert admin_url in client.get(url).content.decode()
    other = Client()
    other.force_login(verify_email(CommentFactory().author))
    assert admin_url not in other.get(url).content.decode()


def test_a_message_is_shown_once_and_never_kept(client, version, during, member):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    revisions_committed()
    url = version.get_absolute_url()
    client.force_login(member)
    client.get(url)
    storage = CookieStorage(RequestFactory().get("/"))
    response = HttpResponse()
    storage._store([Message(constants.SUCCESS, "Uwaga zapisana jako pierwsza.")], response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert "Uwaga zapisana jako pierwsza." in client.get(url).content.decode()
    assert "Uwaga zapisana jako pierwsza." not in client.get(url).content.decode()


# ------------------------------------------------------------------------------
# The version kept in the process under its programme's revision (pagecache.current)
# ------------------------------------------------------------------------------
def test_a_renamed_programme_no_longer_answers_at_its_old_address(client, version, member):
    client.force_login(member)
    url = version.get_absolute_url()
    assert client.get(url).status_code == 200
    programme = version.programme
    programme.slug = "nowy-adres"
    programme.save()  # as the admin saves it: the programme's revision moves
    assert client.get(url).status_code == 404
    version.refresh_from_db()
    assert client.get(version.get_absolute_url()).status_code == 200


def test_a_version_deleted_by_anyone_is_gone_from_the_kept_copies(
    client, programme, version, coordinator
):
    draft = build_version(programme, number=2, published=False)
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 200
    url = draft.get_absolute_url()
    draft.delete()  # past the services: its own signal moves the programme's revision
    assert client.get(url).status_code == 404


def test_the_answers_links_resolve_from_the_draft_and_no_marker_is_left(client, version, during):
    _answered(version)
    url = version.get_absolute_url()
    html = client.get(url).content.decode()
    hrefs = re.findall(r'<div class="answers"><a href="([^"]+)"', html)
    assert hrefs
    for href in hrefs:
        section, number = re.fullmatch(r"paragraphs/(\d+)-(\d+)/answers/", href).groups()
        target = reverse(
            "consultations:paragraph_answers",
            args=[version.programme.slug, version.number, int(section), int(number)],
        )
        assert urljoin(url, href) == target
        assert client.get(target).status_code == 200
    # An anonymous page has nothing more to fill in: the own-comment markers are gone.
    assert "<!--slot:" not in html
