"""`make run` migrates an empty SQLite file: every migration must pass there and leave the
triggers that guard the public record (docs/record.md) in place.

SQLite alters a column by rebuilding its table, which drops the triggers on that table
and breaks the ones on other tables that name it (core.migration_ops.sqlite_triggers_kept).
"""

from __future__ import annotations

import sqlite3

import pytest

from core.testing import MigratedSqlite

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


def test_an_empty_sqlite_database_migrates_and_keeps_every_trigger(
    migrated_sqlite: MigratedSqlite,
) -> None:
    # `manage.py migrate` on an empty file, run once per test run for this test and
    # search/tests/test_search_sqlite.py (conftest.migrated_sqlite).
    assert migrated_sqlite.returncode == 0, migrated_sqlite.stderr
    # Read-only: other tests copy this file.
    with sqlite3.connect(f"file:{migrated_sqlite.path}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert {name for (name,) in rows} >= GUARDS
