"""Template filters any app may use."""

from __future__ import annotations

from django import template

from core.mail import header_safe as _header_safe

register = template.Library()


@register.filter
def cut_final_stop(value: object) -> str:
    """Drop a trailing full stop, for a date that ends a sentence ("11:59 p.m." + ".")."""
    return str(value).rstrip(".")


@register.filter
def header_safe(value: object) -> str:
    """A typed name on one line, header-looking lines dropped (core.mail.header_safe)."""
    return _header_safe(value)
