"""A Redis cache that survives Redis.

Rate limits (allauth's and the hub's), the page cache and the brand all live in the cache. With
a plain Redis cache an outage either fails requests or, with errors ignored, makes every
``add`` fail, which allauth reads as "someone else holds the rate-limit lock": nobody can log
in. Here, while Redis does not answer, every call goes to a cache in this process's memory:
limits still limit (per process), pages still render, and Redis is tried again only after
``RETRY_SECONDS``, so a request pays a dead Redis at most once per interval, not a connect
timeout per call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)

# The Django cache API, answered by the fallback while Redis is down.
_PORTABLE = (
    "get",
    "set",
    "add",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "touch",
    "clear",
)
# Redis-only calls the hub may make; while Redis is down they answer "nothing".
_REDIS_ONLY = ("ttl", "expire", "persist", "delete_pattern", "keys")


# Per process, shared by the threads' cache objects (Django gives each thread its own): until
# when each Redis (by location) is taken for down, on the monotonic clock.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        self.retry_seconds = float(params["OPTIONS"].pop("RETRY_SECONDS", 5))
        # Errors must reach this class to switch to the fallback, not be swallowed below.
        params["OPTIONS"]["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, params)
        self._location = str(server)
        # Local-memory caches of one name share their storage: one fallback per process.
        self.fallback = LocMemCache(
            f"agora-redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    @property
    def is_down(self) -> bool:
        """Redis failed less than ``retry_seconds`` ago: calls go to the fallback."""
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def _went_down(self, error: BaseException) -> None:
        with _lock:
            if not self.is_down:
                logger.warning(
                    "Redis cache unreachable (%s); using this process's memory for %.0f s",
                    error.__class__.__name__,
                    self.retry_seconds,
                )
            _down_until[self._location] = time.monotonic() + self.retry_seconds

    def _call(self, name: str, args, kwargs, *, portable: bool):
        if not self.is_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except OUTAGE as error:
                self._went_down(error)
        if portable:
            return getattr(self.fallback, name)(*args, **kwargs)
        return None

    def close(self, **kwargs) -> None:
        if not self.is_down:
            try:
                super().close(**kwargs)
            except OUTAGE as error:
                self._went_down(error)


def _delegate(name: str, *, portable: bool):
    def method(self, *args, **kwargs):
        return self._call(name, args, kwargs, portable=portable)

    method.__name__ = name
    method.__doc__ = getattr(RedisCache, name).__doc__
    return method


for _name in _PORTABLE:
    setattr(ResilientRedisCache, _name, _delegate(_name, portable=True))
for _name in _REDIS_ONLY:
    setattr(ResilientRedisCache, _name, _delegate(_name, portable=False))
