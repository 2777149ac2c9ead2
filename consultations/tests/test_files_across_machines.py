"""Generated files need no shared disk: rendered on one "machine", served by another.

A real Celery worker runs with its own MEDIA_ROOT and renders a meeting's minutes and a
published draft; a gunicorn process with another MEDIA_ROOT serves them. The only
thing the two share is PostgreSQL (and Redis as the broker), as two machines would;
neither MEDIA_ROOT holds a file afterwards (docs/operations.md, "Stored files").
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import RenderedPdf
from consultations.tests.factories import version_with_sections
from core.models import OutboxEntry, StoredFile
from core.outbox import worker_name
from core.testing import database_url, require_service
from teams import services as team_services
from teams.models import MinutesPdf
from teams.tests.factories import MeetingFactory, MembershipFactory, SectorTeamFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _env(media_root: Path, queue: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        CELERY_TASK_ALWAYS_EAGER="false",
        DEBUG="false",
        MEDIA_ROOT=str(media_root),
        RENDER_QUEUE=queue,
    )
    return env


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return bool(predicate())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own server)
        return response.status, dict(response.headers), response.read()


def test_a_worker_renders_on_one_machine_and_another_serves_the_files(tmp_path, settings):
    require_service(
        connection.vendor == "postgresql",
        "needs PostgreSQL (DATABASE_URL)",
        what="the storage integration test",
    )
    require_service(
        bool(os.environ.get("REDIS_URL")),
        "needs Redis (REDIS_URL)",
        what="the storage integration test",
    )
    queue = f"renders-{uuid.uuid4().hex[:8]}"
    worker_media, web_media, own_media = (tmp_path / n for n in ("worker", "web", "tests"))
    for directory in (worker_media, web_media, own_media):
        directory.mkdir()
    settings.MEDIA_ROOT = own_media
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.RENDER_QUEUE = queue

    worker = _spawn(
        [
            "celery",
            "-A",
            "krakow_ngo",
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        _env(worker_media, queue),
        tmp_path / "worker.log",
    )
    port = _free_port()
    web = _spawn(
        ["gunicorn", "krakow_ngo.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        _env(web_media, queue),
        tmp_path / "web.log",
    )
    try:
        team = SectorTeamFactory()
        moderator = MembershipFactory(team=team, role="moderator").user
        meeting: Any = MeetingFactory(team=team)
        # Committed (transactional test): on commit the render goes to the worker's queue.
        team_services.minutes_publish(
            meeting=meeting, by=moderator, minutes="Ustalono harmonogram.", now=timezone.now()
        )
        version = version_with_sections(team.programme, published=True)
        consultation_services.pdf_request(programme=team.programme, version=version)

        def rendered() -> bool:
            return (
                MinutesPdf.objects.filter(meeting=meeting, rendered_at__isnull=False).exists()
                and RenderedPdf.objects.filter(version=version, rendered_at__isnull=False).exists()
            )

        assert _wait_for(rendered, 180), (tmp_path / "worker.log").read_text()[-3000:]
        # Delivered through the outbox by the worker's process, not by this one.
        delivered = OutboxEntry.objects.filter(
            handler__in=["teams.tasks.render_minutes_pdf", "consultations.tasks.render_pdf"],
            delivered_at__isnull=False,
        )
        assert delivered.count() == 2
        assert not delivered.filter(claimed_by=worker_name()).exists()

        def serving() -> bool:
            try:
                return _get(f"http://127.0.0.1:{port}/health/")[0] in (200, 503)
            except OSError:
                return False

        assert _wait_for(serving, 60), (tmp_path / "web.log").read_text()[-3000:]
        for document, url in (
            (
                MinutesPdf.objects.get(meeting=meeting),
                reverse("teams:meeting_minutes_pdf", args=[meeting.pk]),
            ),
            (
                RenderedPdf.objects.get(version=version),
                reverse(
                    "consultations:draft_pdf",
                    kwargs={"slug": team.programme.slug, "number": version.number},
                ),
            ),
        ):
            status, headers, body = _get(f"http://127.0.0.1:{port}{url}")
            stored = bytes(StoredFile.objects.get(name=document.file.name).content)
            assert status == 200
            assert headers["Content-Type"] == "application/pdf"
            assert headers["Content-Length"] == str(len(stored))
            assert body == stored
            assert body.startswith(b"%PDF")
    finally:
        _stop(worker)
        _stop(web)
        from krakow_ngo.celery import app

        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
    # Nothing on any machine's disk: the bytes are only in the database.
    for directory in (worker_media, web_media, own_media):
        assert list(directory.rglob("*")) == [], directory
