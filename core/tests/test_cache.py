"""Redis down: the cache falls back to the database, login and pages keep working
(docs/operations.md, "Redis down")."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest
from django.core.cache import caches

from consultations.tests.smtp import free_port
from core.models import CacheFallbackEntry

pytestmark = pytest.mark.django_db

SHARED_REDIS = os.environ.get("REDIS_URL", "")


def _fallback_cache(settings: Any, location: str) -> Any:
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": location,
            # Keys of this test only, in case Redis is the shared one.
            "KEY_PREFIX": f"cache-test-{uuid.uuid4().hex[:8]}",
        }
    }
    return caches["default"]


@pytest.fixture
def redis_down(settings: Any) -> Any:
    """The cache on a port where no Redis listens."""
    return _fallback_cache(settings, f"redis://127.0.0.1:{free_port()}/0")


def test_with_redis_down_the_cache_reads_and_writes_the_database(redis_down):
    assert redis_down.get("missing", "default") == "default"
    redis_down.set("k", {"v": 1}, 60)
    assert redis_down.get("k") == {"v": 1}
    assert redis_down.add("n", 1, 60) is True
    assert redis_down.incr("n") == 2
    assert CacheFallbackEntry.objects.count() == 2
    assert not redis_down.redis_available()
    with pytest.raises(Exception, match="onnect"):
        redis_down.probe()


def test_with_redis_up_the_cache_uses_redis_and_not_the_database(settings):
    if not SHARED_REDIS.startswith("redis://"):
        pytest.skip("REDIS_URL is not set")
    cache = _fallback_cache(settings, SHARED_REDIS)
    try:
        cache.probe()
    except Exception:
        if os.environ.get("CI"):
            raise
        pytest.skip("the shared Redis does not answer")
    cache.set("k", "v", 30)
    assert cache.get("k") == "v"
    assert not CacheFallbackEntry.objects.exists()
    cache.delete("k")


def test_login_works_and_is_rate_limited_in_the_database_while_redis_is_down(
    redis_down, client, member
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/", {"login": member.username, "password": "test-password-123"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # allauth's login rate limit counted in the fallback table.
    assert CacheFallbackEntry.objects.exists()


def test_health_says_degraded_not_500_while_redis_is_down(redis_down, client):
    response = client.get("/health/")
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "degraded"
    assert data["checks"]["database"]["ok"] is True
    assert data["checks"]["cache"]["ok"] is False
    assert data["checks"]["cache"]["fallback"] == "database"
