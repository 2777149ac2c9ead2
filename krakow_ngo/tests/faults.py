"""Real services to break on purpose: an own redis-server, Celery workers, a PostgreSQL cluster.

The shared Redis (6379) and PostgreSQL (5432) are never touched: each test starts the
service it stops on a free port in a temporary directory (docs/operations.md, "Outbox").
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from consultations.tests.smtp import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def require(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}: CI must run the fault-injection tests.")
    pytest.skip(why)


def wait_for(predicate: Callable[[], Any], timeout: float, interval: float = 0.1) -> bool:
    """Poll until ``predicate()`` is true or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


# ------------------------------------------------------------------------------
# Redis
# ------------------------------------------------------------------------------
class RedisProcess:
    """A redis-server of our own, stopped and started again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self.answers, timeout=10), "redis-server did not start"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        assert wait_for(lambda: not self.answers(), timeout=10)

    def answers(self) -> bool:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # One probe, no retries: redis-py 8 retries a refused connection 3 times with
        # backoff by default (~4 s), which every stop() (and own_redis's exit) paid once;
        # wait_for does the polling.
        client = redis.Redis(
            host="127.0.0.1",
            port=self.port,
            socket_connect_timeout=0.2,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            return bool(client.ping())
        except redis.exceptions.RedisError:
            return False
        finally:
            client.close()


@contextmanager
def own_redis() -> Iterator[RedisProcess]:
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisProcess()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def reset_celery_connections(app: Any) -> None:
    """kombu pools stay bound to the broker they were made for (docs/operations.md, "Pitfalls on our machines", item 10)."""
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def celery_broker(broker_url: str) -> Iterator[None]:
    """Point this process's Celery app at ``broker_url``, not eager; restore it after."""
    from krakow_ngo.celery import app

    keys = ("task_always_eager", "broker_url")
    changes = app.conf.changes
    saved = {k: changes[k] for k in keys if k in changes}
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    reset_celery_connections(app)
    try:
        yield
    finally:
        for key in keys:
            changes.pop(key, None)
        changes.update(saved)
        reset_celery_connections(app)


# ------------------------------------------------------------------------------
# Celery workers as separate processes, on the test database
# ------------------------------------------------------------------------------
def database_url(db: dict[str, Any] | None = None) -> str:
    db = db or connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    # NAME is test_<name>… while the test runs: the worker must see our rows.
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def process_env(**overrides: str) -> dict[str, str]:
    """The environment of a worker or server: not a test process, production-like."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url(),
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        # A killed worker's task comes back after 2 s, not an hour.
        CELERY_VISIBILITY_TIMEOUT="2",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    env.update(overrides)
    return env


class Worker:
    """``celery worker`` in its own process group, so SIGKILL takes the pool too."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.log = Path(tempfile.mkstemp(prefix="fault-worker-", suffix=".log")[1])
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "krakow_ngo",
                    "worker",
                    "-n",
                    f"fault-{uuid.uuid4().hex[:6]}@%h",
                    "--concurrency=1",
                    "--pool=prefork",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# ------------------------------------------------------------------------------
# PostgreSQL: an own cluster, as the postgres user (it refuses to run as root)
# ------------------------------------------------------------------------------
class PostgresCluster:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="fault-pg-"))
        self.data = self.dir / "data"
        self.user = "postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, self.user)
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False
        )

    def url(self, name: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{name}"

    def copy_database(self, source_url: str, name: str) -> None:
        """The test database, schema and rows, into a new database of this cluster."""
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name)
        dump = subprocess.run(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "-d", source_url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(name)],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
