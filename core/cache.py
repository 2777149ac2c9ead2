"""A cache that keeps working while Redis is down (docs/operations.md, "Redis down").

Django's Redis backend raises ``redis.ConnectionError`` on every call while Redis is
away, and whatever reads the cache (allauth's login rate limits, the open-data API
limit, cached exports) answers 500. This backend delegates to Redis and, when Redis
does not answer, to Django's database cache on the table ``core_cache_fallback``
(``core.models.CacheFallbackEntry``): pages keep working and rate limits keep
counting, in PostgreSQL, until Redis is back. After a failure Redis is left alone for
``RETRY_SECONDS`` (per process), so an outage costs one refused connection, not one
per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

FALLBACK_TABLE = "core_cache_fallback"
RETRY_SECONDS = 5.0

# Per process and Redis location: when Redis last failed (monotonic seconds).
_down_since: dict[str, float] = {}
_lock = threading.Lock()


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class _ReusingRedisClient(RedisCacheClient):
    """Django's client, but one ``redis.Redis`` per connection pool instead of per call.

    Django builds a new ``redis.Redis`` object for every cache call; its constructor costs
    about 0.2 ms, which was a third of a cached page's whole answer (docs/architecture.md,
    "Caching"). The object holds no connection of its own (the pool does) and is
    thread-safe, so one per pool is enough.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[index] = client
        return client


class _RedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingRedisClient


class FallbackRedisCache(BaseCache):
    """Redis while it answers, the database cache while it does not."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._location = server
        options = {
            # A Redis that is away must cost milliseconds, not the OS's TCP timeout.
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1.0,
            **params.get("OPTIONS", {}),
        }
        self.primary = _RedisCache(server, {**params, "OPTIONS": options})
        self.fallback = DatabaseCache(
            FALLBACK_TABLE, {k: v for k, v in params.items() if k != "OPTIONS"}
        )

    # -- state -------------------------------------------------------------------
    def redis_available(self) -> bool:
        """False for RETRY_SECONDS after Redis failed in this process."""
        since = _down_since.get(self._location)
        return since is None or time.monotonic() - since >= RETRY_SECONDS

    def probe(self) -> None:
        """Ask Redis itself (for /health/); raises what the Redis client raises."""
        self.primary._cache.get_client(write=True).ping()  # type: ignore[attr-defined]
        with _lock:
            _down_since.pop(self._location, None)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.redis_available():
            method: Callable[..., Any] = getattr(self.primary, name)
            try:
                result = method(*args, **kwargs)
            except _redis_errors() as exc:
                with _lock:
                    first = self._location not in _down_since
                    _down_since[self._location] = time.monotonic()
                if first:
                    logger.warning("Redis cache unavailable (%s): using the database cache", exc)
            else:
                if self._location in _down_since:
                    with _lock:
                        _down_since.pop(self._location, None)
                    logger.warning("Redis cache available again")
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # -- the cache API -------------------------------------------------------------
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", key, default, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._call("incr", key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("delete_many", keys, version)

    def clear(self) -> Any:
        return self._call("clear")

    def close(self, **kwargs: Any) -> None:
        self.primary.close(**kwargs)
        self.fallback.close(**kwargs)
