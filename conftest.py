"""Personas shared by every app's tests (docs/architecture.md, "Tests").

The five roles: anonymous, member, other_team_member, moderator, coordinator,
all around one programme with two sector teams.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import secrets
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from core.testing import CHROMIUM, CHROMIUM_ARGS, MigratedSqlite, migrate_empty_sqlite

# Browser tests drive Django from Playwright's event loop thread (docs/operations.md, "Pitfalls on our machines", item 5).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# ------------------------------------------------------------------------------
# One set of test databases per run, and per xdist worker within it
# ------------------------------------------------------------------------------
# Set once by the process the run starts in and inherited by its xdist workers (and
# by the Celery workers the integration tests start). `p<pid>_<random>` unless the
# environment names the run (e.g. TEST_RUN_ID=dev with --reuse-db).
RUN_ID_ENV = "TEST_RUN_ID"
_GENERATED_RUN_ID = re.compile(r"_p(?P<pid>[0-9]+)_[0-9a-f]{4}(?:_gw[0-9]+|_tpl|_copy[0-9]+)?$")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # not an xdist worker: this run starts here
        os.environ.setdefault(RUN_ID_ENV, f"p{os.getpid()}_{secrets.token_hex(2)}")


# ------------------------------------------------------------------------------
# Hypothesis profiles (docs/operations.md, "Property tests")
# ------------------------------------------------------------------------------
# "ci" is derandomized: the same examples every run, so a red build is reproducible
# from its log. "dev" explores new examples each run. HYPOTHESIS_PROFILE overrides.
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "dev", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


def run_id() -> str:
    return os.environ[RUN_ID_ENV]


def _base_test_name(db: dict[str, Any]) -> str | None:
    """Django's test database name before any suffix; None for SQLite: each process has its
    own in-memory database, or uses as is the file that SQLITE_TEST_PATH names."""
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return None
    return (db.get("TEST") or {}).get("NAME") or f"test_{db['NAME']}"


def _drop_stale_test_databases(db_alias: str, base: str) -> None:
    """Drop test databases whose run died (killed, crashed) before it could drop them.

    Only names this conftest generates, whose process is gone and to which nobody is
    connected: a run going on meanwhile, here or elsewhere, is never touched.
    """
    from django.db import connections

    connection = connections[db_alias]
    if connection.vendor != "postgresql":
        return
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database d WHERE datname LIKE %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)",
                [base.replace("_", r"\_") + r"\_p%"],
            )
            for (name,) in cursor.fetchall():
                match = _GENERATED_RUN_ID.search(name)
                if not match or name[: match.start()] != base or _alive(int(match["pid"])):
                    continue
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
    except Exception as exc:  # housekeeping only: never the reason a run fails
        warnings.warn(f"stale test databases left in place: {exc}", stacklevel=1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def django_db_run_suffix(django_db_blocker: Any) -> None:
    """``test_<name>`` becomes ``test_<name>_<run id>``: two runs never share a database."""
    for alias, db in settings.DATABASES.items():
        base = _base_test_name(db)
        if base is None:
            continue
        with django_db_blocker.unblock():
            _drop_stale_test_databases(alias, base)
        db.setdefault("TEST", {})["NAME"] = f"{base}_{run_id()}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings_xdist_suffix(
    django_db_run_suffix: None,
    django_db_modify_db_settings_xdist_suffix: None,
) -> None:
    """pytest-django's own fixture (``_gw0``, ``_gw1``…), after the run's suffix."""


# ------------------------------------------------------------------------------
# xdist workers on PostgreSQL: one migrated template per run, copied by each worker
# ------------------------------------------------------------------------------
# Migrating a test database from nothing takes 15-25 s on two busy cores, and every
# worker did it at once. Now the first worker migrates ``<test db>_tpl`` exactly as
# Django makes a test database, and each worker (the first included) gets
# ``CREATE DATABASE <its name> TEMPLATE <that>`` (a second). The template is built under
# a file lock and lives for the whole run, since tests copy it too (migrated_database_copy,
# below); the process the run started in drops it once every worker is done
# (pytest_sessionfinish, below), and after a crash the stale-database sweep above does.
@dataclasses.dataclass
class _Templates:
    """This worker's migrated templates (by name) and where their locks are."""

    locks: Path
    made: dict[str, Any] = dataclasses.field(default_factory=dict)  # name: DatabaseCreation

    def lock(self, template: str) -> contextlib.AbstractContextManager[None]:
        return _file_lock(self.locks / f"{template}.lock")


@pytest.fixture(scope="session")
def _test_database_from_template(
    django_db_keepdb: bool, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[_Templates | None]:
    if os.environ.get("PYTEST_XDIST_WORKER") is None or django_db_keepdb:
        yield None  # one process, or --reuse-db: pytest-django's own way
        return
    # The run's directory, above each worker's popen-gw<n>: the workers' locks meet there.
    made = _Templates(locks=tmp_path_factory.getbasetemp().parent)
    from django.db.backends.postgresql.creation import DatabaseCreation

    original = DatabaseCreation.create_test_db
    templates = made.made

    def create_test_db(
        self: DatabaseCreation,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool = True,
        keepdb: bool = False,
    ) -> str:
        if keepdb:
            return original(self, verbosity, autoclobber, serialize, keepdb)
        name = self._get_test_db_name()
        template = re.sub(r"_gw[0-9]+$", "", name) + "_tpl"
        quote = self.connection.ops.quote_name
        with made.lock(template):
            with self._nodb_cursor() as cursor:
                built = _database_exists(cursor, template)
            if not built:
                test_settings = self.connection.settings_dict["TEST"]
                own_name = test_settings["NAME"]
                test_settings["NAME"] = template
                try:
                    original(self, verbosity, True, False, False)  # migrate, cache table
                finally:
                    test_settings["NAME"] = own_name
                    self.connection.close()  # a template is copied only with no session on it
            with self._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                cursor.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
        templates[template] = self
        # The rest of Django's create_test_db, on the copy.
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        self.connection.ensure_connection()
        return name

    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]
    try:
        yield made
    finally:
        DatabaseCreation.create_test_db = original  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's process drops the templates its xdist workers built, after the last
    worker is done: a worker that ended early must not take it from one still copying it."""
    if hasattr(session.config, "workerinput") or not session.config.pluginmanager.has_plugin(
        "dsession"
    ):
        return  # a worker, or a run without workers (no template)
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with session.config.stash[blocking_manager_key].unblock():
        for alias, db in settings.DATABASES.items():
            base = _base_test_name(db)
            if base is None:
                continue
            connection = connections[alias]
            template = connection.ops.quote_name(f"{base}_{run_id()}_tpl")
            try:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
            except Exception as exc:  # housekeeping: the next run's sweep drops it
                warnings.warn(f"the run's template database is left: {exc}", stacklevel=1)


def _database_exists(cursor: Any, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """One process at a time holds ``path`` (xdist workers are processes)."""
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


@pytest.fixture(scope="session")
def django_db_setup(_test_database_from_template: _Templates | None, django_db_setup: None) -> None:
    """pytest-django's own fixture, with the template in place first (above)."""


@pytest.fixture
def migrated_database_copy(
    django_db_setup: None, _test_database_from_template: _Templates | None, django_db_blocker: Any
) -> Iterator[str | None]:
    """The name of a new PostgreSQL database copied from the run's migrated template
    (dropped after the test), for a test whose subprocesses need a migrated database of
    their own: a copy takes a second, a migration from nothing 15 s of CPU. None when
    there is no template (one process, --reuse-db, SQLite): the caller migrates."""
    made = _test_database_from_template
    if made is None or not made.made:
        yield None
        return
    template, creation = next(iter(made.made.items()))
    name = re.sub(r"_tpl$", "", template) + f"_copy{os.getpid()}"
    quoted = creation.connection.ops.quote_name(name)
    # Under the template's lock: it may still be being built.
    with django_db_blocker.unblock(), made.lock(template), creation._nodb_cursor() as cursor:
        present = _database_exists(cursor, template)
        if present:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
            source = creation.connection.ops.quote_name(template)
            cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE {source}")
    if not present:
        yield None
        return
    try:
        yield name
    finally:
        with django_db_blocker.unblock(), creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


# ------------------------------------------------------------------------------
# Transactional tests end with a flush: DELETE, not TRUNCATE, on PostgreSQL
# ------------------------------------------------------------------------------
# Django's flush truncates every table: new files for each table and index, 0.2-0.5 s
# a test here. The few rows a test leaves are deleted in a fraction of that. Row
# triggers (the immutable record's refusals) and foreign-key checks are off for the
# transaction, as TRUNCATE never fires them; that takes a superuser, and without one
# (or when sequences are to be reset) Django's own statements run.
@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete() -> Iterator[None]:
    from django.db.backends.postgresql.operations import DatabaseOperations

    from krakow_ngo.seed.testing import is_superuser

    original = DatabaseOperations.sql_flush

    def sql_flush(
        self: DatabaseOperations,
        style: Any,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if not tables or reset_sequences or not is_superuser(self.connection):
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            "SET LOCAL session_replication_role = replica",
            *(f"DELETE FROM {self.quote_name(table)}" for table in tables),  # noqa: S608 - Django's table names
        ]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = original  # type: ignore[method-assign]


# ------------------------------------------------------------------------------
# The order tests are handed out in: long ones early, short ones at the end
# ------------------------------------------------------------------------------
# pytest-django sorts the tests into three groups: those using the database in a
# transaction (`db`), the transactional ones (`transactional_db`, `live_server`: they
# flush the database, and the rows the data migrations made go with it), and those that
# use no test database at all. xdist's `--dist load` hands each worker a run of tests
# in that order, so on every worker the transactional tests still come after the others.
# Within those rules the long tests (the markers below: real stacks, own databases,
# Chromium) went last, and a worker was often left alone with a one-minute test at the
# end. Here, after pytest-django's sort: the long tests that use no test database go
# first (they need no data and leave none), then the `db` tests, then the transactional
# tests with the long ones first, and the short database-free tests last, to even out
# the end. A module's tests stay together (in collection order) within each group, so
# module- and class-scoped fixtures are still made once.
_SLOW_MARKERS = {"migration": 3, "integration": 3, "browser": 2}


def _django_group(item: pytest.Item) -> int:
    """pytest-django's order (plugin.pytest_collection_modifyitems): 0 `db`,
    1 transactional, 2 no test database."""
    from django.test import TestCase, TransactionTestCase

    test_cls = getattr(item, "cls", None)
    if test_cls and issubclass(test_cls, TransactionTestCase):
        return 0 if issubclass(test_cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    uses_db = marker is not None
    transactional = False
    if marker is not None:
        transactional = bool(
            marker.kwargs.get("transaction")
            or marker.kwargs.get("reset_sequences")
            or (marker.args and marker.args[0])
            or (len(marker.args) > 1 and marker.args[1])
        )
    fixtures = getattr(item, "fixturenames", ())
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if uses_db or "db" in fixtures else 2


def _weight(item: pytest.Item) -> int:
    return max((w for name, w in _SLOW_MARKERS.items() if item.get_closest_marker(name)), default=0)


@pytest.hookimpl(trylast=True)  # after pytest-django's own sort (tryfirst)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    groups = [_django_group(item) for item in items]
    if groups != sorted(groups):
        return  # not pytest-django's order (Django not configured?): leave it alone
    # rank: 0 long and database-free, 1 `db`, 2 transactional, 3 the other database-free
    ranks = [
        {0: 1, 1: 2, 2: 0 if _weight(item) else 3}[group]
        for item, group in zip(items, groups, strict=True)
    ]
    module_weight: dict[tuple[int, str], int] = {}
    module_first: dict[tuple[int, str], int] = {}
    for index, (item, rank) in enumerate(zip(items, ranks, strict=True)):
        key = (rank, item.nodeid.split("::", 1)[0])
        module_weight[key] = max(module_weight.get(key, 0), _weight(item))
        module_first.setdefault(key, index)

    def order(index: int) -> tuple[int, int, int, int]:
        rank = ranks[index]
        key = (rank, items[index].nodeid.split("::", 1)[0])
        if rank == 2:
            second = -module_weight[key]
        else:
            # A long test that copies the run's template waits for it to be built: it goes
            # after the other long ones, by which time the first `db` test has built it.
            second = int("migrated_database_copy" in getattr(items[index], "fixturenames", ()))
        return (rank, second, module_first[key], index)

    items[:] = [items[i] for i in sorted(range(len(items)), key=order)]


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    where = f"{db.get('HOST') or 'socket'}:{db.get('PORT') or ''}/{db.get('NAME')}"
    base = _base_test_name(db)
    sqlite_file = (db.get("TEST") or {}).get("NAME")
    test_db = f"{base}_{run_id()}[_gw<n>]" if base else sqlite_file or "in memory, one per process"
    return [
        f"database: {engine} ({where if engine != 'sqlite3' else db['NAME']}); "
        f"test database: {test_db}",
        f"celery eager: {settings.CELERY_TASK_ALWAYS_EAGER}; broker: {settings.CELERY_BROKER_URL}",
    ]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> MigratedSqlite:
    """An empty SQLite file migrated by ``manage.py migrate``, once per run (core.testing)."""
    basetemp = tmp_path_factory.getbasetemp()
    # xdist workers each have popen-gw<n> under the run's directory: share the parent.
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    return migrate_empty_sqlite(shared / "sqlite-migrated")


@pytest.fixture
def programme(db: Any) -> Any:
    from consultations.tests.factories import ProgrammeFactory

    return ProgrammeFactory()


@pytest.fixture
def team(programme: Any) -> Any:
    from teams.tests.factories import SectorTeamFactory

    return SectorTeamFactory(programme=programme)


@pytest.fixture
def other_team(programme: Any) -> Any:
    from teams.tests.factories import SectorTeamFactory

    return SectorTeamFactory(programme=programme)


@pytest.fixture
def anonymous() -> None:
    return None


@pytest.fixture
def member(team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="member").user


@pytest.fixture
def other_team_member(other_team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=other_team, role="member").user


@pytest.fixture
def moderator(team: Any) -> Any:
    from teams.tests.factories import MembershipFactory

    return MembershipFactory(team=team, role="moderator").user


@pytest.fixture
def other_team_moderator(other_team: Any) -> Any:
    from teams.services import moderator_staff_sync
    from teams.tests.factories import MembershipFactory

    user = MembershipFactory(team=other_team, role="moderator").user
    # As through the membership service: moderators are staff to enter the admin.
    moderator_staff_sync(user=user)
    return user


@pytest.fixture
def coordinator(db: Any) -> Any:
    from teams.services import coordinators_group_sync
    from teams.tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(coordinators_group_sync())
    return user


@pytest.fixture
def as_role(request: pytest.FixtureRequest, client: Any) -> Any:
    """``as_role("member")`` logs the test client in as that persona (or not at all)."""

    def login(role: str) -> Any:
        user = request.getfixturevalue(role)
        if user is not None:
            client.force_login(user)
        return user

    return login


# ------------------------------------------------------------------------------
# Browser tests: Debian's Chromium driven by Playwright (docs/operations.md, "Pitfalls on our machines", item 5).
# Our own fixtures rather than pytest-playwright's, so the launch flags that keep
# Chromium off the closed network are applied everywhere.
# ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Any:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps`.")
        pytest.skip(f"Chromium is missing at {CHROMIUM} (make system-deps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Any:
    context = browser.new_context(
        locale="pl-PL",
        timezone_id="Europe/Warsaw",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """A request in English leaves English active in the thread: restore Polish after each test."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: rolled-back rows must not survive as cached
    pages, and no rate-limit counter is left by another test."""
    from django.core.cache import caches

    from core import pagecache
    from core.testing import revisions_committed

    for cache in caches.all(initialized_only=True):
        cache.clear()
    pagecache.forget_local()
    # Nor do the revisions an earlier test bumped in its rolled-back transaction stay
    # "pending" on the connection (core.revisions).
    revisions_committed()


# ------------------------------------------------------------------------------
# The seed, loaded once per test class (and xdist worker) instead of once per test
# ------------------------------------------------------------------------------
# Loading the demo costs seconds; the tests of a module that read the seeded portal
# sit in one class, which loads it once inside an outer transaction. Each test then runs in a
# savepoint of that transaction (pytest-django's `db` nests its atomic block), so
# what one test changes is undone before the next, and the whole seed is rolled
# back when the class ends. Only for classes without transactional tests
# (live_server, transaction=True): those need a committed, flushed database.
@contextlib.contextmanager
def _seeded_for_module(django_db_blocker: Any, **seed_options: Any) -> Any:
    from django.db import transaction

    from krakow_ngo.seed.loader import seed_krakow

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_krakow(**seed_options)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="class")
def demo_seed_class(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo (three cycles, demo accounts) as of 28 November 2026, once per test class."""
    import datetime as dt

    with _seeded_for_module(django_db_blocker, demo=True, today=dt.date(2026, 11, 28)) as report:
        yield report


@pytest.fixture(scope="class")
def seed_class(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The 2011 seed alone, once per test class."""
    with _seeded_for_module(django_db_blocker) as report:
        yield report
