"""Highlighting of years and dates in a text carried over from an earlier cycle."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_MONTHS = (
    r"(?:stycz|lut|mar[cz]|kwie[ct]|maj|czerw|lip|sierp|wrze[sś]|pa[zź]dziern|listopad|grud)"
    r"[a-ząćęłńóśźż]*"
)
# Years (1990–2099, with "r." when present) and Polish month names with their day or
# preposition: "1 stycznia 2012 r.", "w latach 2012–2014", "We wrześniu 2011 r.".
DATE_PATTERN = re.compile(
    rf"(?:\b(?:\d{{1,2}}\s+|w[e]?\s+){_MONTHS}\b)|(?:\b(?:19[9]\d|20\d\d)\b(?:\s*r\.)?)",
    re.IGNORECASE,
)


def mentions_dates(text: str) -> bool:
    return DATE_PATTERN.search(text) is not None


@register.filter
def highlight_dates(text: str) -> SafeString:
    """Escape ``text`` and wrap every year and date in <mark> for the reviewer."""
    escaped = escape(text)
    return mark_safe(  # noqa: S308 — the text was escaped above; only <mark> is added
        DATE_PATTERN.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    )


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or None (the editor's forms with errors, by paragraph or section pk)."""
    if not mapping:
        return None
    return mapping.get(key)
