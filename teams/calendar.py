"""iCalendar files for meetings and a team's calendar feed (built by core.ical)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from core.dates import shifted
from core.ical import add_event, new_calendar
from teams.models import Meeting


def meetings_ics(meetings: Iterable[Meeting], name: str, *, producer: str) -> bytes:
    """One VCALENDAR with an event per meeting (times in UTC, as calendars expect)."""
    calendar = new_calendar(name=name, producer=producer, product="sector teams")
    for meeting in meetings:
        add_event(
            calendar,
            uid=f"meeting-{meeting.pk}",
            start=meeting.starts_at,
            end=meeting.ends_at or shifted(meeting.starts_at, dt.timedelta(hours=2)),
            summary=f"{meeting.title} — {meeting.team.name}",
            location=meeting.place,
            url=settings.SITE_URL + meeting.get_absolute_url(),
            stamp=meeting.starts_at,
        )
    return calendar.to_ical()
