"""Differences between two versions: paragraphs, words, moves and the comments behind them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.diff import Fold, version_diff, word_diff
from consultations.models import Comment, DraftVersion, Paragraph
from consultations.tests.factories import CommentFactory, version_with_sections
from core.testing import revisions_committed
from krakow_ngo.seed.loader import SEED_SLUG, seed_krakow

pytestmark = pytest.mark.django_db

GOALS_V1 = [
    "Pierwszy akapit bez zmian.",
    "Drugi akapit zostanie usunięty w całości z dokumentu.",
    "Trzeci akapit mówi o współpracy finansowej gminy z organizacjami.",
    "Czwarty akapit o zasadach jawności przeniesiemy do innej części.",
]
GOALS_V2 = [
    "Pierwszy akapit bez zmian.",
    "Trzeci akapit mówi o współpracy finansowej i pozafinansowej gminy z organizacjami.",
    "Zupełnie nowy akapit o ekonomii społecznej i spółdzielniach socjalnych.",
]
PRINCIPLES_V2 = [
    "Treść sekcji 2: zażółć gęślą jaźń.",
    "Czwarty akapit o zasadach jawności przeniesiemy do innej części.",
]


@pytest.fixture
def versions(programme):
    v1 = version_with_sections(programme, number=1, published=True, texts={"goals": GOALS_V1})
    v2 = version_with_sections(
        programme,
        number=2,
        published=True,
        texts={"goals": GOALS_V2, "principles": PRINCIPLES_V2},
    )
    return v1, v2


def _paragraphs(diff, position):
    return next(s for s in diff.sections if s.position == position).paragraphs


def test_word_diff_marks_inserted_and_deleted_words():
    segments = word_diff("kwotę nie mniej niż 60 000 000 zł", "kwotę nie mniej niż 62 000 000 zł")
    assert [(s.kind, s.text) for s in segments if s.kind != "equal"] == [
        ("delete", "60"),
        ("insert", "62"),
    ]
    rebuilt_old = "".join(s.text for s in segments if s.kind != "insert")
    rebuilt_new = "".join(s.text for s in segments if s.kind != "delete")
    assert rebuilt_old == "kwotę nie mniej niż 60 000 000 zł"
    assert rebuilt_new == "kwotę nie mniej niż 62 000 000 zł"


def test_word_diff_merges_neighbouring_words_into_one_change():
    segments = word_diff("Zespoły spotykają się dwa razy", "Zespoły zbierają się trzy razy")
    changes = [(s.kind, s.text) for s in segments if s.kind != "equal"]
    assert changes == [
        ("delete", "spotykają"),
        ("insert", "zbierają"),
        ("delete", "dwa"),
        ("insert", "trzy"),
    ]
    assert word_diff("a b c", "x y z")[0].text == "a b c"


def test_diff_finds_unchanged_changed_inserted_and_deleted_paragraphs(versions):
    diff = version_diff(*versions)
    goals = _paragraphs(diff, 1)
    assert [(p.status, p.old_label, p.new_label) for p in goals] == [
        ("unchanged", "1.1", "1.1"),
        ("deleted", "1.2", ""),
        ("changed", "1.3", "1.2"),
        ("moved_out", "1.4", ""),
        ("inserted", "", "1.3"),
    ]
    changed = goals[2]
    assert [(s.kind, s.text.strip()) for s in changed.segments if s.kind != "equal"] == [
        ("insert", "i pozafinansowej"),
    ]


def test_diff_recognises_a_paragraph_moved_to_another_section(versions):
    diff = version_diff(*versions)
    moved_out = next(p for p in _paragraphs(diff, 1) if p.status == "moved_out")
    moved_in = next(p for p in _paragraphs(diff, 2) if p.status == "moved_in")
    assert moved_out.moved_label == "2.2"
    assert moved_in.moved_label == "1.4"
    assert not moved_in.has_word_changes
    assert diff.counts["moved_in"] == 1


def test_unchanged_sections_and_runs_of_paragraphs_are_folded(versions):
    diff = version_diff(*versions)
    assert [s.status for s in diff.sections].count("changed") == 2
    assert diff.sections[2].status == "unchanged"
    goals = next(s for s in diff.sections if s.position == 1)
    folded = goals.items[0]
    assert isinstance(folded, Fold)
    assert [p.new_label for p in folded.paragraphs] == ["1.1"]


def test_diff_shows_the_comment_that_caused_a_change(versions):
    v1, v2 = versions
    commented = Paragraph.objects.get(section__version=v1, text=GOALS_V1[2])
    result = Paragraph.objects.get(section__version=v2, text=GOALS_V2[1])
    comment = CommentFactory(
        paragraph=commented,
        version=v1,
        number=7,
        answer=Comment.Answer.PARTLY_ACCEPTED,
        resulting_paragraph=result,
    )
    CommentFactory(
        paragraph=commented,
        version=v1,
        number=8,
        answer=Comment.Answer.REJECTED,
        resulting_paragraph=result,  # a rejected comment changed nothing: not shown
    )
    diff = version_diff(v1, v2)
    changed = _paragraphs(diff, 1)[2]
    assert changed.comments == [comment]


# ------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------
def _url(version_a: DraftVersion, version_b: DraftVersion) -> str:
    return reverse(
        "consultations:draft_diff",
        kwargs={
            "slug": version_a.programme.slug,
            "number": version_a.number,
            "other": version_b.number,
        },
    )


def test_the_page_highlights_words_readably_without_colour(client, versions):
    v1, v2 = versions
    commented = Paragraph.objects.get(section__version=v1, text=GOALS_V1[2])
    CommentFactory(
        paragraph=commented,
        version=v1,
        number=12,
        answer=Comment.Answer.ACCEPTED,
        resulting_paragraph=Paragraph.objects.get(section__version=v2, text=GOALS_V2[1]),
    )
    with translation.override("en"):
        response = client.get(_url(v1, v2), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<ins><span class="visually-hidden">\[inserted: </span>\s*i pozafinansowej\s*'
        r'<span class="visually-hidden">\]</span></ins>',
        html,
    )
    assert '<span class="visually-hidden">[deleted paragraph: </span>Drugi akapit' in html
    assert "moved from § 1.4" in html
    assert "moved to § 2.2" in html
    assert "Changed in response to comment No. 12" in html
    assert 'id="p-1-2"' in html  # the report can link to the changed paragraph
    assert f"/programmes/{v1.programme.slug}/report/#comment-1-12" in html
    assert "<details" in html
    assert "unchanged paragraph" in html


def test_the_page_reads_the_same_in_either_order(client, versions):
    v1, v2 = versions
    forward = client.get(_url(v1, v2), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    backward = client.get(_url(v2, v1), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    def main(html: str) -> str:
        return html[html.index("<main") : html.index("</main>")]

    assert main(forward) == main(backward)


def test_the_page_of_the_seeded_versions_shows_every_seeded_change(client):
    seed_krakow()
    programme_versions = DraftVersion.objects.filter(programme__slug=SEED_SLUG)
    v1, v2 = programme_versions.get(number=1), programme_versions.get(number=2)
    diff = version_diff(v1, v2)
    assert diff.counts == {"unchanged": 46, "changed": 5, "inserted": 2, "deleted": 1}
    html = client.get(_url(v1, v2)).content.decode()
    assert re.search(r"<del><span[^>]*>\[[^<]*</span>60<span", html)
    assert re.search(r"<ins><span[^>]*>\[[^<]*</span>62<span", html)


def test_the_page_uses_a_fixed_number_of_queries(client, versions, django_assert_max_num_queries):
    # 12 = the diff's own 9 + the layout's local government (one query per page) + which
    # comments deleted a paragraph of the older version (the record's "deleted in
    # response to comment No. N") + the revisions the cached copy is keyed by
    # (docs/architecture.md, "Caching"), read from their rows on a cold cache.
    revisions_committed()
    with django_assert_max_num_queries(12):
        client.get(_url(*versions))
    # Then the whole response is kept for anonymous readers (core.pagecache.shared_response).
    with django_assert_max_num_queries(0):
        client.get(_url(*versions))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 200),
        ("member", 200),
        ("other_team_member", 200),
        ("moderator", 200),
        ("coordinator", 200),
    ],
)
def test_everyone_reads_the_diff_of_published_versions(role, status, as_role, client, versions):
    as_role(role)
    assert client.get(_url(*versions)).status_code == status
    assert client.post(_url(*versions)).status_code == 405  # a page to read, nothing to post


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("other_team_member", 404),
        ("moderator", 404),
        ("coordinator", 200),
    ],
)
def test_only_coordinators_diff_an_unpublished_version(role, status, as_role, client, programme):
    v1 = version_with_sections(programme, number=1, published=True)
    draft = version_with_sections(programme, number=2)
    as_role(role)
    response = client.get(_url(v1, draft))
    assert response.status_code == status
    if status == 200:
        assert "no-store" in response["Cache-Control"]
    assert client.post(_url(v1, draft)).status_code == 405


def test_missing_versions_and_a_version_against_itself_are_not_found(client, versions):
    v1, _v2 = versions
    assert client.get(_url(v1, v1)).status_code == 404
    missing = reverse(
        "consultations:draft_diff", kwargs={"slug": v1.programme.slug, "number": 1, "other": 9}
    )
    assert client.get(missing).status_code == 404
