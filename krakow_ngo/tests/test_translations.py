"""The Polish catalogue is whole, valid and compiled (docs/operations.md, "Translations")."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")


def _msgfmt(po: Path, out: Path) -> str:
    # --check: format strings, the header and the plural forms (nplurals=4 needs four);
    # a message defined twice (left by a union merge) is an error too.
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(out), str(po)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_every_polish_message_is_translated_and_none_is_fuzzy(tmp_path: Path) -> None:
    stats = _msgfmt(LOCALE / "pl/LC_MESSAGES/django.po", tmp_path / "pl.mo")
    assert re.search(r"^\d+ translated messages\.$", stats, re.M), stats


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_compiled_catalogue_is_the_current_one(tmp_path: Path, language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    _msgfmt(folder / "django.po", tmp_path / "django.mo")
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), (
        f"locale/{language}: run `make messages` and commit the compiled catalogue"
    )
