"""Places in a lower app's page that a higher app fills in (docs/implementation.md, "Places in lower pages").

A lower app's template names a place, ``{% hook "swot_board" team=team %}``; a higher app
registers a renderer for it in its ``AppConfig.ready``. The lower app imports nothing of
the higher one, and the page works the same when no app fills the place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Renderer = Callable[..., str]
_registry: dict[str, list[Renderer]] = {}


def register(place: str, renderer: Renderer) -> None:
    """Add ``renderer(request=..., **context)`` to a place; registering twice is harmless."""
    renderers = _registry.setdefault(place, [])
    if renderer not in renderers:
        renderers.append(renderer)


def render(place: str, *, request: HttpRequest | None, **context: Any) -> str:
    return "".join(renderer(request=request, **context) for renderer in _registry.get(place, []))
