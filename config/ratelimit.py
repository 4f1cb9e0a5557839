"""Rate limits every app server shares: log-in failures, sign-ups, time-scale switches.

The counts live in the `ratelimit` cache (settings.CACHES): Redis when REDIS_URL is set,
otherwise a table in the database (`accounts.RateLimitEntry`, created by `migrate`). Never in a
worker's memory: with four gunicorn workers a per-process count lets four times as many through.

Counting is a sliding window, estimated from two fixed windows (the current one and the one
before it, weighted by how much of it still lies within the last `seconds`):

    estimate = current + ceil(previous × (1 − elapsed / seconds))

Rounding up keeps the estimate from ever letting one more through at a window boundary. Each
count is one key per window (`rl:<scope>:<window number>:<hash of who>`), created with `add`
and raised with `incr`, both atomic on Redis and on the database cache below, and it expires
on its own once it can no longer be read.

Writes fail closed: when the store cannot be reached every function here raises
RateLimitUnavailable, and the caller refuses the log in, sign up or switch it was guarding.
Nothing that only reads a page asks the store anything.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import pickle
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.http import HttpRequest
from django.utils.timezone import now as tz_now

from config.env import parse_rate

logger = logging.getLogger(__name__)

CACHE_ALIAS = "ratelimit"

# Read by tests that move time forward; seconds since the epoch.
clock: Callable[[], float] = time.time


class RateLimitUnavailable(Exception):
    """The store of the counts could not be reached: refuse what was being limited."""


@dataclass(frozen=True)
class Limit:
    """At most `count` in any `seconds`, per whoever `scope` counts (a username, an address)."""

    scope: str
    count: int
    seconds: int

    @classmethod
    def from_rate(cls, scope: str, rate: str) -> Limit:
        parsed = parse_rate(rate)
        if parsed is None:
            raise ValueError(f"{rate!r} is not a rate such as 10/min")
        return cls(scope, *parsed)

    def keys(self, who: str, window: int) -> tuple[str, str]:
        """Keys of the current and the previous window's count."""
        digest = hashlib.sha256(f"{self.scope}\0{who}".encode()).hexdigest()[:40]
        return f"rl:{self.scope}:{window}:{digest}", f"rl:{self.scope}:{window - 1}:{digest}"


Check = tuple[Limit, str]


def store() -> BaseCache:
    return caches[CACHE_ALIAS]


def _window(limit: Limit, now: float) -> tuple[int, float]:
    """The current window's number and how many seconds of it have passed."""
    number = int(now // limit.seconds)
    return number, now - number * limit.seconds


def estimate(limit: Limit, current: int, previous: int, elapsed: float) -> int:
    share = previous * (limit.seconds - elapsed) / limit.seconds
    # 1e-9: 3 × 40 / 60 is 1.9999999999999998 or 2.0000000000000004 depending on the order.
    return current + max(0, math.ceil(share - 1e-9))


def seconds_to_wait(limit: Limit, current: int, previous: int, elapsed: float) -> float:
    """How long until the estimate is below `limit.count` again (0: one more may go now)."""
    room = limit.count - 1  # the estimate that still lets one more through
    if current > room:
        # Not in this window: in the next one `current` becomes the previous count, and
        # ceil(current × (1 − f)) <= room once f >= 1 − room / current.
        return (limit.seconds - elapsed) + limit.seconds * (current - room) / current
    if estimate(limit, current, previous, elapsed) <= room:
        return 0.0
    # ceil(previous × (1 − f)) <= room − current once f >= 1 − (room − current) / previous.
    return limit.seconds * (previous - room + current) / previous - elapsed


def _counts(checks: Iterable[Check], now: float) -> list[tuple[Limit, int, int, float, str]]:
    """(limit, current, previous, elapsed, current key) of each check, read in one round trip."""
    rows = []
    for limit, who in checks:
        window, elapsed = _window(limit, now)
        current_key, previous_key = limit.keys(who, window)
        rows.append((limit, elapsed, current_key, previous_key))
    try:
        found = store().get_many([key for row in rows for key in row[2:]])
    except Exception as exc:
        logger.error("rate-limit store unavailable (read): %s", exc)
        raise RateLimitUnavailable from exc
    return [
        (limit, int(found.get(current, 0)), int(found.get(previous, 0)), elapsed, current)
        for limit, elapsed, current, previous in rows
    ]


def whole_seconds(wait: float) -> int:
    """A wait in whole seconds, rounded up (and not up by a rounding error: 40.00000000000001)."""
    return max(0, math.ceil(wait - 1e-9))


def wait_seconds(*checks: Check) -> int:
    """Whole seconds until every check lets one more through; 0 when they all do now."""
    waits = [
        seconds_to_wait(limit, current, previous, elapsed)
        for limit, current, previous, elapsed, _ in _counts(checks, clock())
    ]
    return whole_seconds(max(waits, default=0.0))


def _increment(key: str, limit: Limit) -> int:
    cache = store()
    # A count is read while its window and the next one are current, then forgotten.
    ttl = 2 * limit.seconds + 60
    if cache.add(key, 1, ttl):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        return 1


def record(*checks: Check) -> None:
    """Count one more for each check (a failed log in: for the username and the address)."""
    now = clock()
    try:
        for limit, who in checks:
            _increment(limit.keys(who, _window(limit, now)[0])[0], limit)
    except Exception as exc:
        logger.error("rate-limit store unavailable (write): %s", exc)
        raise RateLimitUnavailable from exc


def consume(limit: Limit, who: str) -> int:
    """Let one more through and count it, or say how many seconds to wait (it is then not
    counted). Two servers asking at the same moment cannot both take the last place."""
    now = clock()
    ((_, current, previous, elapsed, key),) = _counts([(limit, who)], now)
    wait = whole_seconds(seconds_to_wait(limit, current, previous, elapsed))
    if wait > 0:
        return wait
    try:
        current = _increment(key, limit)
    except Exception as exc:
        logger.error("rate-limit store unavailable (write): %s", exc)
        raise RateLimitUnavailable from exc
    if estimate(limit, current, previous, elapsed) > limit.count:  # someone else took it
        return max(1, whole_seconds(seconds_to_wait(limit, current, previous, elapsed)))
    return 0


def reset(*checks: Check) -> None:
    """Forget the counts (a successful log in clears its username's failures)."""
    keys = []
    now = clock()
    for limit, who in checks:
        keys.extend(limit.keys(who, _window(limit, now)[0]))
    try:
        store().delete_many(keys)
    except Exception as exc:
        logger.error("rate-limit store unavailable (reset): %s", exc)
        raise RateLimitUnavailable from exc


# --- who is asking ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(ip_network(value, strict=False) for value in trusted)


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, as rate limits count it.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES (nginx or Apache in front of
    gunicorn) or empty (a Unix socket): then the X-Real-IP header that proxy sets
    (deploy/nginx.conf and deploy/apache.conf overwrite it with the address they were called
    from). IPv6 addresses count per /64, the block one home or server usually gets.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = _address(remote)
    # No address at all: gunicorn on a Unix socket, which only this machine's processes reach.
    from_proxy = not remote or (
        address is not None
        and any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))
    )
    if from_proxy:
        forwarded = _address(request.META.get("HTTP_X_REAL_IP", ""))
        if forwarded is not None:
            address = forwarded
    if address is None:
        return remote or "unknown"
    if isinstance(address, IPv6Address):
        return str(ip_network(f"{address}/64", strict=False))
    return str(address)


# --- the database store -----------------------------------------------------------------------


class DatabaseCounterCache(DatabaseCache):
    """Django's database cache with an atomic `incr` that keeps the key's expiry.

    DatabaseCache inherits `incr` from BaseCache: a get and then a set, so two servers counting
    at once both write the same number, and the set gives the key the default timeout. Here the
    row is read with SELECT … FOR UPDATE (SQLite: the write lock that BEGIN IMMEDIATE takes)
    and updated in one transaction.
    """

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        select = (
            f"SELECT {quote('value')}, {quote('expires')} FROM {table} "  # noqa: S608 - quoted names
            f"WHERE {quote('cache_key')} = %s{lock}"
        )
        update = f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s"  # noqa: S608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(select, [key])
            row = cursor.fetchone()
            if row is None or self._expiry(row[1], connection) < tz_now():
                raise ValueError(f"Key {key!r} not found.")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - our own row
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(update, [encoded, key])
        return value

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)

    @staticmethod
    def _expiry(value: Any, connection: Any) -> Any:
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression)
        for converter in converters + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
