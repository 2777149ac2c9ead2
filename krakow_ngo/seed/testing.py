"""The demo seed of transactional tests, written once per worker and then copied back.

Test support only (docs/operations.md, "Tests and CI"); here rather than in core.testing
because it seeds, and core may not import the portal (core/tests/test_layers.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

# Transactional tests (live_server: Chromium reads committed rows) each seed a flushed
# database, and the seed cost 3 s a time (half of it the annual report's PDF, rendered by
# the eager task at commit). The first such seed on a worker is kept table by table
# (COPY); a later one on a database in the same state (the same row count in every table:
# a flush leaves only what post_migrate makes again) gets those rows copied back instead,
# the ids included, in one transaction. Anything else seeds as before: SQLite, a
# database in another state, a seed that sent e-mail (the test could read the outbox).
_SEED_COPIES: dict[Any, tuple[Any, dict[str, bytes]]] = {}
_SEED_SETTINGS = (
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_BROKER_URL",
    "EMAIL_BACKEND",
    "STORAGES",
    "MEDIA_ROOT",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "SITE_URL",
)


def seed_for_transactional_test(**options: Any) -> Any:
    """``seed_krakow(**options)`` in a transactional test (committed rows), fast from the
    second time on; returns its report."""
    import copy

    from django.core import mail
    from django.db import connection
    from django.utils import timezone

    from krakow_ngo.seed.loader import seed_krakow

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return seed_krakow(**options)
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    key = (
        connection.settings_dict["NAME"],
        tuple(sorted(options.items())),
        timezone.localdate(),  # the demo's dates follow today
        # Settings a test may change before seeding (queued rather than eager PDFs...).
        repr([getattr(settings, name, None) for name in _SEED_SETTINGS]),
        _row_counts(connection, tables),
    )
    if key in _SEED_COPIES:
        report, copies = _SEED_COPIES[key]
        _copy_back(connection, copies, filled=[table for table, _count in key[-1]])
        return copy.deepcopy(report)
    sent = len(getattr(mail, "outbox", []))
    report = seed_krakow(**options)
    if len(getattr(mail, "outbox", [])) == sent and is_superuser(connection):
        _SEED_COPIES[key] = (copy.deepcopy(report), _copy_out(connection, tables))
    return report


def _row_counts(connection: Any, tables: list[str]) -> tuple[tuple[str, int], ...]:
    quote = connection.ops.quote_name
    query = " UNION ALL ".join(
        f"SELECT %s, count(*) FROM {quote(table)}"  # noqa: S608 - Django's own table names
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(query, tables)
        return tuple(sorted((name, count) for name, count in cursor.fetchall() if count))


def is_superuser(connection: Any) -> bool:
    """Whether the connection may switch triggers off (``session_replication_role``).

    Copying back skips the tables' triggers (the rows are as they were made), and so does
    the test flush (conftest.py); without a superuser every test seeds and flushes as
    Django does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _copy_out(connection: Any, tables: list[str]) -> dict[str, bytes]:
    import io

    quote = connection.ops.quote_name
    copies = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = io.BytesIO()
            cursor.cursor.copy_expert(f"COPY {quote(table)} TO STDOUT (FORMAT binary)", buffer)
            copies[table] = buffer.getvalue()
    return copies


def _copy_back(connection: Any, copies: dict[str, bytes], filled: list[str]) -> None:
    """Every table as it was right after the kept seed: the few tables that hold rows
    (``filled``: what post_migrate made after the flush) emptied, then the rows copied
    back, with triggers and foreign-key checks off (they held when the rows were made;
    TRUNCATE of every table took a second). The content type and site caches are
    dropped: the ids may differ."""
    import io

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in filled:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - Django's table names
        for table, data in copies.items():
            cursor.cursor.copy_expert(
                f"COPY {quote(table)} FROM STDIN (FORMAT binary)", io.BytesIO(data)
            )
    ContentType.objects.clear_cache()
    if "django.contrib.sites" in settings.INSTALLED_APPS:
        from django.contrib.sites.models import SiteManager

        SiteManager().clear_cache()
