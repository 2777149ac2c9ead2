"""Backup and restore (issue 16, item 7): `make backup` of the seeded database,
`make restore` into a new one, and every table's rows compared (README, "Backup and restore")."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.db import connection

from core.testing import database_url
from krakow_ngo.seed.loader import seed_krakow

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _url(name: str) -> str:
    return database_url(name)


def _make(target: str, database: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DATABASE_URL": _url(database)}
    args = ["make", "--no-print-directory", target] + [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def _fingerprint(database: str) -> dict[str, Any]:
    """Per table: row count and a checksum of its rows in any order; per sequence: its value."""
    result: dict[str, Any] = {}
    with psycopg2.connect(_url(database)) as conn, conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        for (table,) in cur.fetchall():
            cur.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "  # noqa: S608
                f"ORDER BY md5(t::text)), '')) FROM \"{table}\" t"
            )
            result[table] = cur.fetchone()
        cur.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        result |= {f"sequence {name}": value for name, value in cur.fetchall()}
    conn.close()
    return result


@pytest.fixture
def restored_name() -> Any:
    if connection.vendor != "postgresql":
        pytest.skip("backups are pg_dump files: PostgreSQL only")
    name = connection.settings_dict["NAME"] + "_restored"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_every_row_of_every_table(tmp_path, restored_name):
    seed_krakow(demo=True)
    source = connection.settings_dict["NAME"]
    connection.close()  # nothing of ours half-written while pg_dump reads
    before = _fingerprint(source)
    assert before["consultations_comment"][0] > 10
    assert before["teams_membership"][0] > 0
    assert len([k for k in before if not k.startswith("sequence")]) > 40

    dump = tmp_path / "portal.dump"
    backup = _make("backup", source, FILE=str(dump))
    assert backup.returncode == 0, backup.stderr
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    restore = _make("restore", restored_name, FILE=str(dump))
    assert restore.returncode == 0, restore.stderr
    after = _fingerprint(restored_name)
    assert after == before

    # Restoring over a database that has tables is refused without FORCE=1…
    again = _make("restore", restored_name, FILE=str(dump))
    assert again.returncode != 0
    assert "already has" in again.stderr
    assert _fingerprint(restored_name) == before
    # …and with it, the database is replaced by the dump.
    with psycopg2.connect(_url(restored_name)) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM django_session")
        cur.execute("CREATE TABLE stray (x int)")
    conn.close()
    forced = _make("restore", restored_name, FILE=str(dump), FORCE="1")
    assert forced.returncode == 0, forced.stderr
    assert {k: v for k, v in _fingerprint(restored_name).items() if k != "stray"} == before


def test_restore_needs_a_file(restored_name):
    missing = _make("restore", restored_name)
    assert missing.returncode != 0
    assert "FILE=" in missing.stderr
    absent = _make("restore", restored_name, FILE="/nonexistent.dump")
    assert absent.returncode != 0
