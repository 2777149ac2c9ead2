"""Helpers shared by the tests of every app: browsers, and processes that share the test database."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium floods the closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS: Path = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    origin = page.evaluate("location.origin")
    if origin.startswith("http"):
        # From our own origin: the CSP (script-src 'self') refuses an inline script,
        # which is what injecting the file's text would be (docs/operations.md, "Headers").
        page.add_script_tag(url=f"{origin}{settings.STATIC_URL}vendor/axe-core/axe.min.js")
    else:  # a page set from a string (an e-mail body) has no origin and no policy
        page.add_script_tag(path=str(AXE_JS))
    # Colours are measured at rest: a button just clicked or swapped in is still in its
    # focus transition (Bootstrap's 0.15 s), whose middle colours can fail the contrast
    # check. Wait for every finite transition and animation (a spinner's never ends).
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)))"""
    )
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot_dir() -> Path | None:
    """Where browser tests leave screenshots for people to look at (SCREENSHOT_DIR)."""
    raw = os.environ.get("SCREENSHOT_DIR")
    if not raw:
        return None
    path = Path(raw)
    path.mkdir(parents=True, exist_ok=True)
    return path


# ------------------------------------------------------------------------------
# The role matrix of the team, meeting and SWOT views (docs/architecture.md, "Tests")
# ------------------------------------------------------------------------------
TEAM_ROLES = [
    "anonymous",
    "member",
    "other_team_member",
    "moderator",
    "other_team_moderator",
    "coordinator",
]
# Expected statuses in TEAM_ROLES order.
MODERATE_GET = (302, 403, 403, 200, 403, 200)
MODERATE_POST = (302, 403, 403, 302, 403, 302)
TAKE_PART_POST = (302, 302, 403, 302, 403, 302)


def expect(statuses: tuple[int, ...]) -> list[tuple[str, int]]:
    """Pair each role with its expected status, for ``pytest.mark.parametrize``."""
    return list(zip(TEAM_ROLES, statuses, strict=True))


def client_as(request: Any, client: Any, role: str) -> Any:
    """Log the test client in as the persona fixture ``role`` (anonymous: nobody)."""
    user = request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    return user


def revisions_committed() -> None:
    """Treat the revisions bumped so far in this test as committed.

    pytest-django runs a test in one transaction whose commit never comes, and a
    transaction that bumped a scope reads it from the database rather than the cache
    (``core.revisions``). Query counts of cache hits call this after their setup.
    """
    from django.db import transaction

    transaction.get_connection().__dict__.pop("_revisions_pending", None)


def require_service(condition: bool, why: str, *, what: str) -> None:
    """Skip a test whose real service is missing here; in CI (which sets them all up) fail."""
    import pytest

    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}: CI must run {what}.")
    pytest.skip(why)


def database_url(name: str | None = None) -> str:
    """A postgres:// URL of the test connection's server, for processes the test starts.

    ``name`` defaults to the test database itself (test_<name>…, so a worker or gunicorn
    sees the test's rows); give another name for a database beside it.
    """
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}@{host}:{port}/{name or db['NAME']}"


@dataclass(frozen=True)
class MigratedSqlite:
    """What ``manage.py migrate`` did to an empty SQLite file (``make run``'s first step)."""

    path: Path
    returncode: int
    stderr: str


def migrate_empty_sqlite(shared: Path) -> MigratedSqlite:
    """Migrate an empty SQLite file in ``shared`` once, whichever process asks first.

    Migrating from nothing takes ~15 s; test_sqlite_migrations checks the outcome and
    test_search_sqlite runs its tests on a copy. ``shared`` is one directory per test run
    for all its xdist workers: the first takes the lock and migrates, the others wait and
    read the outcome. Nobody writes to the file afterwards (copy it to change it).
    """
    shared.mkdir(parents=True, exist_ok=True)
    database = shared / "portal.sqlite3"
    outcome = shared / "migrate.json"
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not outcome.exists():
            env = {
                k: v
                for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "REDIS_URL", "PYTEST_VERSION", "SQLITE_TEST_PATH"}
            }
            env |= {"SQLITE_PATH": str(database), "DJANGO_ENV": "development"}
            done = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            outcome.write_text(
                json.dumps({"returncode": done.returncode, "stderr": done.stderr[-3000:]})
            )
        result = json.loads(outcome.read_text())
    return MigratedSqlite(database, result["returncode"], result["stderr"])
