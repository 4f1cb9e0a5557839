"""Where the rate-limit tests keep their counts: a real Redis on a key prefix of the test's own,
or a Redis that is not there (the store is down)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
# Nothing listens on port 1: every connection is refused at once.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


def redis_alias(location: str, prefix: str) -> dict[str, Any]:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def store_down(settings: Any, *aliases: str) -> None:
    """Point `aliases` (default: the rate-limit store) at a Redis that does not answer."""
    settings.CACHES = {
        **settings.CACHES,
        **{alias: redis_alias(DEAD_REDIS_URL, "dead") for alias in aliases or ("ratelimit",)},
    }


@contextmanager
def redis_store(settings: Any) -> Iterator[str]:
    """The rate-limit store on the real Redis, under a prefix of this test's own (its keys are
    deleted afterwards). Yields the prefix."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    prefix = f"jadwal-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {**settings.CACHES, "ratelimit": redis_alias(REDIS_URL, prefix)}
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


class FrozenClock:
    """Time for the rate limits under a test's control (config.ratelimit.clock); it starts on
    a window boundary for windows of 1 min, 15 min and 1 hour."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def freeze_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    from config import ratelimit

    clock = FrozenClock()
    monkeypatch.setattr(ratelimit, "clock", clock)
    return clock
