"""Search: Polish queries on the seed, nothing unpublished, index kept on publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.tests.factories import CommentFactory, ParagraphFactory, version_with_sections
from search import selectors
from search.models import Entry
from search.services import index_rebuild
from teams import services as team_services
from teams.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search:search")


def _find(q: str, **filters: Any) -> list[Entry]:
    return selectors.search(query=selectors.parse_query(q), **filters)


@pytest.fixture
def seeded(demo_seed_class: Any, db: Any) -> None:
    """The demo, loaded once for the class that asks for it."""


# (query, filters, what the first result's text must contain, or the words some result
# must contain). Expected first results are the seed's own text (krakow_ngo/seed/).
QUERY_TABLE: list[tuple[str, dict[str, str], str | None, list[str]]] = [
    # The seed has no "organizacjach"; test_inflected_forms_share_a_lemma covers it.
    ("organizacja", {}, None, ["organizacjom", "organizacji", "organizacjami"]),
    ("wykluczenie", {}, None, ["wykluczeniem"]),
    ("wspolpraca", {"kind": "paragraph"}, "współprac", ["Współpraca", "współpracy"]),
    ("ekonomii spolecznej", {"kind": "paragraph"}, "rozwój podmiotów ekonomii społecznej", []),
    ("komisji konkursowej", {"kind": "paragraph"}, "komisji konkursowej", []),
    ('"ekonomii społecznej"', {"kind": "paragraph"}, "ekonomii społecznej", []),
]


def test_inflected_forms_share_a_lemma() -> None:
    from search.text import lemma

    forms = ["organizacja", "organizacjom", "organizacji", "organizacjach", "Organizacjami"]
    assert {lemma(f) for f in forms} == {"organizacja"}
    assert lemma("wykluczenie") == lemma("wykluczeniem")
    assert lemma("Współpraca") == "wspolpraca"


# --- nothing unpublished, for every role -------------------------------------------
SECRET = "Zzyzxgrzmot"


@pytest.fixture
def unpublished(programme: Any, team: Any, coordinator: Any) -> None:
    draft = version_with_sections(programme, texts={"goals": [f"{SECRET} w wersji roboczej."]})
    assert not draft.is_published
    published = version_with_sections(programme, published=True)
    paragraph = published.sections.first().paragraphs.first()
    CommentFactory(
        paragraph=paragraph,
        justification=f"{SECRET} w uwadze.",
        answer="rejected",
        answer_justification=f"{SECRET} w nieopublikowanej odpowiedzi.",
    )
    meeting = MeetingFactory(team=team, minutes=f"{SECRET} w protokole.")
    assert meeting.minutes_published_at is None
    index_rebuild()


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "other_team_member", "moderator", "coordinator"]
)
def test_unpublished_text_is_never_found(
    unpublished: None, as_role: Any, client: Any, role: str
) -> None:
    as_role(role)
    response = client.get(SEARCH_URL, {"q": SECRET.lower()})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert SECRET.encode() not in response.content.replace(
        b'value="' + SECRET.lower().encode(), b""
    )
    assert not Entry.objects.filter(text__icontains=SECRET).exists()


def test_the_page_answers_every_role(as_role: Any, client: Any, programme: Any) -> None:
    for role in ("anonymous", "member", "moderator", "coordinator"):
        as_role(role)
        assert client.get(SEARCH_URL).status_code == 200


def test_a_too_long_query_gets_a_message(client: Any, db: Any) -> None:
    response = client.get(SEARCH_URL, {"q": "a" * 201})
    assert response.status_code == 400
    assert "a" * 201 in response.content.decode()


# --- kept current by the publishing services (on commit) ---------------------------
def test_publishing_a_version_indexes_its_paragraphs(
    programme: Any,
    coordinator: Any,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the PDF task is not what this test is about
    version = version_with_sections(
        programme, texts={"goals": ["Organizacjom przysługuje wsparcie."]}
    )
    assert not _find("organizacja")
    with django_capture_on_commit_callbacks() as callbacks:
        consultation_services.version_publish(version=version, by=coordinator)
    assert not _find("organizacja"), "indexed before the commit"
    from consultations.models import DraftVersion
    from core.signals import public_record_changed

    # Run only the index callback (the other one queues the PDF on a broker).
    public_record_changed.send(sender=DraftVersion, pk=version.pk)
    assert len(callbacks) >= 1
    [entry] = _find("organizacja")
    assert entry.url.endswith("#p-1-1")


def test_publishing_answers_and_minutes_indexes_them(
    programme: Any,
    team: Any,
    moderator: Any,
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    version = version_with_sections(programme, published=True)
    comment = CommentFactory(
        paragraph=ParagraphFactory(section=version.sections.first(), number=99),
        justification="Brakuje wsparcia dla organizacji.",
        answer="accepted",
        answer_justification="Uwzględniono wykluczenie cyfrowe.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation_services.comment_answers_publish(
            comments=[comment], by=coordinator, now=timezone.now()
        )
    assert [e.kind for e in _find("wykluczeniem")] == ["comment"]

    meeting = MeetingFactory(team=team, starts_at=timezone.now() - dt.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        team_services.minutes_publish(
            meeting=meeting,
            by=moderator,
            minutes="Ustalono współpracę z radami dzielnic.",
            now=timezone.now(),
        )
    assert "minutes" in {e.kind for e in _find("wspolpraca")}


class TestOnTheSeededDemo:
    """Tests that read the demo, seeded once for the class (conftest.py, demo_seed_module)."""

    def test_polish_queries_find_inflected_and_unaccented_forms(self, seeded: None) -> None:
        for q, filters, first, somewhere in QUERY_TABLE:
            results = _find(q, **filters)
            assert results, q
            if first is not None:
                assert first.lower() in results[0].text.lower(), (q, results[0].title)
            texts = " ".join(e.text for e in results)
            for form in somewhere:
                assert form in texts, (q, form)

    def test_the_ekonomia_spoleczna_paragraph_links_to_its_anchor(
        self, seeded: None, client: Any
    ) -> None:
        response = client.get(SEARCH_URL, {"q": "ekonomii spolecznej", "kind": "paragraph"})
        assert response.status_code == 200
        first = response.context["results"][0]
        assert first["entry"].url.endswith("#p-5-3")
        assert "<mark>ekonomii</mark> <mark>społecznej</mark>" in str(first["snippet"])
        assert b"<mark>ekonomii</mark>" in response.content

    def test_a_phrase_needs_the_words_in_order(self, seeded: None) -> None:
        assert _find('"ekonomii społecznej"')
        assert not _find('"społecznej ekonomii"')
        assert _find("społecznej ekonomii")  # two words, any order

    def test_filters_narrow_by_programme_kind_and_team(self, seeded: None) -> None:
        from programmes.models import Programme
        from teams.models import SectorTeam

        seed = Programme.objects.get(slug="wpw-2012-2014")
        team = SectorTeam.objects.filter(programme=seed, slug="wykluczenie-spoleczne").get()
        assert {e.programme_id for e in _find("organizacja", programme_id=seed.pk)} == {seed.pk}
        assert {e.kind for e in _find("organizacja", kind="comment")} == {"comment"}
        assert {e.team_id for e in _find("wykluczenie", team_id=team.pk)} == {team.pk}

    def test_rebuild_command_gives_the_same_index(self, seeded: None) -> None:
        before = sorted(Entry.objects.values_list("group", "kind", "url"))
        Entry.objects.all().delete()
        call_command("rebuild_search", verbosity=0)
        assert sorted(Entry.objects.values_list("group", "kind", "url")) == before

    def test_comments_show_the_organisation_never_the_person(self, seeded: None) -> None:
        from consultations.models import Comment

        for entry in Entry.objects.filter(kind="comment"):
            comment = Comment.objects.get(
                pk=int(entry.group.split(":")[1]), answer_published_at__isnull=False
            )
            for name in (comment.author.first_name, comment.author.last_name):
                if name:
                    assert name not in entry.text
                    assert name not in entry.title
