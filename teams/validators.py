"""Polish register identifiers: KRS, NIP, REGON (docs/domain.md, "Identifiers: KRS, NIP, REGON").

Checksums come from python-stdnum; we never hand-write them.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from core.bounds import nfkc_digits

_SEPARATORS = re.compile(r"[\s\-./]")


def normalize_krs(value: str) -> str:
    """KRS numbers are 10 digits; people often drop the leading zeros.

    Full-width and other Unicode digits are folded to ASCII first (NFKC), so "０００…"
    typed on a Japanese or Chinese keyboard layout is the same number.
    """
    digits = _SEPARATORS.sub("", nfkc_digits(value or ""))
    if digits.isascii() and digits.isdigit() and len(digits) < 10:
        digits = digits.zfill(10)
    return digits


def normalize_nip(value: str) -> str:
    return stdnum_nip.compact(nfkc_digits(value)) if value else ""


def normalize_regon(value: str) -> str:
    return stdnum_regon.compact(nfkc_digits(value)) if value else ""


def validate_krs(value: str) -> None:
    """KRS: exactly 10 digits, no checksum."""
    if not re.fullmatch(r"[0-9]{10}", value or ""):
        raise ValidationError(
            _("A KRS number has exactly 10 digits, e.g. 0000123456."), code="invalid_krs"
        )


def validate_nip(value: str) -> None:
    try:
        stdnum_nip.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid NIP: it must have 10 digits and a correct check digit."),
            code="invalid_nip",
        ) from None


def validate_regon(value: str) -> None:
    try:
        stdnum_regon.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This is not a valid REGON: it must have 9 or 14 digits and a correct check digit."),
            code="invalid_regon",
        ) from None


# 100,000 characters are 55 standard typescript pages (1,800 characters each), what a
# full-day session's minutes reach; the PDF is 29 pages and a worker renders it in 4-6 s
# (300,000 took 20 s), far below the task's time limit (docs/operations.md, "Generated files").
MINUTES_MAX_LENGTH = 100_000
MINUTES_HELP_TEXT = _("At most 100,000 characters.")


@deconstructible(path="teams.validators.MinutesLengthValidator")
class MinutesLengthValidator(MaxLengthValidator):
    """Minutes are at most ``MINUTES_MAX_LENGTH`` characters (a render stays short).

    A validator rather than ``max_length``: a browser's ``maxlength`` would cut a longer
    paste silently; this refuses it beside the field with the text kept.
    """

    message = _(
        "The minutes may be at most %(limit)s characters long; this text has "
        "%(length)s. Shorten it or publish long annexes as separate documents."
    )

    def __init__(self) -> None:
        super().__init__(MINUTES_MAX_LENGTH, message=self.message)

    def __call__(self, value: Any) -> None:
        if len(value) > MINUTES_MAX_LENGTH:
            raise ValidationError(
                self.message,
                code="max_length",
                params={
                    "limit": number_format(MINUTES_MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(value), force_grouping=True),
                },
            )


validate_minutes_length = MinutesLengthValidator()
