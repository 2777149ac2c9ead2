"""The query table of test_search.py on SQLite too: the zero-setup portal (`make run`)
searches with SQLite's FTS5 table, PostgreSQL with its stored tsvector (docs/search.md).

CI runs the suite on PostgreSQL; this test runs the search tests again in a process
without DATABASE_URL, so that Django's test database is SQLite's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from core.testing import MigratedSqlite

pytestmark = pytest.mark.migration  # migrates and seeds a database of its own


def test_the_polish_query_table_passes_on_sqlite_too(
    migrated_sqlite: MigratedSqlite, tmp_path: Path
) -> None:
    # The test database is a copy of the file `manage.py migrate` made for the run
    # (conftest.migrated_sqlite), kept by --reuse-db, instead of migrating SQLite again.
    assert migrated_sqlite.returncode == 0, migrated_sqlite.stderr
    database = tmp_path / "search.sqlite3"
    shutil.copyfile(migrated_sqlite.path, database)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "TEST_RUN_ID"} and not k.startswith("PYTEST_")
    }
    env["SQLITE_TEST_PATH"] = str(database)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "--reuse-db",
            "search/tests/test_search.py",
            "-k",
            "not postgresql",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert "database: sqlite3" in done.stdout, done.stdout[-2000:]
    assert f"test database: {database}" in done.stdout, done.stdout[-2000:]
    assert done.returncode == 0, done.stdout[-4000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert " passed" in summary, summary
    assert "skipped" not in summary, summary
