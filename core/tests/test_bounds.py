"""Bounded input: limits, sane dates, the clamping typecasters, constraints (issue 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from icalendar import Calendar

from core.amounts import parse_pln
from core.bounds import nfkc_digits, validate_sane_date, validate_year
from core.dates import WARSAW, shifted
from core.forms import PlnAmountField
from core.ical import add_event, new_calendar

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typecasters and NOT VALID are PostgreSQL's"
)


# ------------------------------------------------------------------------------
# Amounts: the one strict Polish parser and its form field
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 200 000,50", "1200000.50"),
        ("1200000,50", "1200000.50"),
        ("1 200 zł", "1200.00"),
        ("1 200,00 zł", "1200.00"),
        ("1\u00a0200\u00a0000,50\u00a0zł", "1200000.50"),
        ("1\u202f200,5", "1200.50"),
        ("１ ２００,５０ zł", "1200.50"),  # full-width digits
        ("0", "0.00"),
    ],
)
def test_it_reads_amounts_written_the_polish_way(text: str, value: str) -> None:
    assert parse_pln(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3",
        "12 34,5,6",
        "1.200.000",
        "1200.50",
        "1.200,00",
        "12 34",
        "1,234",
        "1 2",
        "zł",
        "--1",
    ],
)
def test_it_refuses_ambiguous_or_malformed_amounts(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_pln(text)


def test_the_field_keeps_the_message_short_and_printable() -> None:
    field = PlnAmountField(required=False)
    with pytest.raises(ValidationError) as info:
        field.clean("1,2,3\x00" + "9" * 30)
    message = " ".join(info.value.messages)
    assert "1 200 000,50 zł" in message
    assert "\x00" not in message
    with pytest.raises(ValidationError) as info:
        field.clean("1" * 1_000_000)
    assert info.value.error_list[0].code == "max_length"
    assert field.clean("") is None
    assert PlnAmountField(empty_amount=Decimal("0.00")).clean("  ") == Decimal("0.00")


# ------------------------------------------------------------------------------
# Years, dates, digits
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [0, 1999, 2101, 9999])
def test_years_outside_2000_2100_are_refused(year: int) -> None:
    with pytest.raises(ValidationError):
        validate_year(year)


def test_years_and_days_inside_the_range_pass() -> None:
    validate_year(2000)
    validate_year(2100)
    validate_sane_date(dt.date(2011, 7, 6))
    # A Warsaw midnight on 1 January 2000 is 23:00 UTC the day before: still 2000.
    validate_sane_date(dt.datetime(2000, 1, 1, tzinfo=WARSAW).astimezone(dt.UTC))


@pytest.mark.parametrize(
    "value",
    [
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
        dt.datetime(1, 1, 1, tzinfo=WARSAW),
        dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
    ],
)
def test_absurd_dates_are_refused(value: dt.date) -> None:
    with pytest.raises(ValidationError) as info:
        validate_sane_date(value)
    assert info.value.code == "date_range"


def test_unicode_digits_fold_to_ascii() -> None:
    assert nfkc_digits("０００００１２３４５") == "0000012345"
    assert nfkc_digits("٠١٢٣") == "0123"  # Arabic-Indic
    assert nfkc_digits("PL ８５６") == "PL 856"


def test_shifting_past_the_calendar_keeps_the_value() -> None:
    last = dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)
    assert shifted(last, dt.timedelta(hours=2)) == last
    assert shifted(dt.date(2011, 7, 6), dt.timedelta(days=1)) == dt.date(2011, 7, 7)


def test_the_ical_builder_leaves_out_events_outside_the_portals_years() -> None:
    calendar = new_calendar(name="t", producer="p", product="q")
    assert (
        add_event(
            calendar,
            uid="bad",
            start=dt.datetime(9999, 12, 30, tzinfo=dt.UTC),
            end=dt.datetime(9999, 12, 30, 2, tzinfo=dt.UTC),
            summary="x",
        )
        is None
    )
    add_event(
        calendar,
        uid="good",
        start=dt.datetime(2011, 7, 6, 10, tzinfo=dt.UTC),
        end=dt.datetime(2011, 7, 6, 12, tzinfo=dt.UTC),
        summary="y",
    )
    events = Calendar.from_ical(calendar.to_ical()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["y"]


# ------------------------------------------------------------------------------
# Reading rows stored before the constraints (PostgreSQL typecasters)
# ------------------------------------------------------------------------------
@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("literal", "cast", "expected"),
    [
        # 0001-01-01 00:00 Warsaw (local mean time +01:24) is a "BC" instant in UTC.
        ("0001-01-01 00:00+01:24", "timestamptz", dt.datetime(1, 1, 2, tzinfo=dt.UTC)),
        ("9999-12-31 23:00+00", "timestamptz", dt.datetime(9999, 12, 30, tzinfo=dt.UTC)),
        ("infinity", "timestamptz", dt.datetime(9999, 12, 30, tzinfo=dt.UTC)),
        ("0044-03-15 BC", "date", dt.date(1, 1, 2)),
        ("2011-07-06 10:00+00", "timestamptz", dt.datetime(2011, 7, 6, 10, tzinfo=dt.UTC)),
    ],
)
def test_out_of_range_values_are_read_as_the_nearest_representable(
    literal: str, cast: str, expected: object
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}", [literal])
        assert cursor.fetchone()[0] == expected


# ------------------------------------------------------------------------------
# The constraints themselves
# ------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "stamp", [dt.datetime(1, 1, 2, tzinfo=dt.UTC), dt.datetime(9999, 12, 30, tzinfo=dt.UTC)]
)
def test_the_database_refuses_a_meeting_outside_the_portals_years(
    team: object, stamp: dt.datetime
) -> None:
    from teams.models import Meeting

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(team=team, title="x", starts_at=stamp)


@pytest.mark.django_db
def test_the_database_refuses_text_past_its_limit(team: object) -> None:
    from teams.models import SectorTeam

    with pytest.raises(IntegrityError), transaction.atomic():
        SectorTeam.objects.filter(pk=team.pk).update(scope="x" * 5001)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_database_refuses_action_years_outside_the_range(team: object) -> None:
    from swot.models import Action
    from swot.tests.factories import GoalFactory

    goal = GoalFactory(team=team)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            goal=goal,
            title="a",
            responsible_party="b",
            cooperation_form="commissioning",
            first_year=0,
            last_year=0,
        )


@postgres_only
@pytest.mark.django_db
def test_the_date_checks_are_added_not_valid_so_old_databases_migrate() -> None:
    """NOT VALID: new writes are checked, rows already stored stay readable and fixable."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, convalidated FROM pg_constraint WHERE conname IN "
            "('meeting_starts_at_range', 'phase_ends_at_range', 'action_first_year_range', "
            "'comment_justification_length')"
        )
        rows = dict(cursor.fetchall())
    assert rows == {
        "meeting_starts_at_range": False,
        "phase_ends_at_range": False,
        "action_first_year_range": False,
        "comment_justification_length": False,
    }


def test_every_text_column_has_a_limit() -> None:
    """Every TextField of our apps is bounded (the search index, derived text, excepted)."""
    from django.apps import apps
    from django.core.validators import MaxLengthValidator
    from django.db import models

    ours = {
        "programmes",
        "teams",
        "swot",
        "consultations",
        "implementation",
        "reminders",
        "grouping",
        "personal_data",
        "opendata",
        "feeds",
    }
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ours and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), (" 7 ", 7), ("²", None), ("٣", None), ("9" * 19, None), ("-1", None), ("", None)],
)
def test_ids_from_requests_are_ascii_digits_that_fit_a_bigint(text: str, value: int | None) -> None:
    from core.bounds import parse_id

    assert parse_id(text) == value
