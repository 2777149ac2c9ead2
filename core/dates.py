"""Warsaw calendar days: every deadline of the portal is a day in Europe/Warsaw.

"7 days left" means the deadline falls on the 7th Warsaw date after today, whatever
the UTC offset did in between (summer time); see docs/domain.md, "Deadlines".
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.utils import timezone

WARSAW = ZoneInfo("Europe/Warsaw")

_Moment = TypeVar("_Moment", dt.date, dt.datetime)


def shifted(value: _Moment, delta: dt.timedelta) -> _Moment:
    """``value + delta``, or ``value`` itself where the sum leaves Python's calendar.

    Rows stored before the date constraints may lie at year 1 or 9999 (docs/operations.md,
    "Bounded input"); a page adding two hours to such a meeting must not fail.
    """
    try:
        return value + delta
    except OverflowError:
        return value


def warsaw_midnight(day: dt.date) -> dt.datetime:
    """The instant a calendar day starts in Warsaw (deadlines are Warsaw days)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=WARSAW)


def warsaw_date(value: dt.datetime) -> dt.date:
    """The Warsaw calendar day an instant falls on."""
    return timezone.localtime(value, WARSAW).date()


def days_inclusive(start: dt.datetime, end: dt.datetime) -> int:
    """Warsaw calendar days from ``start`` to ``end``, both ends counted (1–14 September is 14)."""
    return (warsaw_date(end) - warsaw_date(start)).days + 1
