"""The apps of this issue sit above reminders: nothing below imports them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOWER = ["core", "programmes", "teams", "swot", "consultations", "reminders"]
UPPER = ["search", "feeds", "opendata", "personal_data"]
IMPORT = re.compile(rf"^\s*(from|import)\s+({'|'.join(UPPER)})\b", re.MULTILINE)


def test_no_lower_app_imports_search_feeds_opendata_or_personal_data() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for app in LOWER
        for path in (ROOT / app).rglob("*.py")
        if IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
