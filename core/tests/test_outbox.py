"""The transactional outbox (docs/architecture.md, "Outbox"): written with the change,
delivered once, swept when the broker lost it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from core import outbox
from core.models import OutboxEntry

pytestmark = pytest.mark.django_db

CALLS: list[dict[str, Any]] = []


def record(**payload: Any) -> None:
    """A side effect the tests can count."""
    CALLS.append(payload)


def fail(**payload: Any) -> None:
    raise ConnectionRefusedError("SMTP server away")


@pytest.fixture(autouse=True)
def _calls() -> Any:
    CALLS.clear()
    yield
    CALLS.clear()


HANDLER = f"{__name__}.record"


def test_an_entry_commits_and_is_delivered_with_its_change(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = outbox.enqueue(handler=HANDLER, payload={"n": 1}, dedup_key="k1")
    assert entry is not None
    assert CALLS == [{"n": 1}]
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    assert entry.attempts == 1
    assert entry.claimed_by


def test_a_rolled_back_change_leaves_no_entry_and_no_side_effect(
    django_capture_on_commit_callbacks,
):
    def change_that_fails() -> None:
        with transaction.atomic():
            outbox.enqueue(handler=HANDLER, payload={"n": 1})
            raise RuntimeError("the change failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()
    assert callbacks == []
    assert not OutboxEntry.objects.exists()
    assert CALLS == []


def test_the_same_dedup_key_is_one_entry(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = outbox.enqueue(handler=HANDLER, payload={"n": 1}, dedup_key="same")
        second = outbox.enqueue(handler=HANDLER, payload={"n": 2}, dedup_key="same")
    assert first is not None
    assert second is None
    assert OutboxEntry.objects.count() == 1
    assert CALLS == [{"n": 1}]


def test_a_delivered_entry_is_never_delivered_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = outbox.enqueue(handler=HANDLER, payload={"n": 1})
    assert entry is not None
    assert outbox.deliver(pk=entry.pk) is False  # a redelivered task
    assert CALLS == [{"n": 1}]


def test_a_failing_side_effect_stays_pending_with_its_error(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = outbox.enqueue(handler=f"{__name__}.fail", payload={})
    assert entry is not None
    entry.refresh_from_db()
    assert entry.delivered_at is None
    assert entry.attempts == 1
    assert "ConnectionRefusedError" in entry.last_error


def test_a_broker_that_is_down_never_reaches_the_caller(settings, caplog):
    """Eager off and the broker on a closed port: dispatch logs, returns False, raises nothing."""
    from consultations.tests.smtp import free_port
    from krakow_ngo.tests.faults import celery_broker

    entry = OutboxEntry.objects.create(handler=HANDLER, dedup_key="down")
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        assert outbox.dispatch(entry.pk) is False
    assert "not dispatched" in caplog.text
    entry.refresh_from_db()
    assert entry.delivered_at is None
    assert CALLS == []


def test_the_sweeper_sends_again_what_the_broker_lost_or_a_dead_worker_left(settings):
    settings.OUTBOX_RETRY_AFTER = 60
    settings.OUTBOX_CLAIM_TIMEOUT = 300
    now = timezone.now()
    ago = now - timezone.timedelta(seconds=61)
    lost = OutboxEntry.objects.create(handler=HANDLER, dedup_key="lost", dispatched_at=ago)
    fresh = OutboxEntry.objects.create(handler=HANDLER, dedup_key="fresh", dispatched_at=now)
    dead = OutboxEntry.objects.create(
        handler=HANDLER,
        dedup_key="dead",
        dispatched_at=now - timezone.timedelta(seconds=400),
        claimed_at=now - timezone.timedelta(seconds=301),
        attempts=1,
    )
    busy = OutboxEntry.objects.create(
        handler=HANDLER, dedup_key="busy", dispatched_at=ago, claimed_at=now, attempts=1
    )
    result = outbox.sweep(now=now)
    assert (result.due, result.dispatched) == (2, 2)
    assert sorted(CALLS, key=str) == [{}, {}]
    delivered = set(OutboxEntry.objects.exclude(delivered_at=None).values_list("pk", flat=True))
    assert delivered == {lost.pk, dead.pk}
    assert fresh.pk not in delivered
    assert busy.pk not in delivered


def test_the_sweeper_gives_up_after_the_maximum_of_attempts(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    old = timezone.now() - timezone.timedelta(days=1)
    OutboxEntry.objects.create(
        handler=HANDLER, dedup_key="x", dispatched_at=old, claimed_at=old, attempts=3
    )
    assert outbox.sweep().due == 0
    assert outbox.stats()["failed"] == 1


def test_the_sweeper_is_in_the_beat_schedule():
    task = PeriodicTask.objects.get(name="Outbox sweeper")
    assert task.task == "core.outbox_sweep"
    assert task.enabled
    assert task.interval is not None
    assert task.interval.every == 60
    from krakow_ngo.celery import app

    app.loader.import_default_modules()
    assert "core.outbox_sweep" in app.tasks
    assert "core.outbox_deliver" in app.tasks


def test_health_reports_entries_the_sweeper_gave_up_on(client, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    old = timezone.now() - timezone.timedelta(days=1)
    OutboxEntry.objects.create(
        handler=HANDLER, dedup_key="y", dispatched_at=old, claimed_at=old, attempts=1
    )
    response = client.get("/health/")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "degraded"
    assert data["checks"]["outbox"] == {"ok": False, "pending": 1, "overdue": 0, "failed": 1}
