from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from implementation.amounts import format_pln, parse_pln


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 200 000,50 zł", "1200000.50"),
        ("1\u00a0200\u00a0000,50\u00a0zł", "1200000.50"),
        ("1\u202f200,5", "1200.50"),
        ("1200000,50", "1200000.50"),
        ("0", "0.00"),
        ("15 000 PLN", "15000.00"),
        ("  7,05 zł ", "7.05"),
    ],
)
def test_it_reads_polish_amounts(text: str, value: str) -> None:
    assert parse_pln(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-5,00", "negative"),
        ("1.200,00", "format"),
        ("1200.50", "format"),
        ("12 00,00", "format"),
        ("1,234", "format"),
        ("abc", "format"),
        ("", "format"),
        ("1 000 000 000 000,00", "too_large"),
    ],
)
def test_it_refuses_what_is_not_a_polish_amount(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_pln(text)
    assert info.value.code == code


def test_spreadsheet_numbers_are_read_exactly() -> None:
    assert parse_pln(1200000.5) == Decimal("1200000.50")
    assert parse_pln(0.1) == Decimal("0.10")
    with pytest.raises(ValidationError):
        parse_pln(0.125)
    with pytest.raises(ValidationError):
        parse_pln(-1)


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_formatted_amounts_read_back(amount: Decimal) -> None:
    assert parse_pln(format_pln(amount)) == amount
