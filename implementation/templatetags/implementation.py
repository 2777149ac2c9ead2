from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from implementation.amounts import format_pln

register = template.Library()


@register.filter
def pln(value: Any) -> str:
    """ "1234.5" or Decimal → "1 234,50 zł" (no-break spaces), "–" when empty."""
    if value is None or value == "":
        return "–"
    try:
        return format_pln(Decimal(str(value)))
    except InvalidOperation:
        return "–"


@register.filter
def decimal_pl(value: Any) -> str:
    """ "12.50" → "12,5"; indicator values print without trailing zeros."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")


@register.filter
def iso_date(value: Any) -> dt.date | str:
    """ "2026-05-31" (as stored in a published report's content) → a date for |date."""
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
