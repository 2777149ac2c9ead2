"""What every benchmark shares: where its figures go, and a database of its own.

``bench/run.py`` sets ``BENCH_JSON`` to a file per benchmark and reads the figures
back for the table and ``bench/results/latest.json`` (docs/operations.md, "Benchmarks").
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def emit(figures: dict[str, Any]) -> None:
    """Hand the figures to bench/run.py (nothing happens when a script runs on its own)."""
    path = os.environ.get("BENCH_JSON")
    if path:
        Path(path).write_text(json.dumps(figures, indent=1, default=str))


@contextmanager
def own_database(label: str) -> Iterator[None]:
    """Point Django's default connection at a throw-away database; drop it afterwards.

    PostgreSQL: a copy of the migrated template (bench/stack.py), so a database that
    already holds data is never read or changed and nothing collides with it (the KRS
    numbers factories generate, for one). SQLite: an in-memory test database.
    """
    from django.conf import settings
    from django.db import connection

    from bench.stack import migrate_database, migrated_template, throwaway_database

    if connection.vendor != "postgresql":
        old = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old, verbosity=0)
        return
    log = Path(tempfile.mkstemp(prefix=f"bench-{label}-", suffix=".log")[1])
    template = migrated_template(lambda url: migrate_database(url, log))
    with throwaway_database(label, template) as url:
        name = url.rsplit("/", 1)[1]
        connection.close()
        original = settings.DATABASES["default"]["NAME"]
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
        try:
            yield
        finally:
            connection.close()
            settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = original
    log.unlink(missing_ok=True)
