"""Revision numbers of cached pages (docs/architecture.md, "Caching"), on the real Redis."""

from __future__ import annotations

import logging
import os
import secrets
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from core import revisions
from core.models import Revision
from core.testing import revisions_committed

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def any_cache(request: pytest.FixtureRequest, settings: Any) -> Any:
    if request.param == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("REDIS_URL is not set")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                # A prefix of this test's own: the Redis database is shared.
                "KEY_PREFIX": f"test-revisions-{secrets.token_hex(4)}",
            }
        }
    yield cache
    cache.clear()


def test_a_scope_starts_at_zero_and_each_bump_gives_a_higher_number(any_cache):
    assert revisions.revision("programme:1") == 0
    revisions.bump("programme:1")
    first = revisions.revision("programme:1")
    revisions.bump("programme:1", "swot-board:2")
    numbers = revisions.revisions(["programme:1", "swot-board:2"])
    assert numbers["programme:1"] > first > 0
    assert numbers["swot-board:2"] > 0


def test_a_flushed_cache_falls_back_to_the_database_row(any_cache):
    revisions.bump("programme:7")
    revisions_committed()
    number = revisions.revision("programme:7")
    assert any_cache.get(f"{revisions.KEY_PREFIX}programme:7") == number
    any_cache.clear()
    assert revisions.revision("programme:7") == number
    assert Revision.objects.get(scope="programme:7").number == number


def test_a_hit_reads_no_database(any_cache, django_assert_num_queries):
    revisions.bump("programme:3")
    revisions_committed()
    number = revisions.revision("programme:3")  # the copy is in the cache now
    with django_assert_num_queries(0):
        assert revisions.revision("programme:3") == number


def test_a_rolled_back_bump_leaves_no_number_behind(any_cache):
    revisions.bump("programme:5")
    revisions_committed()
    before = revisions.revision("programme:5")
    seen: dict[str, Any] = {}

    def write_then_fail() -> None:
        with transaction.atomic():
            revisions.bump("programme:5")
            seen["inside"] = revisions.revision("programme:5")
            seen["copy"] = any_cache.get(f"{revisions.KEY_PREFIX}programme:5")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    inside = seen["inside"]
    assert inside > before  # the writer saw its own change…
    assert seen["copy"] is None  # …but never lent it to the cache: it could roll back.
    assert revisions.revision("programme:5") == before
    revisions.bump("programme:5")
    # A number rolled back is never given again: what was rendered under it is unreachable.
    assert revisions.revision("programme:5") not in (before, inside)


def test_a_reader_never_overwrites_a_newer_copy(any_cache):
    revisions.bump("programme:9")
    revisions_committed()
    number = revisions.revision("programme:9")
    # A slow reader's older number is only ever added, so the cached copy stays.
    any_cache.add(f"{revisions.KEY_PREFIX}programme:9", number - 1, timeout=None)
    assert revisions.revision("programme:9") == number


@pytest.mark.parametrize("name", ["weasyprint", "fontTools", "weasyprint.progress"])
def test_weasyprints_info_lines_stay_out_of_the_logs(name):
    assert not logging.getLogger(name).isEnabledFor(logging.INFO)


def test_with_redis_away_the_rows_answer_and_no_stale_copy_is_trusted(settings, db):
    from django.core.cache import caches

    from core import cache as fallback_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    backend = caches["default"]
    try:
        revisions.bump("programme:11")
        number = revisions.revision("programme:11")
        assert number == Revision.objects.get(scope="programme:11").number
        # A copy one process left in the database fallback during an earlier outage:
        backend.fallback.set(f"{revisions.KEY_PREFIX}programme:11", 1, timeout=None)
        assert revisions.revision("programme:11") == number
        revisions.bump("programme:11")
        assert revisions.revision("programme:11") > number
    finally:
        fallback_cache._down_since.clear()
