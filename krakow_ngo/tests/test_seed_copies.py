"""krakow_ngo.seed.testing.seed_for_transactional_test: the rows copied back are the rows the seed wrote."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from krakow_ngo.seed import testing

pytestmark = pytest.mark.django_db(transaction=True)


def _contents() -> dict[str, bytes]:
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    return testing._copy_out(connection, tables)


def test_a_seed_copied_back_onto_a_flushed_database_is_the_seed_it_kept(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("copies are kept on PostgreSQL only; SQLite seeds every time")
    monkeypatch.setattr(testing, "_SEED_COPIES", {})
    call_command("flush", interactive=False, verbosity=0)  # as after a transactional test
    report = testing.seed_for_transactional_test()
    assert len(testing._SEED_COPIES) == 1
    seeded = _contents()
    call_command("flush", interactive=False, verbosity=0)

    calls = []
    monkeypatch.setattr(
        "krakow_ngo.seed.loader.seed_krakow", lambda **options: calls.append(options)
    )
    again = testing.seed_for_transactional_test()
    assert calls == []  # copied back, not seeded
    assert _contents() == seeded
    assert again.created == report.created
