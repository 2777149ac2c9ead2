"""Amounts in złoty as people and finance departments write them.

Strict on purpose: "1 200 000,50 zł", "1200000,50", "1 200 000" and "0,5" are read;
a dot is refused (is "1.200" one thousand two hundred or one point two?), and so is a
minus sign — funds are never negative (docs/implementation.md, "Amounts").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
# Groups of three digits may be separated by a space, a no-break space or a narrow
# no-break space (what Excel and LibreOffice put in Polish locale).
_AMOUNT = re.compile(
    r"(?P<int>[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)"
    r"(?:,(?P<frac>[0-9]{1,2}))?"
    r"(?:\s*(?:zł|PLN|zl))?",
    re.IGNORECASE,
)


def parse_pln(value: object) -> Decimal:
    """A non-negative amount in PLN with at most two decimal places, or ValidationError."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        amount = Decimal(value)
    elif isinstance(value, float):
        # XLSX numeric cells arrive as floats: their repr is the shortest exact decimal.
        amount = Decimal(repr(value))
    else:
        text = str(value or "").strip()
        if text.startswith("-"):
            raise ValidationError(_("An amount cannot be negative."), code="negative")
        match = _AMOUNT.fullmatch(text)
        if match is None:
            raise ValidationError(
                _(
                    "Write the amount in złoty with a decimal comma, "
                    "e.g. 1 200 000,50 zł (not “%(value)s”)."
                ),
                code="format",
                params={"value": text[:40]},
            )
        digits = re.sub(r"[^0-9]", "", match["int"])
        try:
            amount = Decimal(f"{digits}.{match['frac'] or '0'}")
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits digits only
            raise ValidationError(_("This is not an amount."), code="format") from exc
    if amount < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("An amount has at most two decimal places (grosze)."), code="format"
        )
    if amount > MAX_AMOUNT:
        raise ValidationError(_("The amount is too large."), code="too_large")
    return amount.quantize(Decimal("0.01"))


def format_pln(amount: Decimal | None) -> str:
    """ "1 200 000,50 zł": groups of three by a no-break space, decimal comma."""
    if amount is None:
        return "–"
    whole, _dot, frac = f"{amount:.2f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + f",{frac}\u00a0zł"
