"""Template filters any app may use."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def cut_final_stop(value: object) -> str:
    """Drop a trailing full stop, for a date that ends a sentence ("11:59 p.m." + ".")."""
    return str(value).rstrip(".")
