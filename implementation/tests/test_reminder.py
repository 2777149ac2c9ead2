"""The coordinators' countdown to 31 May, in the reminders app's daily pass, across DST."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from core.dates import WARSAW
from implementation import services
from implementation.tests.factories import RecordFactory
from reminders.models import ReminderKind, ReminderOffset
from reminders.selectors import deadlines_between, reminders_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def offsets(db: Any) -> None:
    ReminderOffset.objects.all().delete()
    for days in (90, 60, 14, 7, 1, 0):
        ReminderOffset.objects.create(days=days)


def _report_dues(now: dt.datetime) -> list[Any]:
    return [
        d for d in reminders_due(now=now) if d.deadline.kind == ReminderKind.IMPLEMENTATION_REPORT
    ]


def test_the_report_deadline_is_31_may_after_each_year(adopted: Any) -> None:
    deadlines = [
        d
        for d in deadlines_between(dt.date(2013, 1, 1), dt.date(2016, 12, 31))
        if d.kind == ReminderKind.IMPLEMENTATION_REPORT
    ]
    assert [d.due_on for d in deadlines] == [
        dt.date(2013, 5, 31),
        dt.date(2014, 5, 31),
        dt.date(2015, 5, 31),
    ]
    assert {d.audience for d in deadlines} == {"coordinators"}


def test_no_report_deadline_before_adoption(programme: Any) -> None:
    kinds = {d.kind for d in deadlines_between(dt.date(2013, 1, 1), dt.date(2016, 12, 31))}
    assert ReminderKind.IMPLEMENTATION_REPORT not in kinds


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        # 60 days before 31 May 2013 is 1 April: after the spring change (31 March 2013).
        (dt.datetime(2013, 4, 1, 7, 0, tzinfo=WARSAW), 60),
        # 90 days before is 2 March, in winter time: the count is in Warsaw days, not 24 h.
        (dt.datetime(2013, 3, 2, 7, 0, tzinfo=WARSAW), 90),
        (dt.datetime(2013, 3, 2, 0, 30, tzinfo=WARSAW), 90),
        (dt.datetime(2013, 4, 1, 23, 30, tzinfo=WARSAW), 60),
        (dt.datetime(2013, 5, 31, 7, 0, tzinfo=WARSAW), 0),
    ],
)
def test_the_countdown_counts_warsaw_days_across_summer_time(
    offsets: None, adopted: Any, coordinator: Any, local: dt.datetime, offset: int
) -> None:
    now = local
    dues = _report_dues(now)
    assert [(d.user_id, d.offset) for d in dues] == [(coordinator.pk, offset)]
    # An hour's shift of UTC never moves the reminder to another day.
    day_before = [d.offset for d in _report_dues(now - dt.timedelta(days=1))]
    assert day_before == ([offset + 1] if offset + 1 in (90, 60, 14, 7, 1, 0) else [])


def test_no_reminder_once_the_report_is_published(
    offsets: None, adopted: Any, coordinator: Any, action: Any
) -> None:
    RecordFactory(action=action, year=2012, funds_planned=Decimal("1.00"))
    report = services.report_save(
        programme=adopted, year=2012, texts={"summary": "S."}, by=coordinator, now=timezone.now()
    )
    services.report_publish(report=report, by=coordinator, now=timezone.now())
    assert _report_dues(dt.datetime(2013, 5, 31, 7, 0, tzinfo=WARSAW)) == []
