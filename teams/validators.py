"""Polish register identifiers: KRS, NIP, REGON (docs/domain.md, "Identifiers: KRS, NIP, REGON").

Checksums come from python-stdnum; we never hand-write them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
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
