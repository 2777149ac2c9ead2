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


def test_a_timeline_change_is_news_with_who_when_and_why(
    client: Any, programme: Any, coordinator: Any
) -> None:
    """docs/feeds.md: a recorded change of a phase's dates is an entry, as public as the
    programme page's "History of timeline changes"."""
    from django.utils.translation import override

    from consultations.tests.factories import PhaseFactory
    from core.dates import WARSAW
    from reminders import services as reminder_services

    coordinator.first_name, coordinator.last_name = "Kamila", "Koordynatorka"
    coordinator.save()
    phase = PhaseFactory(programme=programme, name="Konsultacje projektu")
    url = reverse("feeds:programme", kwargs={"slug": programme.slug})
    assert "timeline" not in _categories(_parse(client, url))
    change = reminder_services.phase_reschedule(
        phase=phase,
        starts_at=phase.starts_at,
        ends_at=dt.datetime(2011, 9, 7, 23, 59, 59, tzinfo=WARSAW),
        reason="Prośba organizacji o dłuższy termin.",
        by=coordinator,
        now=dt.datetime(2011, 8, 15, 12, tzinfo=WARSAW),
    )
    with override("pl"):
        feed = _parse(client, url)
    entry = next(e for e in feed.entries if e.tags[0].term == "timeline")
    assert entry.title == "Termin konsultacji zmieniony: Konsultacje projektu"
    assert "Prośba organizacji o dłuższy termin." in entry.summary
    assert "Kamila Koordynatorka" in entry.summary
    assert "31 sierpnia 2011, 23:59" in entry.summary  # before
    assert "7 września 2011, 23:59" in entry.summary  # after
    assert "15 sierpnia 2011, 12:00" in entry.summary  # when it was changed
    assert entry.link.endswith(f"{programme.get_absolute_url()}#timeline-changes")
    assert entry.id.endswith(f"timeline-{change.pk}")
    assert entry.id in {e.id for e in _parse(client, reverse("feeds:portal")).entries}
    other = reverse("feeds:programme", kwargs={"slug": PhaseFactory().programme.slug})
    assert "timeline" not in _categories(_parse(client, other))
