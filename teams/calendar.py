"""iCalendar files for meetings and a team's calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event

from teams.models import Meeting


def _event(meeting: Meeting) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://", 1)[-1]
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("summary", f"{meeting.title} — {meeting.team.name}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2))
    event.add("dtstamp", meeting.starts_at)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    return event


def meetings_ics(meetings: Iterable[Meeting], name: str) -> bytes:
    """One VCALENDAR with an event per meeting (times in UTC, as calendars expect)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Krakow NGO consultations//teams//PL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    return calendar.to_ical()
