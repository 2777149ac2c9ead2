"""One mechanism for what higher apps put into lower pages (docs/architecture.md, "Places in lower pages")."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from core import hooks

ROOT = Path(settings.BASE_DIR)


def test_unknown_place_is_an_error_not_an_empty_page() -> None:
    with pytest.raises(ValueError, match="unknown place"):
        hooks.register("team_mian", lambda **_: "")
    with pytest.raises(ValueError, match="unknown place"):
        hooks.render("team_mian", request=None)


def test_a_template_registered_twice_renders_once() -> None:
    before = list(hooks._registry["team_actions"])
    try:
        hooks.register_template("team_actions", "swot/includes/team_actions.html")
        hooks.register_template("team_actions", "swot/includes/team_actions.html")
        assert hooks._registry["team_actions"] == before
    finally:
        hooks._registry["team_actions"][:] = before


def test_the_places_are_filled_by_the_higher_apps() -> None:
    filled = {place: len(renderers) for place, renderers in hooks._registry.items()}
    assert filled == {
        "team_actions": 1,
        "team_main": 2,
        "meeting_main": 1,
        "swot_board": 1,
        "programme_page": 1,
        "programme_deadlines": 1,
    }


def test_the_old_slot_registry_is_gone() -> None:
    assert not (ROOT / "core" / "panels.py").exists()
    for path in [*ROOT.glob("*/*.py"), *ROOT.glob("*/*/*.py"), *ROOT.glob("templates/**/*.html")]:
        if ".venv" in path.parts or path.name == "test_hooks.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "core.panels" not in text, path
        assert "panels." not in text, path
