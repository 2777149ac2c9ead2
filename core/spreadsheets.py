"""Cells for CSV and XLSX exports that a spreadsheet shows as text, never runs.

A cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula in Excel, LibreOffice
and Google Sheets; a leading tab or carriage return also starts one in some of them
(OWASP "CSV injection"). Every export of the portal writes its cells through here.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """Text that a spreadsheet shows as text: a leading formula character gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_row(values: list[Any]) -> list[str]:
    return [neutralise(value) for value in values]
