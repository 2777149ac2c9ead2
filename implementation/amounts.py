"""Amounts in złoty: the parser lives in ``core.amounts`` (docs/operations.md, "Amounts")."""

from __future__ import annotations

from core.amounts import MAX_AMOUNT, format_pln, parse_pln

__all__ = ["MAX_AMOUNT", "format_pln", "parse_pln"]
