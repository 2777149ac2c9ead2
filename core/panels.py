"""Parts of a page that a higher app provides: slots and the templates that fill them.

An app knows no app above it (docs/architecture.md, "Layers"), yet its pages may show
what higher apps add: the team page shows SWOT boards and goals (swot), the programme
page links the deadline reminders (reminders). So a page's app declares its slots, and a
higher app fills them from its ``AppConfig.ready`` with templates of its own. A slot's
templates are included in order with the page's context; they load whatever they need
through their own app's template tags.
"""

from __future__ import annotations

# Slot -> templates; the slot names are declared by the app whose page has the slot.
SLOTS = (
    "team_actions",  # teams: the team page's action buttons
    "team_main",  # teams: the team page's main column
    "meeting_main",  # teams: the meeting page's main column
    "programme_deadlines",  # consultations: below the programme page's countdown
)

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
