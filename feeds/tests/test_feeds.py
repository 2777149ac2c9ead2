"""Atom feeds parse, and carry an entry after each kind of publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.tests.factories import (
    CommentFactory,
    ParagraphFactory,
    representation_confirmed,
    version_with_sections,
)
from teams import services as team_services
from teams.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _parse(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def _categories(feed: Any) -> list[str]:
    return [entry.tags[0].term for entry in feed.entries]


def test_feeds_carry_each_kind_of_publication(
    client: Any, programme: Any, team: Any, moderator: Any, coordinator: Any
) -> None:
    url = reverse("feeds:programme", kwargs={"slug": programme.slug})
    assert _parse(client, url).entries == []

    version = version_with_sections(programme, published=True)
    feed = _parse(client, url)
    assert _categories(feed) == ["version"]
    assert feed.entries[0].link.endswith(version.get_absolute_url())

    comment = representation_confirmed(
        CommentFactory(
            paragraph=ParagraphFactory(section=version.sections.first(), number=99),
            answer="accepted",
            answer_justification="Uwzględniono.",
        )
    )
    programme.report_summary = "Podsumowanie konsultacji."
    programme.save()
    consultation_services.comment_answers_publish(
        comments=[comment], by=coordinator, now=timezone.now()
    )
    feed = _parse(client, url)
    assert {"answer", "report"} <= set(_categories(feed))
    answer = next(e for e in feed.entries if e.tags[0].term == "answer")
    assert comment.organisation.name in answer.summary
    assert comment.author.last_name not in answer.summary

    meeting = team_services.meeting_create(
        team=team, by=moderator, title="Spotkanie zespołu", starts_at=timezone.now()
    )
    team_services.minutes_publish(
        meeting=meeting,
        by=moderator,
        minutes="Ustalenia.",
        now=timezone.now() + dt.timedelta(hours=2),
    )
    feed = _parse(client, url)
    assert {"meeting", "minutes"} <= set(_categories(feed))
    # Newest first, and the portal feed holds the same entries.
    assert _categories(feed)[0] == "minutes"
    assert {e.id for e in feed.entries} == {
        e.id for e in _parse(client, reverse("feeds:portal")).entries
    }


def test_unpublished_versions_and_answers_stay_out(client: Any, programme: Any) -> None:
    version = version_with_sections(programme)
    CommentFactory(
        paragraph=ParagraphFactory(
            section=version_with_sections(programme, published=True).sections.first(), number=99
        ),
        answer="rejected",
        answer_justification="Nieopublikowane.",
    )
    MeetingFactory(minutes="Nieopublikowany protokół.")
    feed = _parse(client, reverse("feeds:programme", kwargs={"slug": programme.slug}))
    assert _categories(feed) == ["version"]
    assert f"/drafts/{version.number}/" not in feed.entries[0].link


def test_unknown_programme_is_404(client: Any, db: Any) -> None:
    assert client.get(reverse("feeds:programme", kwargs={"slug": "nie-ma"})).status_code == 404


def test_every_page_links_the_feeds_and_the_calendar(client: Any, programme: Any) -> None:
    home = client.get(reverse("consultations:home")).content.decode()
    assert f'rel="alternate" type="application/atom+xml" href="{reverse("feeds:portal")}"' in home
    page = client.get(programme.get_absolute_url()).content.decode()
    assert reverse("feeds:programme", kwargs={"slug": programme.slug}) in page
    assert reverse("reminders:programme_deadlines_ics", kwargs={"slug": programme.slug}) in page
