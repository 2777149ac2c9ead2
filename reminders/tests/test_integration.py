"""Exactly once through a real Celery worker, real Redis and a real SMTP server (issue 5).

The worker runs as a separate process against the test database, so the data
must be committed (transactional_db). It is killed with SIGKILL halfway through
the batch, while it waits for the SMTP server to answer RCPT of a message, and
started again: Redis redelivers the unacknowledged chunk after the (shortened)
visibility timeout and the ledger makes the new worker skip what was sent.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from consultations.tests.factories import PhaseFactory, ProgrammeFactory
from consultations.tests.smtp import smtp_server
from core.dates import WARSAW, warsaw_midnight
from core.testing import database_url, require_service
from reminders.models import ReminderDelivery, ReminderOffset
from reminders.services import reminders_send_due
from teams.models import Membership
from teams.tests.factories import SectorTeamFactory

pytestmark = [
    pytest.mark.integration,
    # Transactional: the worker process must see the committed rows. pytest-django
    # runs transactional tests after the others, so the flush afterwards cannot
    # take data-migration rows from them; this test makes the offset it needs.
    # (serialized_rollback would reload content types that the previous
    # transactional test's flush had already recreated: duplicate keys.)
    pytest.mark.django_db(transaction=True),
]

RECIPIENTS = 500
# Not a multiple of the chunk size: the killed chunk has sent part of its messages.
KILL_AFTER = 263


def _worker_env(smtp_port: int, queue: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        EMAIL_USE_SSL="false",
        REMINDERS_QUEUE=queue,
        REMINDERS_CHUNK_SIZE="50",
        # Redeliver a killed worker's tasks after 5 s instead of an hour.
        CELERY_VISIBILITY_TIMEOUT="5",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    return env


def _start_worker(env: dict[str, str], queue: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "krakow_ngo",
                "worker",
                "-Q",
                queue,
                "-n",
                f"{queue}-{uuid.uuid4().hex[:6]}@%h",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL parent and pool
        )


def _kill(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _recipients(n: int) -> None:
    """n team members with addresses, inserted in bulk (the factories take seconds)."""
    year = timezone.localdate().year + 2
    programme = ProgrammeFactory(first_year=year, last_year=year + 2)
    team = SectorTeamFactory(programme=programme)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"odbiorca{i:04d}", email=f"odbiorca{i:04d}@example.org")
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, team=team) for u in users)
    # Reminders go only to addresses confirmed at sign-up (allauth).
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    # A transactional test that ran earlier may have flushed the migrations' rows.
    ReminderOffset.objects.get_or_create(days=3)
    today = timezone.localdate(timezone.now(), WARSAW)
    PhaseFactory(
        programme=programme,
        starts_at=warsaw_midnight(today - dt.timedelta(days=10)),
        ends_at=warsaw_midnight(today + dt.timedelta(days=4)) - dt.timedelta(seconds=1),
    )


def test_a_worker_killed_mid_batch_and_restarted_delivers_each_of_500_reminders_once(
    settings: Any,
) -> None:
    require_service(
        bool(os.environ.get("REDIS_URL")),
        "needs a real Redis (REDIS_URL)",
        what="the reminder integration test (.ci/run sets it up)",
    )
    require_service(
        connection.vendor == "postgresql",
        "needs PostgreSQL shared with the worker",
        what="the reminder integration test (.ci/run sets it up)",
    )
    _recipients(RECIPIENTS)
    queue = f"reminders-it-{uuid.uuid4().hex[:8]}"
    log = Path(tempfile.mkstemp(prefix="reminder-worker-", suffix=".log")[1])
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REMINDERS_QUEUE = queue
    settings.REMINDERS_CHUNK_SIZE = 50
    killed = threading.Event()
    workers: list[subprocess.Popen[bytes]] = []

    with smtp_server() as (port, mailbox):

        def kill_halfway(accepted: int) -> None:
            # Runs inside the SMTP server before it answers RCPT: the worker is
            # in the middle of a message, its row locked and not yet committed.
            if accepted >= KILL_AFTER and not killed.is_set():
                _kill(workers[0])
                killed.set()

        mailbox.on_rcpt = kill_halfway
        env = _worker_env(port, queue)
        try:
            workers.append(_start_worker(env, queue, log))
            result = reminders_send_due(now=timezone.now())  # commits, then enqueues
            assert len(result.enqueued_ids) == RECIPIENTS
            assert killed.wait(timeout=120), "the worker never reached the middle of the batch"
            assert KILL_AFTER <= mailbox.count() < RECIPIENTS
            workers.append(_start_worker(env, queue, log))
            assert _wait_for(lambda: mailbox.count() >= RECIPIENTS, timeout=120), (
                f"only {mailbox.count()} messages arrived"
            )
            # Give a duplicate, if there were one, the time to arrive.
            assert _wait_for(
                lambda: not ReminderDelivery.objects.exclude(status="sent").exists(), timeout=30
            )
            time.sleep(2)
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace")[-5000:])
            raise
        finally:
            for worker in workers:
                _kill(worker)
    received = Counter(mailbox.recipients())
    assert len(received) == RECIPIENTS
    assert [to for to, n in received.items() if n > 1] == []
    assert sum(received.values()) == RECIPIENTS
    assert ReminderDelivery.objects.filter(status="sent").count() == RECIPIENTS
    # The message the worker was killed in was sent by the restarted worker, once.
    assert max(ReminderDelivery.objects.values_list("attempts", flat=True)) == 1
    log.unlink(missing_ok=True)
