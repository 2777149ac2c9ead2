"""The revision watch against a real Redis (docs/architecture.md, "Caching", "The revision watch").

A web process answers a kept page's revision numbers from memory only while its Redis
subscription is alive; a bump published by any process makes it forget them, and a
Redis that goes away makes it distrust every number until it is subscribed again.
"""

from __future__ import annotations

import os
import time

import pytest
import redis

from core import revisions
from core.testing import require_service
from krakow_ngo.tests.faults import own_redis, wait_for

pytestmark = pytest.mark.integration

SCOPE = "programme:424242"


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require_service(bool(url), "REDIS_URL is not set", what="Redis")
    return url


@pytest.fixture
def watch():
    watch = revisions._Watch()
    yield watch
    watch.stop()


def test_a_bump_published_by_another_process_is_forgotten_within_its_delivery(watch):
    url = _redis_url()
    watch.start(url)
    assert wait_for(lambda: watch.trusted, timeout=10)
    watch.known[SCOPE] = (7, time.monotonic())
    assert watch.numbers([SCOPE]) == {SCOPE: 7}
    assert watch.numbers([SCOPE, "site"]) is None  # one unknown scope: ask Redis
    redis.Redis.from_url(url).publish(revisions.CHANNEL, f"site\n{SCOPE}")
    assert wait_for(lambda: watch.numbers([SCOPE]) is None, timeout=5)


def test_a_number_older_than_the_timeout_is_not_used(watch):
    watch.start(_redis_url())
    assert wait_for(lambda: watch.trusted, timeout=10)
    watch.known[SCOPE] = (7, time.monotonic() - revisions.WATCH_TIMEOUT - 1)
    assert watch.numbers([SCOPE]) is None


def test_a_redis_that_goes_away_makes_the_watch_distrust_every_number(watch):
    with own_redis() as server:
        watch.start(server.url)
        assert wait_for(lambda: watch.trusted, timeout=10)
        watch.known[SCOPE] = (7, time.monotonic())
        server.stop()
        assert wait_for(lambda: not watch.trusted, timeout=20)
        assert watch.numbers([SCOPE]) is None
        # Back: subscribed again, trusted again, but with nothing remembered from before.
        server.start()
        assert wait_for(lambda: watch.trusted, timeout=20)
        assert watch.numbers([SCOPE]) is None
