"""The receipt travels the real way: on commit → Redis → a Celery worker → SMTP."""

from __future__ import annotations

import email
import os
import socket
import time
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Comment
from consultations.tests.conftest import build_version, verify_email
from consultations.tests.factories import PhaseFactory
from consultations.tests.smtp import smtp_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def smtp(settings: Any) -> Any:
    """The shared aiosmtpd server on loopback, with Django's SMTP backend pointed at it."""
    with smtp_server() as (port, mailbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield mailbox


def _reset_connections(app: Any) -> None:
    """Drop pooled connections, which stay bound to the broker they were made for.

    kombu keeps its pools in process-wide registries keyed by connection: closing
    one without clearing the registry leaves a closed pool that the next test using
    the same broker gets back ("Acquire on closed pool"). ``pools.reset`` does both.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def _delete_keys(prefix: str) -> None:
    """The queue and binding keys this test's prefix left in Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture
def worker() -> Any:
    """A real worker on Redis db 3, under keys of this run and xdist worker only.

    Celery snapshots Django's settings on first use, so this switches the app's own
    configuration and then removes exactly those keys again: a value left in
    ``app.conf`` would win for the rest of the run (docs/operations.md, "Pitfalls on our machines", item 2).
    """
    if not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis is down: the integration tests need it.")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    from krakow_ngo.celery import app

    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    changes = app.conf.changes
    saved = {k: changes[k] for k in keys if k in changes}
    # The default queue on Redis db 3 is shared by every run on this machine: a key
    # prefix per run and xdist worker keeps another run's worker off our task.
    run = os.environ.get("TEST_RUN_ID", str(os.getpid()))
    prefix = f"receipt-test-{run}-{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}:"
    app.conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        broker_transport_options={**app.conf.broker_transport_options, "global_keyprefix": prefix},
    )
    _reset_connections(app)
    try:
        with start_worker(app, perform_ping_check=False, loglevel="error") as w:
            yield w
    finally:
        for key in keys:
            changes.pop(key, None)
        changes.update(saved)
        _reset_connections(app)
        _delete_keys(prefix)
    assert app.conf.task_always_eager is True


def test_the_receipt_is_mailed_by_a_celery_worker_through_smtp(smtp, worker, member, programme):
    PhaseFactory(
        programme=programme,
        starts_at=timezone.now() - timezone.timedelta(days=1),
        ends_at=timezone.now() + timezone.timedelta(days=20),
    )
    version = build_version(programme)
    verify_email(member)
    comment = services.comment_submit(
        author=member,
        version=version,
        paragraph=None,
        data=services.CommentData(
            current_wording="",
            proposed_wording="Przez prawdziwego workera.",
            justification="Bo tak.",
            capacity=Comment.Capacity.ORGANISATION,
            organisation=member.memberships.get().organisation,
        ),
        now=timezone.now(),
    )
    deadline = time.monotonic() + 30
    while not smtp.count() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert smtp.count() == 1
    rcpt_tos, content = smtp.accepted[0]
    assert rcpt_tos == [member.email]
    message = email.message_from_bytes(content)
    subject = str(make_header(decode_header(message["Subject"])))
    assert comment.receipt_number in subject
    comment.refresh_from_db()
    assert comment.receipt_sent_at is not None
