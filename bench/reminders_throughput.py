"""Time to send N reminders through the Celery worker, against a plain SMTP loop.

Both are measured in the same run, on the same machine, against the same real SMTP
server (aiosmtpd on loopback) and the same rendered messages:

* baseline: one process renders every message and sends it over one SMTP
  connection, no Celery and no ledger;
* worker: the daily pass writes the ledger rows and enqueues chunks on Redis; a
  real ``celery worker`` claims each row, sends and commits (one SMTP connection
  per chunk).

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL). It creates and drops its
own throw-away database (bench/figures.py). Usage:

    DATABASE_URL=postgres://127.0.0.1:5432/krakow_ngo REDIS_URL=redis://127.0.0.1:6379/0 \
        python bench/reminders_throughput.py [--recipients 5000] [--concurrency 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "krakow_ngo.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=100)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        print("reminders_throughput: needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped.")
        return 0

    import django

    django.setup()
    from bench.figures import own_database

    with own_database("reminders"):
        return _run(args)


def _create_recipients(n: int) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.dates import WARSAW, warsaw_midnight
    from programmes.models import Municipality, Phase, Programme
    from teams.models import Membership, SectorTeam

    year = timezone.localdate().year + 2
    programme = Programme.objects.create(
        slug="bench",
        title="Program współpracy (benchmark)",
        municipality=Municipality.objects.get_or_create(
            name="Gmina Benchmarkowo",
            defaults={
                "name_genitive": "Gminy Benchmarkowo",
                "kind": "gmina",
                "council_name": "Rada",
            },
        )[0],
        first_year=year,
        last_year=year + 2,
        legal_basis="Ustawa z dnia 24 kwietnia 2003 r.",
    )
    team = SectorTeam.objects.create(programme=programme, name="Zespół", slug="bench-team")
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        user_model(username=f"bench{i:05d}", email=f"bench{i:05d}@example.org", first_name="Anna")
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, team=team) for u in users)
    # Reminders go only to addresses confirmed at sign-up (allauth).
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    today = timezone.localdate(timezone.now(), WARSAW)
    Phase.objects.create(
        programme=programme,
        kind=Phase.Kind.CONSULTATION,
        name="Konsultacje projektu programu",
        starts_at=warsaw_midnight(today - dt.timedelta(days=10)),
        ends_at=warsaw_midnight(today + dt.timedelta(days=4)) - dt.timedelta(seconds=1),
        accepts_comments=True,
    )


def _plain_loop(port: int) -> float:
    """Render and send every due reminder over one SMTP connection, no Celery, no ledger."""
    from django.contrib.auth import get_user_model
    from django.core.mail import get_connection
    from django.utils import timezone

    from reminders.emails import ChunkContext, build_message
    from reminders.models import ReminderDelivery
    from reminders.services import reminders_plan
    from teams.selectors import confirmed_email_addresses

    started = time.perf_counter()
    now = timezone.now()
    plan = reminders_plan(now=now)
    addresses = confirmed_email_addresses({d.user_id for d in plan.due})
    users = get_user_model().objects.in_bulk({d.user_id for d in plan.due})
    cache = ChunkContext()
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port
    )
    connection.open()
    try:
        for i, (due, _reason) in enumerate(plan.decisions, start=1):
            delivery = ReminderDelivery(
                pk=i,
                user=users[due.user_id],
                programme=due.deadline.programme,
                kind=due.deadline.kind,
                deadline_key=due.deadline.key,
                deadline_label=due.deadline.label,
                due_on=due.deadline.due_on,
                offset_days=due.offset,
            )
            message = build_message(
                delivery, address=addresses[due.user_id], language="pl", now=now, cache=cache
            )
            connection.send_messages([message])
    finally:
        connection.close()
    return time.perf_counter() - started


def _worker_env(port: int, queue: str, chunk: int) -> dict[str, str]:
    from django.db import connection

    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
        REMINDERS_QUEUE=queue,
        REMINDERS_CHUNK_SIZE=str(chunk),
    )
    return env


def _through_worker(port: int, mailbox: object, n: int, concurrency: int, chunk: int) -> float:
    from django.conf import settings
    from django.utils import timezone

    from krakow_ngo.celery import app
    from reminders.services import reminders_send_due

    queue = f"bench-reminders-{uuid.uuid4().hex[:8]}"
    node = f"{queue}@bench"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REMINDERS_QUEUE = queue
    settings.REMINDERS_CHUNK_SIZE = chunk
    log = Path(tempfile.mkstemp(prefix="bench-worker-", suffix=".log")[1])
    with log.open("ab") as out:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "krakow_ngo", "worker"),
                *("-Q", queue, "-n", node, f"--concurrency={concurrency}"),
                *("--loglevel=WARNING", "--without-gossip", "--without-mingle"),
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=_worker_env(port, queue, chunk),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[node], timeout=0.5):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"worker did not start:\n{log.read_text()[-3000:]}")
        started = time.perf_counter()
        reminders_send_due(now=timezone.now())  # writes the ledger, enqueues on commit
        while mailbox.count() < n:  # type: ignore[attr-defined]
            if time.perf_counter() - started > 600 or worker.poll() is not None:
                raise SystemExit(f"worker stalled:\n{log.read_text()[-3000:]}")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        log.unlink(missing_ok=True)


def _smtp_sink(port: Any, count: Any, sessions: Any, reset: Any, stop: Any) -> None:
    """The SMTP server, in its own process so it never competes with the sender for the GIL."""
    from consultations.tests.smtp import smtp_server

    with smtp_server() as (bound, mailbox):
        port.value = bound
        while not stop.is_set():
            if reset.is_set():
                mailbox.clear()
                reset.clear()
            count.value, sessions.value = mailbox.count(), mailbox.sessions
            time.sleep(0.005)


class _Sink:
    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.port, self._count, self._sessions = (
            ctx.Value("i", 0),
            ctx.Value("i", 0),
            ctx.Value("i", 0),
        )
        self._reset, self._stop = ctx.Event(), ctx.Event()
        self._process = ctx.Process(
            target=_smtp_sink,
            args=(self.port, self._count, self._sessions, self._reset, self._stop),
            daemon=True,
        )
        self._process.start()
        while not self.port.value:
            time.sleep(0.01)

    def count(self) -> int:
        return int(self._count.value)

    @property
    def sessions(self) -> int:
        return int(self._sessions.value)

    def clear(self) -> None:
        self._reset.set()
        while self._reset.is_set() or self.count():
            time.sleep(0.01)

    def stop(self) -> None:
        self._stop.set()
        self._process.join(timeout=10)


def _run(args: argparse.Namespace) -> int:
    from reminders.models import ReminderDelivery

    n = args.recipients
    _create_recipients(n)
    sink = _Sink()
    try:
        port = int(sink.port.value)
        loop = _plain_loop(port)
        time.sleep(0.1)
        if sink.count() != n:
            print(f"  MISMATCH: the plain loop delivered {sink.count()} of {n}")
            return 1
        sink.clear()
        worker = _through_worker(port, sink, n, args.concurrency, args.chunk)
        time.sleep(1)
        received, sessions = sink.count(), sink.sessions
    finally:
        sink.stop()
    sent_rows = ReminderDelivery.objects.filter(status="sent").count()
    print(
        f"reminders: {n} recipients, chunks of {args.chunk}, worker concurrency {args.concurrency}"
    )
    print(f"  plain loop, one SMTP connection, no Celery: {loop:7.2f} s  ({n / loop:6.0f} msg/s)")
    print(
        f"  daily pass + Celery worker on Redis:       {worker:7.2f} s  ({n / worker:6.0f} msg/s)"
    )
    print(f"  worker / plain loop ratio: {worker / loop:.2f}")
    print(f"  SMTP sessions: {sessions}; received {received}; ledger rows sent {sent_rows}")
    from bench.figures import emit

    emit(
        {
            "recipients": n,
            "plain_loop_s": round(loop, 2),
            "worker_s": round(worker, 2),
            "ratio": worker / loop,
            "received": received,
            "sent_rows": sent_rows,
        }
    )
    if received != n or sent_rows != n:
        print("  MISMATCH: every reminder must arrive exactly once")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
