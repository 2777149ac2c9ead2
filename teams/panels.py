"""Parts of the team and meeting pages that higher apps provide.

``teams`` knows no app above it (docs/architecture.md, layers), yet its pages show
SWOT boards and goals. So the pages have slots, and a higher app fills them from its
``AppConfig.ready`` with templates of its own (``swot/apps.py``). A slot's templates
are included in order with the page's context (``team``, ``meeting``, ``can_manage``);
they load whatever they need through their own app's template tags.
"""

from __future__ import annotations

SLOTS = ("team_actions", "team_main", "meeting_main")

_panels: dict[str, list[str]] = {slot: [] for slot in SLOTS}


def panel_register(*, slot: str, template: str) -> None:
    """Add ``template`` to a slot (idempotent: ``ready()`` may run more than once)."""
    if slot not in _panels:
        raise ValueError(f"unknown slot {slot!r}; slots are {SLOTS}")
    if template not in _panels[slot]:
        _panels[slot].append(template)


def panels() -> dict[str, list[str]]:
    """The templates of every slot, for a page's context (``{% for t in panels.team_main %}``)."""
    return {slot: list(templates) for slot, templates in _panels.items()}
