"""One iCalendar builder for every feed (team meetings, a programme's deadlines).

Times go out in UTC or as all-day Warsaw dates; the calendar announces Europe/Warsaw
so that readers show them in the city's time.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core.bounds import YEAR_MAX, YEAR_MIN

logger = logging.getLogger(__name__)


def site_host(site_url: str | None = None) -> str:
    """The host part of the portal's address, used in UIDs (stable across paths)."""
    url = site_url if site_url is not None else settings.SITE_URL
    return url.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def new_calendar(*, name: str, producer: str, product: str) -> Calendar:
    """An empty VCALENDAR named ``name``; ``producer`` is who publishes it (the council)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{producer}//{product}//PL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    return calendar


def add_event(
    calendar: Calendar,
    *,
    uid: str,
    start: dt.date | dt.datetime,
    end: dt.date | dt.datetime,
    summary: str,
    description: str = "",
    url: str = "",
    location: str = "",
    stamp: dt.datetime | None = None,
    transparent: bool = False,
) -> Event | None:
    """Add one event; a ``date`` start makes it all-day (a deadline is a whole Warsaw day).

    An event dated outside the portal's years (a row stored before the date constraints,
    docs/operations.md, "Bounded input") is left out of the feed, not allowed to break it:
    calendar programs cannot show year 1 or 9999 either.
    """
    if not all(YEAR_MIN <= moment.year <= YEAR_MAX for moment in (start, end)):
        logger.warning("Event %s left out of the calendar: %s–%s", uid, start, end)
        return None
    event = Event()
    event.add("uid", f"{uid}@{site_host()}")
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if transparent:
        event.add("transp", "TRANSPARENT")
    calendar.add_component(event)
    return event
