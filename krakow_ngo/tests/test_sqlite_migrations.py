"""`make run` migrates an empty SQLite file: every migration must pass there and leave the
triggers that guard the public record (docs/record.md) in place.

SQLite alters a column by rebuilding its table, which drops the triggers on that table
and breaks the ones on other tables that name it (core.migration_ops.sqlite_triggers_kept).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.migration

GUARDS = {
    "consultations_draftversion_immutable",
    "consultations_section_immutable",
    "consultations_paragraph_immutable",
    "consultations_comment_never_deleted",
    "implementation_annualreport_immutable",
    "search_entry_ai",
    "search_entry_ad",
    "search_entry_au",
}


def test_an_empty_sqlite_database_migrates_and_keeps_every_trigger(tmp_path: Path) -> None:
    database = tmp_path / "portal.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "PYTEST_VERSION"}
    }
    env |= {"SQLITE_PATH": str(database), "DJANGO_ENV": "development"}
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert {name for (name,) in rows} >= GUARDS
