"""The public draft: a readable document with anchors, counts and published answers."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Comment, Paragraph, Section
from consultations.tests.factories import (
    CommentFactory,
    DraftVersionFactory,
    PhaseFactory,
    ProgrammeFactory,
)
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_draft_shows_contents_sections_and_paragraph_anchors(client, version, during):
    html = client.get(version.get_absolute_url(), **EN).content.decode()
    assert 'href="#s-2"' in html
    assert 'id="p-2-3"' in html
    assert 'href="#p-2-3"' in html
    assert "Treść paragrafu 2.3 — zażółć." in html
    assert "Comments are open" in html
    comment_link = reverse("consultations:comment_create", args=[version.programme.slug, 1])
    assert f"{comment_link}?paragraph=2-3" in html


def test_paragraphs_show_their_counts_and_link_their_published_answers_only(
    client, version, during
):
    paragraph = version.sections.get(position=1).paragraphs.get(number=1)
    CommentFactory(paragraph=paragraph, proposed_wording="Bez odpowiedzi")
    answered = CommentFactory(
        paragraph=paragraph,
        proposed_wording="Z odpowiedzią",
        answer="explained",
        answer_justification="Wyjaśniamy.",
    )
    Comment.objects.filter(pk=answered.pk).update(answer_published_at=answered.submitted_at)
    html = client.get(version.get_absolute_url(), **EN).content.decode()
    assert "2 comments, 1 answered" in html
    # Answers are not inlined (docs/architecture.md, "Caching"): a link loads them.
    assert "Wyjaśniamy." not in html
    answers_url = reverse("consultations:paragraph_answers", args=[version.programme.slug, 1, 1, 1])
    assert 'href="paragraphs/1-1/answers/"' in html  # relative to the draft's address
    assert urljoin(version.get_absolute_url(), "paragraphs/1-1/answers/") == answers_url
    answers = client.get(answers_url, **EN).content.decode()
    assert "Z odpowiedzią" in answers
    assert "Wyjaśniamy." in answers
    assert "Bez odpowiedzi" not in answers


def test_closed_consultation_says_when_it_closed_and_offers_no_form_link(client, version):
    html = client.get(version.get_absolute_url(), **EN).content.decode()
    assert "The consultation closed on" in html
    assert "?paragraph=" not in html


def _document(paragraphs: int, comments: int):
    """A version open for comments in a programme of its own (so each is "current")."""
    programme = ProgrammeFactory()
    PhaseFactory(programme=programme)
    version = DraftVersionFactory(programme=programme, number=1)
    sections = Section.objects.bulk_create(
        Section(version=version, position=n, kind="free", title=f"Rozdział {n}")
        for n in range(1, 11)
    )
    per_section = paragraphs // 10
    paras = Paragraph.objects.bulk_create(
        Paragraph(section=s, number=n, text=f"Paragraf {s.position}.{n}")
        for s in sections
        for n in range(1, per_section + 1)
    )
    if comments:
        author = UserFactory()
        organisation = OrganisationFactory()
        Comment.objects.bulk_create(
            Comment(
                version=version,
                paragraph=paras[i % len(paras)],
                number=i + 1,
                author=author,
                organisation=organisation,
                proposed_wording=f"Uwaga {i}",
                justification="Uzasadnienie",
                answer="accepted" if i % 2 else "",
                answer_justification="Tak" if i % 2 else "",
                answer_published_at=version.published_at if i % 2 else None,
            )
            for i in range(comments)
        )
    return version


def _queries(client, version) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    return len(ctx.captured_queries)


# The first request after a change renders the document. Anonymous: version, the
# programme's revision (a cache miss reads its row), the version again (read after the
# revision, it is kept in the process under it: core.pagecache.current), the version
# under consultation and the open phase (comment window), the organisations' revision,
# sections, paragraphs, the grouped counts (the heat map uses them too), the previous
# readable version, the adoption record, the metryczka's people, the layout's local
# government (MUNICIPALITY), and the phases' starts and ends (when the kept whole
# response ends, core.pagecache.shared_response) = 14. Logged in: + session, user and
# the person's own comments = 17 (who coordinates is read once per change of the group,
# here by the first request: teams.rules.coordinator_ids). The same for 10 or 300
# paragraphs, 0 or 2,000 comments.
@pytest.mark.parametrize(("role", "expected"), [("anonymous", 14), ("member", 17)])
def test_the_draft_page_makes_the_same_number_of_queries_whatever_its_size(
    client, request, during, role, expected
):
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    _queries(client, _document(10, 0))  # the first request also reads who coordinates
    counts = {
        (paragraphs, comments): _queries(client, _document(paragraphs, comments))
        for paragraphs in (10, 300)
        for comments in (0, 2000)
    }
    assert set(counts.values()) == {expected}, counts
