from __future__ import annotations

from typing import Any

from django import template

from core import people

register = template.Library()


@register.filter
def public_name(user: Any) -> str:
    """``{{ report.prepared_by|public_name }}``: the name, or "osoba fizyczna" once erased."""
    return people.public_name(user, default="–")
