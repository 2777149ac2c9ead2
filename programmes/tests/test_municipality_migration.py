"""A database at the schema before Municipality migrates forward with every row intact.

Runs Django's MigrationExecutor (PostgreSQL when DATABASE_URL says so, as in CI): back to
programmes 0001, rows written through that historical state, forward to the newest
migrations, then compared row by row.

On PostgreSQL the old schema is built once for the module in a database of its own, the
old rows are written to a copy of it and migrated forward once (the forward test reads
that database; the backward test steps a copy of it back): ``CREATE DATABASE ... TEMPLATE``
takes a second, where each step of Django's migrations takes 10-15 s here. Elsewhere (SQLite
in memory, which cannot be copied so) the tests step the test database itself back and
forward, as they did before.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

# migration: on PostgreSQL it builds a database of its own at the old schema (slow).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migration]

BEFORE = [("programmes", "0001_initial")]
NAMES = [
    "Gmina Miejska Kraków",
    "  Gmina Miejska   Kraków ",  # the same place typed carelessly
    "Powiat Przykładowy",
    "",
]


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _before() -> list[tuple[str, str | None]]:
    """Programmes at the old schema; every other app at its newest migration that does
    not need the Municipality (apps built on it since, e.g. implementation, step back)."""
    graph = MigrationExecutor(connection).loader.graph
    needs = ("programmes", "0002_municipality_from_programme_names")
    targets: list[tuple[str, str | None]] = list(BEFORE)
    for app, name in graph.leaf_nodes():
        if app == "programmes":
            continue
        node: tuple[str, str] | None = (app, name)
        while node is not None and needs in graph.forwards_plan(node):
            parents = [p for p in graph.node_map[node].parents if p[0] == app]
            node = parents[0] if parents else None
        targets.append(node if node is not None else (app, None))
    return targets


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    # (app, None) means "none of that app's migrations": the state needs only the others.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _create(db: BaseDatabaseWrapper, name: str, template: str | None = None) -> None:
    """A new PostgreSQL database (a copy of ``template`` if given), next to the test one."""
    suffix = f" TEMPLATE {db.ops.quote_name(template)}" if template else ""
    with db._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {db.ops.quote_name(name)} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {db.ops.quote_name(name)}{suffix}")


def _drop(db: BaseDatabaseWrapper, name: str) -> None:
    with db._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {db.ops.quote_name(name)} WITH (FORCE)")


@contextmanager
def _using(db: BaseDatabaseWrapper, name: str) -> Iterator[None]:
    """The default connection works on database ``name`` until the block ends, then on the
    test database again with no session left open on ``name``."""
    original = db.settings_dict["NAME"]
    db.close()
    db.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        db.close()
        db.settings_dict["NAME"] = original
        ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def old_schema(django_db_setup: None, django_db_blocker: Any) -> Iterator[str | None]:
    """PostgreSQL: the name of a database at the old schema, built once for the module (from
    empty, as test_forward_migration builds its own) and only ever copied; None elsewhere."""
    db = connections["default"]
    if db.vendor != "postgresql":
        yield None
        return
    name = f"{db.settings_dict['NAME']}_mun0_{os.getpid()}"[-63:]
    with django_db_blocker.unblock():
        _create(db, name)
        try:
            with _using(db, name):
                _migrate(_before())
            yield name
        finally:
            _drop(db, name)


@pytest.fixture(scope="module")
def forwarded(
    old_schema: str | None, django_db_blocker: Any
) -> Iterator[tuple[str, list[int]] | None]:
    """PostgreSQL: a database at the old schema with the old rows written, migrated forward
    once for the module (the forward test only reads it; the backward test steps a copy
    of it back), and the old rows' ids. None elsewhere."""
    if old_schema is None:
        yield None
        return
    db = connections["default"]
    name = f"{db.settings_dict['NAME']}_mun1_{os.getpid()}"[-63:]
    with django_db_blocker.unblock():
        _create(db, name, template=old_schema)
        try:
            with _using(db, name):
                # Nothing left to apply on the copy; this returns the historical models.
                rows = _write_old_rows(_migrate(_before()))
                _migrate(_latest())
            yield name, rows
        finally:
            _drop(db, name)


@pytest.fixture
def migrated(forwarded: tuple[str, list[int]] | None) -> Iterator[tuple[Any, list[int]]]:
    """The historical models at the newest migrations, on a database migrated forward
    from the old rows, and those rows' ids."""
    if forwarded is None:
        for rows in _old_rows_in_the_test_database():
            yield _migrate(_latest()), rows
        return
    name, rows = forwarded
    with _using(connections["default"], name):
        yield _migrate(_latest()), rows  # nothing left to apply


@pytest.fixture
def stepped_back(forwarded: tuple[str, list[int]] | None) -> Iterator[Any]:
    """The historical models at the old schema, on a database migrated forward from the
    old rows and back again."""
    if forwarded is None:
        for _rows in _old_rows_in_the_test_database():
            _migrate(_latest())
            yield _migrate(_before())
        return
    db = connections["default"]
    name, _rows = forwarded
    copy = f"{db.settings_dict['NAME']}_mun_{os.getpid()}"[-63:]
    _create(db, copy, template=name)
    try:
        with _using(db, copy):
            yield _migrate(_before())
    finally:
        _drop(db, copy)


def _old_rows_in_the_test_database() -> Iterator[list[int]]:
    yield _write_old_rows(_migrate(_before()))
    _migrate(_latest())  # leave the schema as every other test expects it


def _write_old_rows(apps: Any) -> list[int]:
    Programme = apps.get_model("programmes", "Programme")
    Phase = apps.get_model("programmes", "Phase")
    SectorTeam = apps.get_model("teams", "SectorTeam")
    rows = []
    for n, name in enumerate(NAMES):
        programme = Programme.objects.create(
            slug=f"p-{n}",
            title=f"Program {n}",
            municipality=name,
            first_year=2012 + n,
            last_year=2014 + n,
            legal_basis="Ustawa z dnia 24 kwietnia 2003 r.",
        )
        Phase.objects.create(
            programme=programme,
            kind="consultation",
            name=f"Konsultacje {n}",
            starts_at=dt.datetime(2011, 9, 1, tzinfo=dt.UTC),
            ends_at=dt.datetime(2011, 9, 20, tzinfo=dt.UTC),
            accepts_comments=True,
        )
        SectorTeam.objects.create(programme=programme, name=f"Zespół {n}", slug=f"z-{n}")
        rows.append(programme.pk)
    return rows


def test_forward_migration_makes_one_record_per_place_and_keeps_every_row(migrated):
    apps, old_rows = migrated
    Programme = apps.get_model("programmes", "Programme")
    Municipality = apps.get_model("programmes", "Municipality")
    assert sorted(Municipality.objects.values_list("name", flat=True)) == [
        "Gmina Miejska Kraków",
        "Jednostka samorządu terytorialnego",
        "Powiat Przykładowy",
    ]
    by_slug = {p.slug: p for p in Programme.objects.select_related("municipality")}
    assert sorted(p.pk for p in by_slug.values()) == sorted(old_rows)
    assert by_slug["p-0"].municipality_id == by_slug["p-1"].municipality_id
    assert by_slug["p-2"].municipality.name == "Powiat Przykładowy"
    assert by_slug["p-2"].municipality.name_genitive == "Powiat Przykładowy"
    for n in range(len(NAMES)):
        programme = by_slug[f"p-{n}"]
        assert (programme.title, programme.first_year) == (f"Program {n}", 2012 + n)
        assert list(programme.phases.values_list("name", flat=True)) == [f"Konsultacje {n}"]
        assert list(programme.teams.values_list("name", flat=True)) == [f"Zespół {n}"]


def test_the_migration_goes_back_to_the_names(stepped_back):
    apps = stepped_back
    Programme = apps.get_model("programmes", "Programme")
    names = dict(Programme.objects.values_list("slug", "municipality"))
    assert names == {
        "p-0": "Gmina Miejska Kraków",
        "p-1": "Gmina Miejska Kraków",
        "p-2": "Powiat Przykładowy",
        "p-3": "Jednostka samorządu terytorialnego",
    }
