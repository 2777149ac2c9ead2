"""Places in a lower app's page that a higher app fills in (docs/architecture.md, "Places in lower pages").

An app knows no app above it (docs/architecture.md, "Layers"), yet its pages may show
what higher apps add: the team page shows SWOT boards and goals (swot), the programme
page links the deadline reminders (reminders) and the implementation report's status
(implementation). So a lower app's template names a place and passes what the place
needs, ``{% load hooks %}{% hook "team_main" team=team can_manage=can_manage %}``, and a
higher app fills it from its ``AppConfig.ready``: with a template of its own
(``register_template``) or a function that returns HTML (``register``). The lower app
imports nothing of the higher one, its view needs no change, and the page works the
same when no app fills the place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

Renderer = Callable[..., str]

# The places, declared by the app whose page has them; registering elsewhere is a typo.
PLACES = (
    "team_actions",  # teams: the team page's action buttons (team, can_manage)
    "team_main",  # teams: the team page's main column (team, can_manage)
    "meeting_main",  # teams: the meeting page's main column (meeting, team, can_manage)
    "swot_board",  # swot: above a SWOT board (team)
    "programme_page",  # consultations: the programme page, below its title (programme)
    "programme_deadlines",  # consultations: below the programme page's countdown (programme)
)

_registry: dict[str, list[Renderer]] = {place: [] for place in PLACES}


def register(place: str, renderer: Renderer) -> None:
    """Add ``renderer(request=..., **values)`` to a place; registering twice is harmless."""
    if place not in _registry:
        raise ValueError(f"unknown place {place!r}; places are {PLACES}")
    if renderer not in _registry[place]:
        _registry[place].append(renderer)


class _TemplateRenderer:
    """Renders one template with the values the page passes; equal for one template, so
    ``AppConfig.ready`` running twice registers it once."""

    def __init__(self, template: str) -> None:
        self.template = template

    def __call__(self, *, request: HttpRequest | None, **values: Any) -> str:
        return render_to_string(self.template, values, request=request)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TemplateRenderer) and other.template == self.template

    def __hash__(self) -> int:
        return hash(self.template)


def register_template(place: str, template: str) -> None:
    """Fill a place with ``template``, rendered with the values the page passes to the tag
    (and the request's context processors: ``user``, ``csrf_token``)."""
    register(place, _TemplateRenderer(template))


def render(place: str, *, request: HttpRequest | None, **values: Any) -> str:
    """Everything registered for the place, in order of registration."""
    if place not in _registry:
        raise ValueError(f"unknown place {place!r}; places are {PLACES}")
    return "".join(renderer(request=request, **values) for renderer in _registry[place])
