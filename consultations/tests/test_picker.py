"""The comment → paragraph picker (issue 10, item 7) and the diff's "deleted" note."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations import selectors
from consultations.diff import version_diff
from consultations.models import Comment, DraftVersion
from consultations.tests.conftest import build_version
from consultations.tests.factories import CommentFactory, ParagraphFactory, SectionFactory
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(programme):
    """Version 2 drops § 1.2 of version 1 and changes § 1.1."""
    old = build_version(programme, number=1, sections=1, paragraphs=2)
    new = DraftVersion.objects.create(
        programme=programme, number=2, title="Projekt", status="draft"
    )
    section = SectionFactory(version=new, position=1, title="Rozdział 1")
    ParagraphFactory(section=section, number=1, text="Treść paragrafu 1.1 — zmieniona.")
    DraftVersion.objects.filter(pk=new.pk).update(status="published", published_at=old.published_at)
    new.refresh_from_db()
    return old, new


def test_search_by_section_mark(programme, two_versions):
    _old, _new = two_versions
    choices = selectors.paragraph_search(programme, "§ 1.2")
    assert [c.reference for c in choices] == ["w. 1 § 1.2"]
    assert choices[0].deleted_in == 2


def test_search_by_text_finds_every_version(programme, two_versions):
    refs = {c.reference for c in selectors.paragraph_search(programme, "paragrafu 1.1")}
    assert refs == {"w. 1 § 1.1", "w. 2 § 1.1"}


def test_a_reference_resolves_in_the_default_version(programme, two_versions):
    old, new = two_versions
    assert selectors.paragraph_resolve(programme, "§ 1.1", default_version=2).section.version == new
    assert selectors.paragraph_resolve(programme, "w. 1 § 1.2").section.version == old
    assert selectors.paragraph_resolve(programme, "1.2", default_version=2) is None


def test_a_comment_linked_to_a_deleted_paragraph_shows_in_the_diff(programme, two_versions):
    old, new = two_versions
    gone = old.sections.get().paragraphs.get(number=2)
    CommentFactory(
        version=old, paragraph=gone, number=1, answer="accepted", resulting_paragraph=gone
    )
    diff = version_diff(old, new)
    deleted = [p for s in diff.sections for p in s.paragraphs if p.status == "deleted"]
    assert deleted
    assert [c.number for c in deleted[0].comments] == [1]


def test_the_diff_page_says_deleted_in_response(client, programme, two_versions):
    old, _new = two_versions
    gone = old.sections.get().paragraphs.get(number=2)
    CommentFactory(
        version=old, paragraph=gone, number=7, answer="accepted", resulting_paragraph=gone
    )
    html = client.get(
        reverse("consultations:draft_diff", args=[programme.slug, 1, 2]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Deleted in response to comment No. 7" in html


def test_the_seeded_comment_no_10_is_noted_in_the_diff(client):
    seed_krakow()
    comment = Comment.objects.get(version__programme__slug=SEED_SLUG, version__number=1, number=10)
    assert comment.resulting_paragraph == comment.paragraph
    html = client.get(
        reverse("consultations:draft_diff", args=[SEED_SLUG, 1, 2]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Deleted in response to comment No. 10" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("other_team_member", 403),
        ("moderator", 403),
        ("coordinator", 200),
    ],
)
def test_picker_access(request, client, programme, two_versions, role, status):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    url = reverse("consultations:paragraph_search", args=[programme.slug])
    assert client.get(url, {"q": "§ 1.2"}).status_code == status
    pick = reverse("consultations:paragraph_pick", args=[programme.slug])
    assert (
        client.get(pick, {"field": "id_x", "name": "x", "value": "w. 1 § 1.2"}).status_code
        == status
    )


def test_the_picker_answers_htmx_with_a_fragment_and_plain_requests_with_a_page(
    client, programme, two_versions, coordinator
):
    client.force_login(coordinator)
    url = reverse("consultations:paragraph_search", args=[programme.slug])
    fragment = client.get(
        url, {"field": "id_ref", "name": "ref", "ref": "§ 1.2"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment
    assert "w. 1 § 1.2" in fragment
    assert "hx-get" in fragment
    page = client.get(url, {"q": "§ 1.2"}).content.decode()
    assert "<html" in page
    assert "w. 1 § 1.2" in page
    pick = client.get(
        reverse("consultations:paragraph_pick", args=[programme.slug]),
        {"field": "id_ref", "name": "ref", "value": "w. 1 § 1.2"},
    ).content.decode()
    assert 'value="w. 1 § 1.2"' in pick
    assert 'id="id_ref-picker"' in pick


def test_the_admin_links_a_deleted_paragraph_by_reference(
    client, programme, two_versions, coordinator
):
    old, _new = two_versions
    gone = old.sections.get().paragraphs.get(number=2)
    comment = CommentFactory(version=old, paragraph=gone, number=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_comment_change", args=[comment.pk]),
        {
            "answer": "accepted",
            "answer_justification": "Skreślono.",
            "correction_reason": "",
            "resulting_paragraph_ref": "w. 1 § 1.2",
            "not_a_comment_kind": "",
            "not_a_comment_reason": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    comment.refresh_from_db()
    assert comment.resulting_paragraph == gone
    page = client.get(
        reverse("admin:consultations_comment_change", args=[comment.pk])
    ).content.decode()
    assert 'value="w. 1 § 1.2"' in page
    assert "htmx.min.js" in page


def test_the_admin_explains_an_unknown_reference_and_keeps_it(
    client, programme, two_versions, coordinator
):
    old, _new = two_versions
    comment = CommentFactory(version=old, paragraph=old.sections.get().paragraphs.first(), number=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_comment_change", args=[comment.pk]),
        {
            "answer": "accepted",
            "answer_justification": "Tak.",
            "correction_reason": "",
            "resulting_paragraph_ref": "paragrafu 1.1",
            "not_a_comment_kind": "",
            "not_a_comment_reason": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["resulting_paragraph_ref"]
    assert "w. 2 § 1.1" in str(errors)
