"""Amounts in złoty as people and finance departments write them; the one parser.

Strict on purpose (docs/operations.md, "Amounts"): "1 200 000,50 zł", "1200000,50",
"1 200 zł", "1 200,00 zł" and "0,5" are read, with plain, no-break or narrow no-break
spaces between groups of three digits. Refused: any dot ("1.200" — one thousand two
hundred or one point two? "1200.50" — Polish users type a comma, so a dot is more
often a thousands separator than a decimal one), several commas ("1,2,3"), groups
that are not of three ("12 34,5"), and a minus sign — funds are never negative.
Every form field for an amount is ``core.forms.PlnAmountField`` (through the model
field ``AmountField``); imports of spreadsheets call ``parse_pln`` directly.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.bounds import nfkc_digits

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
        # Full-width digits fold to ASCII; NFKC also turns no-break spaces into spaces.
        text = nfkc_digits(str(value or "")).strip()
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
                params={"value": _shown(text)},
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


def _shown(text: str) -> str:
    # Echo a short, printable excerpt of what was typed: never 1 MB or control characters.
    printable = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
    return printable + ("…" if len(text) > 40 else "")


class AmountField(models.DecimalField):
    """An amount in PLN (14 digits, grosze): its form field reads the Polish way.

    Used by every amount column, so ModelForms and the admin get ``PlnAmountField``
    without each form declaring it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from core.forms import PlnAmountField

        defaults: dict[str, Any] = {
            "form_class": PlnAmountField,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
        }
        if self.has_default():
            defaults["initial"] = self.get_default()
        defaults["empty_amount"] = None if self.null else Decimal("0.00")
        defaults |= kwargs
        form_class = defaults.pop("form_class")
        defaults.pop("max_digits", None)
        defaults.pop("decimal_places", None)
        return form_class(**defaults)


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
