"""The suite's own test databases (docs/operations.md, "Tests and CI"): each run names its
own, the databases of a run that died are swept by the next one, a run going on is never
touched, and a test that needs a migrated database of its own gets a copy of the run's
template rather than migrating from nothing.
"""

from __future__ import annotations

import os
import subprocess

import psycopg2
import pytest
from django.db import connection, connections

from conftest import _GENERATED_RUN_ID, _drop_stale_test_databases
from core.testing import database_url

postgresql_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="test databases are named and swept on PostgreSQL (DATABASE_URL)",
)


@pytest.mark.parametrize(
    ("name", "generated"),
    [
        ("test_krakow_ngo_p4242_0f3a", True),
        ("test_krakow_ngo_p4242_0f3a_gw1", True),
        ("test_krakow_ngo_p4242_0f3a_tpl", True),
        ("test_krakow_ngo_p4242_0f3a_copy5150", True),
        ("test_krakow_ngo_dev", False),  # TEST_RUN_ID=dev with --reuse-db: kept
        ("test_krakow_ngo_p4242_0f3a_gw1_fwd_77", False),  # a test's own: it drops it
        ("test_krakow_ngo_p4242_xyz9_gw1", False),
    ],
)
def test_only_names_a_run_generates_count_as_its_databases(name: str, generated: bool) -> None:
    assert (_GENERATED_RUN_ID.search(name) is not None) is generated


def _dead_pid() -> int:
    # A process that has ended and been reaped: its pid is free (reuse within the test
    # is possible in principle; the sweep would then keep the databases, failing loudly).
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _databases(prefix: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [prefix.replace("_", r"\_") + "%"],
        )
        return {row[0] for row in cursor.fetchall()}


@postgresql_only
@pytest.mark.django_db
def test_a_dead_runs_databases_are_dropped_and_a_live_runs_are_kept(
    django_db_blocker,
) -> None:
    base = f"test_sweep{os.getpid()}"
    dead, alive = _dead_pid(), os.getpid()
    doomed = {f"{base}_p{dead}_0a0a{suffix}" for suffix in ("", "_gw0", "_tpl", "_copy99")}
    kept = {f"{base}_p{alive}_0b0b_gw0", f"{base}_dev", f"{base}_p{dead}_0a0a_gw0_fwd_1"}
    admin = connections["default"]
    with django_db_blocker.unblock(), admin._nodb_cursor() as cursor:
        for name in doomed | kept:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        _drop_stale_test_databases("default", base)
        assert _databases(base) == kept
    finally:
        with django_db_blocker.unblock(), admin._nodb_cursor() as cursor:
            for name in doomed | kept:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@postgresql_only
@pytest.mark.django_db
def test_a_copy_of_the_runs_template_is_migrated_and_holds_no_rows(
    request: pytest.FixtureRequest,
) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") is None or request.config.getoption("reuse_db"):
        pytest.skip("one process or --reuse-db: there is no template, the caller migrates")
    name = request.getfixturevalue("migrated_database_copy")
    assert name is not None
    assert _GENERATED_RUN_ID.search(name), name

    def applied(url: str) -> set[tuple[str, str]]:
        with psycopg2.connect(url) as db, db.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            rows = set(cursor.fetchall())
        db.close()
        return rows

    # Every migration the test database has, and no row of this test's.
    assert applied(database_url(name)) == applied(database_url())
    with psycopg2.connect(database_url(name)) as db, db.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM auth_user")
        assert cursor.fetchone() == (0,)
    db.close()
    assert name in _databases(name)
