"""A database at the schema before Municipality migrates forward with every row intact.

Runs Django's MigrationExecutor on the test database (PostgreSQL when DATABASE_URL says
so, as in CI): back to programmes 0001, rows written through that historical state,
forward to the newest migrations, then compared row by row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

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


@pytest.fixture
def old_rows() -> Any:
    apps = _migrate(_before())
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
    yield rows
    _migrate(_latest())  # leave the schema as every other test expects it


def test_forward_migration_makes_one_record_per_place_and_keeps_every_row(old_rows):
    apps = _migrate(_latest())
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


def test_the_migration_goes_back_to_the_names(old_rows):
    _migrate(_latest())
    apps = _migrate(_before())
    Programme = apps.get_model("programmes", "Programme")
    names = dict(Programme.objects.values_list("slug", "municipality"))
    assert names == {
        "p-0": "Gmina Miejska Kraków",
        "p-1": "Gmina Miejska Kraków",
        "p-2": "Powiat Przykładowy",
        "p-3": "Jednostka samorządu terytorialnego",
    }
