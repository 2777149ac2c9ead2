from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from core import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook(context: template.Context, place: str, **kwargs: Any) -> SafeString:
    """What the higher apps put in this place; their renderers escape through templates."""
    request = context.get("request")
    return mark_safe(hooks.render(place, request=request, **kwargs))  # noqa: S308
