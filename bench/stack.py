"""A production-like stack that a benchmark starts for itself and tears down.

* a throw-away PostgreSQL database on the server of ``DATABASE_URL`` (created, migrated,
  dropped at the end), so a benchmark never sees or changes the data already there;
* its own ``redis-server`` on a free port, so that it can be stopped (the shared Redis
  of the machine never is);
* an SMTP sink (aiosmtpd, ``bench/load/smtp_sink.py``) that writes every accepted
  message to a JSON-lines file;
* gunicorn, 2 sync workers, ``DJANGO_ENV=production`` (DEBUG off), settings
  ``bench.settings`` (the production settings plus ``/bench/hello/``);
* a real Celery worker on that Redis.

Used by ``bench/load`` and ``bench/page_curve.py`` (docs/operations.md, "Benchmarks").
Standard library only (and psycopg2 from the app's requirements), so the load client's
own environment can import it too.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/krakow_ngo"


class StackError(RuntimeError):
    """A part of the stack did not start; the message carries the end of its log."""


def free_port() -> int:
    """A port nobody listens on now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing(*tools: str) -> list[str]:
    """What the stack cannot start without: PostgreSQL (production refuses SQLite),
    ``redis-server`` (its own Redis, stopped at will), and any other command named."""
    lacking = (
        []
        if os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL).startswith("postgres")
        else ["PostgreSQL (DATABASE_URL)"]
    )
    return lacking + [tool for tool in ("redis-server", *tools) if shutil.which(tool) is None]


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


# ------------------------------------------------------------------------------
# PostgreSQL: one throw-away database per benchmark
# ------------------------------------------------------------------------------
def _with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path="/" + quote(name)))


def _admin_connection(url: str) -> Any:
    import psycopg2

    conn = psycopg2.connect(_with_database(url, "postgres"))
    conn.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    return conn


def migrate_database(url: str, log: Path) -> None:
    """``manage.py migrate`` on the database at ``url`` (development settings suffice)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=url, DJANGO_ENV="development", PYTHONPATH=str(ROOT))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with log.open("ab") as out:
        result = subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
            check=False,
        )
    if result.returncode:
        raise StackError(f"migrate failed:\n{_tail(log)}")


def migrations_fingerprint() -> str:
    """A hash of every migration file: a template migrated from the same files is reusable."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        if ".venv" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _exists(cur: Any, name: str) -> bool:
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cur.fetchone() is not None


def _drop(cur: Any, name: str) -> None:
    # A killed gunicorn or worker may still hold a connection for a moment.
    cur.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )
    cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


def migrated_template(migrate: Callable[[str], None]) -> str:
    """The name of a database migrated from today's migration files, made once.

    Migrating from nothing takes minutes on a busy 2-core machine; ``CREATE DATABASE
    ... TEMPLATE`` copies a migrated one in a second. The template is named by the
    migrations' hash (``bench_tpl_<hash>``), so a changed migration makes a new one;
    templates of other hashes are dropped (a checkout with other migrations benchmarking at
    the same moment would have to build its own again). Only this function connects to it.
    ``BENCH_TEMPLATE_DATABASE`` names a migrated database to copy instead.
    """
    if given := os.environ.get("BENCH_TEMPLATE_DATABASE"):
        # Already migrated by the caller (the test suite hands over a copy of its own
        # template: one migration per test run, not two).
        return given
    base = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = f"bench_tpl_{migrations_fingerprint()}"
    conn = _admin_connection(base)
    try:
        with conn.cursor() as cur:
            # One builder at a time; the others wait and then find it made.
            cur.execute("SELECT pg_advisory_lock(hashtext('bench-template'))")
            if not _exists(cur, name):
                cur.execute("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_tpl\\_%%'")
                for (stale,) in cur.fetchall():
                    _drop(cur, stale)
                building = f"{name}_building"
                _drop(cur, building)
                cur.execute(f'CREATE DATABASE "{building}"')
                try:
                    migrate(_with_database(base, building))
                except BaseException:
                    _drop(cur, building)
                    raise
                cur.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
            cur.execute("SELECT pg_advisory_unlock(hashtext('bench-template'))")
    finally:
        conn.close()
    return name


@contextmanager
def throwaway_database(label: str, template: str | None = None) -> Iterator[str]:
    """Create ``bench_<label>_<pid>_<random>`` next to DATABASE_URL's; yield its URL; drop it."""
    base = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    name = f"bench_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    conn = _admin_connection(base)
    try:
        with conn.cursor() as cur:
            suffix = f' TEMPLATE "{template}"' if template else ""
            cur.execute(f'CREATE DATABASE "{name}"{suffix}')
        yield _with_database(base, name)
    finally:
        with conn.cursor() as cur:
            _drop(cur, name)
        conn.close()


# ------------------------------------------------------------------------------
# Processes
# ------------------------------------------------------------------------------
NICENESS = 10


def lower_session(pid: int) -> None:
    """Give the session of ``pid`` the worker's CPU priority against the other sessions.

    With autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``, on by
    default in Debian and on these machines), the CPU is first shared equally between
    sessions, and a process's own nice counts only inside its session: ``nice -n 10`` on a
    worker in a session of its own took as much CPU as the web processes in theirs
    (docs/operations.md, "Production"). The session's own nice is set here; without
    autogroups the file is missing and the process's nice alone is what counts.
    """
    with suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(NICENESS))


@dataclass
class Process:
    """One child process in its own session (so a kill reaches its children too).

    ``niced``: the whole session below the web processes' CPU priority, as production
    runs background work (``nice`` in the argv counts only inside the session).
    """

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None
    niced: bool = False

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if self.niced:
            lower_session(self.popen.pid)

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group (gunicorn's and Celery's children included)."""
        if self.popen is not None and self.popen.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 20) -> None:
        if self.popen is None:
            return
        self.kill(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def check(self) -> None:
        if self.popen is not None and self.popen.poll() is not None:
            raise StackError(f"{self.name} exited ({self.popen.returncode}):\n{_tail(self.log)}")


def _wait_for(predicate: Any, what: str, process: Process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        process.check()
        if time.monotonic() > deadline:
            raise StackError(f"{what} not ready after {timeout:.0f} s:\n{_tail(process.log)}")
        time.sleep(0.2)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> Any:
    """A plain GET: (status, headers, body); never raises on an HTTP error status."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback only)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@dataclass
class Stack:
    """The production-like stack; ``with Stack(...).running() as stack:`` starts it all."""

    label: str
    worker: bool = True
    web_workers: int = 2
    worker_concurrency: int = 2
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-stack-")))
    database_url: str = ""
    redis_port: int = field(default_factory=free_port)
    smtp_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    processes: dict[str, Process] = field(default_factory=dict)

    # -- environment ---------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def mail_log(self) -> Path:
        return self.work / "mail.jsonl"

    def env(self, *, production: bool = True) -> dict[str, str]:
        """What README's "Production" section exports, pointed at this stack."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            PYTHONPATH=str(ROOT),
            DJANGO_ENV="production" if production else "development",
            DEBUG="false",
            SECRET_KEY=self.secret_key,
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_USE_TLS="false",
            EMAIL_USE_SSL="false",
            DEFAULT_FROM_EMAIL="konsultacje@example.org",
            SITE_URL=self.base_url,
            MEDIA_ROOT=str(self.work / "media"),
            CELERY_TASK_ALWAYS_EAGER="false",
            # TLS ends at the proxy in production; the bench talks plain HTTP to gunicorn.
            SECURE_SSL_REDIRECT="false",
            # WeasyPrint's and gunicorn's INFO lines would fill the logs of a long run.
            LOG_LEVEL="WARNING",
        )
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return env

    def manage(self, *args: str, production: bool = True, timeout: float = 1800) -> None:
        log = self.work / "manage.log"
        env = self.env(production=production)
        with log.open("ab") as out:
            result = subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            )
        if result.returncode:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{_tail(log)}")

    def django(
        self, module: str, *args: str, timeout: float = 1800, niced: bool = False
    ) -> dict[str, Any]:
        """Run ``python -m <module> <args> --out F`` against this stack; return F's JSON.

        ``niced``: at the worker's CPU priority, for work production runs as a task.
        """
        out = self.work / f"{module.rsplit('.', 1)[-1]}-{secrets.token_hex(3)}.json"
        log = self.work / "django.log"
        with log.open("ab") as stream:
            # Niced work runs in a session of its own, lowered as a whole (lower_session).
            child = subprocess.Popen(
                [
                    *(("nice", "-n", str(NICENESS)) if niced else ()),
                    PYTHON,
                    "-m",
                    module,
                    *args,
                    "--out",
                    str(out),
                ],
                cwd=ROOT,
                env=self.env(),
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=niced,
            )
            if niced:
                lower_session(child.pid)
            try:
                returncode = child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                raise
        if returncode or not out.exists():
            raise StackError(f"{module} {' '.join(args)} failed:\n{_tail(log)}")
        data: dict[str, Any] = json.loads(out.read_text())
        return data

    # -- parts -----------------------------------------------------------------------
    def _process(
        self, name: str, argv: list[str], env: dict[str, str] | None = None, *, niced: bool = False
    ) -> Process:
        process = Process(name, argv, env or self.env(), self.work / f"{name}.log", niced=niced)
        self.processes[name] = process
        return process

    def start_redis(self) -> None:
        redis = self.processes.get("redis") or self._process(
            "redis",
            [
                "redis-server",
                *("--port", str(self.redis_port), "--bind", "127.0.0.1"),
                # Persistence as a production Redis has it (an RDB snapshot on shutdown):
                # a stop and start is an outage, not a wipe of every queued task.
                *("--dir", str(self.work), "--save", "3600 1", "--appendonly", "no"),
                *("--daemonize", "no"),
            ],
        )
        redis.start()
        _wait_for(lambda: _port_open(self.redis_port), "redis-server", redis, timeout=30)

    def stop_redis(self) -> None:
        self.processes["redis"].stop()

    def start_smtp(self) -> None:
        smtp = self._process(
            "smtp",
            [
                # The mail server is another machine in production: here it must not take
                # the web processes' CPU at their priority.
                *("nice", "-n", str(NICENESS)),
                *(PYTHON, "-m", "bench.load.smtp_sink"),
                *("--port", str(self.smtp_port), "--out", str(self.mail_log)),
            ],
            niced=True,
        )
        smtp.start()
        _wait_for(lambda: _port_open(self.smtp_port), "SMTP sink", smtp, timeout=30)

    def start_web(self) -> None:
        env = self.env() | {"DJANGO_SETTINGS_MODULE": "bench.settings"}
        web = self._process(
            "gunicorn",
            [
                *(PYTHON, "-m", "gunicorn", "krakow_ngo.wsgi"),
                *("--workers", str(self.web_workers), "--worker-class", "sync"),
                *("--bind", f"127.0.0.1:{self.web_port}", "--backlog", "2048"),
                *("--timeout", "120", "--log-level", "warning"),
            ],
            env,
        )
        web.start()
        hello = f"{self.base_url}/bench/hello/"
        _wait_for(lambda: _answers(hello), "gunicorn", web)

    def start_worker(self) -> None:
        worker = self.processes.get("worker") or self._process(
            "worker",
            [
                # As the Procfile runs it: below the web processes' CPU priority, so that a
                # PDF render or a reminder batch takes what the pages leave (docs/operations.md,
                # "Production"). nice execs celery: the pid stays the worker's.
                *("nice", "-n", str(NICENESS)),
                *(PYTHON, "-m", "celery", "-A", "krakow_ngo", "worker"),
                *("--concurrency", str(self.worker_concurrency), "--loglevel", "INFO"),
                *("-n", f"bench-{secrets.token_hex(3)}@%h"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            niced=True,
        )
        offset = worker.log.stat().st_size if worker.log.exists() else 0
        worker.start()

        def ready() -> bool:
            with worker.log.open("rb") as log:
                log.seek(offset)
                return b" ready." in log.read()

        _wait_for(ready, "Celery worker", worker)

    def start_beat(self) -> None:
        """celery beat, as production runs it (Procfile): the clock of the outbox sweeper,
        which sends again what a stopped broker or a killed worker left undelivered."""
        beat = self.processes.get("beat") or self._process(
            "beat",
            [
                *(PYTHON, "-m", "celery", "-A", "krakow_ngo", "beat", "--loglevel", "INFO"),
                *("--pidfile", str(self.work / "beat.pid")),
            ],
        )
        offset = beat.log.stat().st_size if beat.log.exists() else 0
        beat.start()

        def ready() -> bool:
            with beat.log.open("rb") as log:
                log.seek(offset)
                return b"beat: Starting" in log.read()

        _wait_for(ready, "Celery beat", beat)

    def kill_worker(self) -> None:
        """SIGKILL, as the OOM killer or a lost machine would: no warm shutdown."""
        worker = self.processes["worker"]
        worker.kill(signal.SIGKILL)
        if worker.popen is not None:
            worker.popen.wait(timeout=10)

    def collectstatic(self) -> None:
        """Production serves hashed static names (WhiteNoise's manifest); build it if stale."""
        manifest = ROOT / "staticfiles" / "staticfiles.json"
        sources = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
        newest = max((p.stat().st_mtime for p in sources), default=0.0)
        if not manifest.exists() or manifest.stat().st_mtime < newest:
            self.manage("collectstatic", "--noinput", "--verbosity", "0")

    @contextmanager
    def running(self, alongside: Callable[[], None] | None = None) -> Iterator[Stack]:
        """Everything up, in dependency order; everything down and the database dropped after.

        gunicorn, the Celery worker and beat depend on the database, Redis and the static
        manifest, not on each other, so they boot at the same time (each spends seconds
        importing Django; one after the other they were most of a short run's wall time).
        ``alongside`` (e.g. seeding the database) runs meanwhile, once the database, Redis
        and the SMTP sink are up; the stack is yielded only when it and every part are done.
        """
        template = migrated_template(lambda url: migrate_database(url, self.work / "manage.log"))
        with throwaway_database(self.label, template) as url:
            self.database_url = url
            try:
                self.start_redis()
                self.start_smtp()
                with ThreadPoolExecutor(max_workers=4, thread_name_prefix="stack") as pool:
                    side = pool.submit(alongside) if alongside is not None else None
                    self.collectstatic()
                    parts = [self.start_web]
                    if self.worker:
                        parts += [self.start_worker, self.start_beat]
                    started = [pool.submit(part) for part in parts]
                    # .result() re-raises a part's StackError (with the end of its log).
                    for future in [*started, *([side] if side is not None else [])]:
                        future.result()
                yield self
            finally:
                for process in reversed(list(self.processes.values())):
                    process.stop()
                if not os.environ.get("BENCH_KEEP"):  # BENCH_KEEP=1 keeps the logs
                    shutil.rmtree(self.work, ignore_errors=True)

    def mails(self) -> list[dict[str, Any]]:
        """Every message the SMTP sink accepted: ``{"to": [...], "subject": "..."}``."""
        if not self.mail_log.exists():
            return []
        lines = self.mail_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


def _answers(url: str) -> bool:
    try:
        status, _headers, _body = http_get(url, timeout=5)
    except OSError:
        return False
    return bool(status == 200)
