"""After erasure a comment reads "osoba fizyczna" or its confirmed organisation, everywhere.

docs/personal-data.md, "`/me/delete/` — erasure (art. 17)": the report page, its CSV, the API, the feed and the
search index use ``Comment.public_author``; the attribution is fixed at the erasure,
because the rows that confirmed the organisation go with the account.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from consultations.models import Comment
from consultations.tests.factories import CommentFactory, ParagraphFactory
from core.people import is_erased, public_name
from personal_data.services import account_erase
from search.selectors import parse_query, search
from search.services import index_rebuild
from teams.models import Representative
from teams.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(coordinator: Any) -> dict[str, Comment]:
    """One person's two published comments: as an expert, and for a confirmed organisation."""
    person = UserFactory(first_name="Ewelina", last_name="Zapomniana")
    paragraph = ParagraphFactory()
    now = timezone.now()
    organisation = OrganisationFactory(name="Fundacja Pamięci Trwałej")
    Representative.objects.create(
        user=person,
        organisation=organisation,
        status=Representative.Status.CONFIRMED,
        method=Representative.Method.COORDINATOR,
        confirmed_at=now,
        confirmed_by=coordinator,
        note="KRS sprawdzony",
    )
    common = {
        "paragraph": paragraph,
        "author": person,
        "answer": "accepted",
        "answer_justification": "Uwzględniono hipoterapię.",
        "answer_published_at": now,
    }
    expert = CommentFactory(capacity="expert", organisation=None, number=1, **common)
    for_org = CommentFactory(capacity="organisation", organisation=organisation, number=2, **common)
    return {"expert": expert, "organisation": for_org}


def _report(client: Any, comment: Comment) -> str:
    slug = comment.version.programme.slug
    return client.get(reverse("consultations:report", kwargs={"slug": slug})).content.decode()


def test_before_erasure_the_capacity_and_the_organisation_show(
    client: Any, comments: dict[str, Comment]
) -> None:
    html = _report(client, comments["expert"])
    assert "osoba fizyczna" not in html
    assert "Fundacja Pamięci Trwałej" in html


def test_after_erasure_osoba_fizyczna_or_the_organisation_everywhere(
    client: Any,
    comments: dict[str, Comment],
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = comments["expert"].author
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person, by=coordinator, reason="Wniosek z 1 grudnia (e-mail)")
    expert = Comment.objects.get(pk=comments["expert"].pk)
    for_org = Comment.objects.get(pk=comments["organisation"].pk)
    with override("pl"):
        assert expert.public_author == "osoba fizyczna"
        assert for_org.public_author == "Fundacja Pamięci Trwałej"  # its rows are gone, kept
    assert not Representative.objects.filter(user=person).exists()
    last = expert.history.latest("history_date")
    assert last.history_user == coordinator
    assert last.history_change_reason == "author's account erased (RODO art. 17)"

    slug = expert.version.programme.slug
    html = _report(client, expert)
    assert "osoba fizyczna" in html
    assert "Fundacja Pamięci Trwałej" in html
    csv = client.get(reverse("consultations:report_csv", kwargs={"slug": slug})).content.decode()
    assert "osoba fizyczna" in csv
    assert "Fundacja Pamięci Trwałej" in csv
    api = json.loads(client.get("/api/v1/comments/", {"programme": slug}).content)
    authors = {row["number"]: row for row in api["items"]}
    assert "osoba fizyczna" in json.dumps(authors[1], ensure_ascii=False)
    assert "Fundacja Pamięci Trwałej" in json.dumps(authors[2], ensure_ascii=False)
    for secret in ("Ewelina", "Zapomniana", person.email):
        assert secret not in html
        assert secret not in csv
    # The search index shows the new label (reindexed on commit, or by a rebuild).
    index_rebuild()
    found = [e.text for e in search(query=parse_query("hipoterapia"))]
    assert any("osoba fizyczna" in text for text in found)


def test_an_erased_official_is_named_osoba_fizyczna_never_by_the_username(
    coordinator: Any,
) -> None:
    official = UserFactory(first_name="Olga", last_name="Urzędniczka")
    account_erase(user=official, by=coordinator, reason="Wniosek")
    official.refresh_from_db()
    assert is_erased(official)
    with override("pl"):
        assert public_name(official) == "osoba fizyczna"
    assert public_name(coordinator) == (coordinator.get_full_name() or coordinator.username)
    assert public_name(None, default="–") == "–"
