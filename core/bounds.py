"""Sane bounds for what people type: text lengths, years and dates (docs/operations.md, "Bounded input").

One place for the limits every layer uses: model validators (so ModelForms, the admin and
services calling ``full_clean`` refuse), plain form fields, and the database CHECK
constraints built here, so that a value no form would take cannot be stored either.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.dates import WARSAW

# Years the portal deals in: programmes, actions, reports, meetings, phases.
YEAR_MIN = 2000
YEAR_MAX = 2100
# The database bounds are a day wider than the Warsaw years, so that a Warsaw midnight
# on 1 January 2000 (23:00 UTC the day before) is accepted by both layers.
DB_INSTANT_MIN = dt.datetime(YEAR_MIN - 1, 12, 31, tzinfo=dt.UTC)
DB_INSTANT_MAX = dt.datetime(YEAR_MAX + 1, 1, 2, tzinfo=dt.UTC)
DB_DATE_MIN = dt.date(YEAR_MIN, 1, 1)
DB_DATE_MAX = dt.date(YEAR_MAX, 12, 31)

# Text limits shared by many fields (characters).
SHORT_TEXT = 1000
MEDIUM_TEXT = 5000
LONG_TEXT = 20000


def validate_year(value: int | None) -> None:
    """A year between 2000 and 2100 (the portal's sane range)."""
    if value is None:
        return
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise ValidationError(
            _("Give a year between %(min)d and %(max)d."),
            code="year_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


def validate_sane_date(value: dt.date | dt.datetime | None) -> None:
    """A day (or an instant, read in Warsaw) whose year lies between 2000 and 2100."""
    if value is None:
        return
    year = value.year
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        try:
            year = value.astimezone(WARSAW).year
        except OverflowError:
            year = value.year
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(
            _("Give a date between the years %(min)d and %(max)d."),
            code="date_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )


def instant_range_check(field: str, *, name: str, null: bool = False) -> models.CheckConstraint:
    """CHECK that a timestamp lies in the portal's years (NULL allowed when ``null``)."""
    condition = Q(**{f"{field}__gte": DB_INSTANT_MIN, f"{field}__lt": DB_INSTANT_MAX})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def date_range_check(field: str, *, name: str, null: bool = False) -> models.CheckConstraint:
    """CHECK that a calendar day lies in 2000–2100 (NULL allowed when ``null``)."""
    condition = Q(**{f"{field}__gte": DB_DATE_MIN, f"{field}__lte": DB_DATE_MAX})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def year_range_check(field: str, *, name: str, null: bool = False) -> models.CheckConstraint:
    """CHECK that a year column lies in 2000–2100."""
    condition = Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX})
    if null:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def text_length_check(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """CHECK that a text column holds at most ``limit`` characters."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(Length(field), limit), name=name
    )


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` model validation enforces too.

    Django hands a TextField's ``max_length`` to the form widget only; a service
    calling ``full_clean`` would store any length. This one refuses past the limit.
    """

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, MaxLengthValidator(self.max_length)]


def parse_id(value: object) -> int | None:
    """A row id from a query string or form, or None: ASCII digits that fit a bigint.

    ``str.isdigit`` accepts "²" and "٣", which ``int`` then refuses or reads, and 30
    digits overflow PostgreSQL's bigint: both answered 500 (issue 16).
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def nfkc_digits(value: str) -> str:
    """Full-width and other Unicode digits as ASCII digits ("０１２" → "012").

    NFKC folds compatibility forms (full-width digits, ideographic spaces); other
    scripts' decimal digits (Arabic-Indic, Devanagari…) are mapped through their
    numeric value, so identifiers typed on any keyboard reach the checksum validators.
    """
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in folded
    )
