"""The rate-limit store every app server shares (config/ratelimit.py): counts in Redis or in a
database table, never in a worker's memory; a sliding window; atomic counting; refusal when
the store cannot be reached; the client's address behind the proxy."""

from __future__ import annotations

import importlib
import re
import threading
from ipaddress import ip_network

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, migrations
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import RateLimitEntry
from config import ratelimit
from config.env import parse_rate
from config.ratelimit import DatabaseCounterCache, Limit, RateLimitUnavailable
from config.tests.ratelimit_stores import freeze_clock, redis_store, store_down
from config.tests.test_settings import production

TEN_A_MINUTE = Limit("test", 10, 60)


@pytest.fixture(params=["database", "redis"])
def shared_store(request, settings, db):
    """Each test runs on both stores production may use."""
    if request.param == "redis":
        with redis_store(settings):
            yield request.param
    else:
        yield request.param


@pytest.fixture
def clock(monkeypatch):
    return freeze_clock(monkeypatch)


# --- where the counts live ----------------------------------------------------------------


def test_without_redis_rate_limits_live_in_the_database_not_in_process_memory(monkeypatch):
    store = production(monkeypatch)["CACHES"]["ratelimit"]

    assert store["BACKEND"] == "config.ratelimit.DatabaseCounterCache"
    assert store["LOCATION"] == RateLimitEntry._meta.db_table
    assert store["OPTIONS"]["MAX_ENTRIES"] >= 100_000


def test_with_redis_rate_limits_live_in_that_redis(monkeypatch):
    caches_setting = production(
        monkeypatch, REDIS_URL="redis://10.0.0.5:6379/1", CACHE_KEY_PREFIX="site-a"
    )["CACHES"]

    store = caches_setting["ratelimit"]
    assert store["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert (store["LOCATION"], store["KEY_PREFIX"]) == ("redis://10.0.0.5:6379/1", "site-a")
    assert store["OPTIONS"]["socket_connect_timeout"] <= 5


def test_migrate_creates_the_table_no_other_command_needed():
    migration = importlib.import_module("accounts.migrations.0003_add_ratelimit_table")
    (operation,) = migration.Migration.operations

    assert isinstance(operation, migrations.CreateModel)
    assert operation.options["db_table"] == "accounts_ratelimit"
    # The columns Django's database cache reads and writes (those of `createcachetable`).
    assert [name for name, _ in operation.fields] == ["cache_key", "value", "expires"]


@pytest.mark.django_db
def test_the_test_database_has_the_table():
    assert "accounts_ratelimit" in connection.introspection.table_names()


def test_counts_written_by_one_server_are_read_by_another(shared_store, clock, monkeypatch):
    for _ in range(10):
        assert ratelimit.consume(TEN_A_MINUTE, "sari") == 0

    other_server = caches.create_connection(ratelimit.CACHE_ALIAS)  # a connection of its own
    assert other_server is not caches[ratelimit.CACHE_ALIAS]
    monkeypatch.setattr(ratelimit, "store", lambda: other_server)

    assert other_server.get(TEN_A_MINUTE.keys("sari", int(clock.now // 60))[0]) == 10
    assert ratelimit.consume(TEN_A_MINUTE, "sari") > 0


# --- counting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("10/min", (10, 60)),
        ("5/15min", (5, 900)),
        ("20/15m", (20, 900)),
        ("5/hour", (5, 3600)),
        ("1/s", (1, 1)),
        ("100/day", (100, 86_400)),
        ("ten per minute", None),
        ("0/min", None),
        ("5/0min", None),
        ("5/fortnight", None),
        ("5/ min", None),
        ("/min", None),
    ],
)
def test_rates_read_count_slash_period(text, parsed):
    assert parse_rate(text) == parsed


def test_it_lets_the_limit_through_then_says_how_long_to_wait(shared_store, clock):
    clock.now += 30  # halfway through a minute

    answers = [ratelimit.consume(TEN_A_MINUTE, "sari") for _ in range(12)]

    assert answers[:10] == [0] * 10
    # Full until the next window begins, and then the ten still weigh on it.
    assert answers[10] == answers[11] == 30 + 6
    assert ratelimit.consume(TEN_A_MINUTE, "budi") == 0  # someone else's count


def test_refused_attempts_are_not_counted(shared_store, clock):
    for _ in range(10):
        ratelimit.consume(TEN_A_MINUTE, "sari")
    for _ in range(50):
        ratelimit.consume(TEN_A_MINUTE, "sari")

    clock.now += 66  # the previous window's ten weigh 9 by now
    assert ratelimit.consume(TEN_A_MINUTE, "sari") == 0
    assert ratelimit.consume(TEN_A_MINUTE, "sari") > 0


def test_a_window_boundary_does_not_let_twice_the_limit_through(shared_store, clock):
    clock.now += 59
    allowed = sum(ratelimit.consume(TEN_A_MINUTE, "sari") == 0 for _ in range(10))
    clock.now += 2  # a new window has begun
    allowed += sum(ratelimit.consume(TEN_A_MINUTE, "sari") == 0 for _ in range(10))

    assert allowed == 10


def test_recorded_failures_lock_until_the_window_has_slid_past_them(shared_store, clock):
    five_in_15_min = Limit("failures", 5, 900)
    for _ in range(5):
        ratelimit.record((five_in_15_min, "sari"))

    assert ratelimit.wait_seconds((five_in_15_min, "sari")) == 900 + 180
    clock.now += 900 + 179
    assert ratelimit.wait_seconds((five_in_15_min, "sari")) == 1
    clock.now += 1
    assert ratelimit.wait_seconds((five_in_15_min, "sari")) == 0


def test_reset_forgets_the_count(shared_store, clock):
    for _ in range(10):
        ratelimit.consume(TEN_A_MINUTE, "sari")

    ratelimit.reset((TEN_A_MINUTE, "sari"))

    assert ratelimit.wait_seconds((TEN_A_MINUTE, "sari")) == 0


@given(
    count=st.integers(1, 30),
    seconds=st.sampled_from([1, 60, 900, 3600]),
    current=st.integers(0, 40),
    previous=st.integers(0, 40),
    elapsed_share=st.floats(0, 0.999),
)
def test_the_wait_is_exactly_when_one_more_would_be_let_through(
    count, seconds, current, previous, elapsed_share
):
    limit = Limit("prop", count, seconds)
    elapsed = int(elapsed_share * seconds)

    def estimate_after(wait: int) -> int:
        """The estimate `wait` seconds from now, with no more attempts."""
        at = elapsed + wait
        if at < seconds:
            return ratelimit.estimate(limit, current, previous, at)
        if at < 2 * seconds:
            return ratelimit.estimate(limit, 0, current, at - seconds)
        return 0

    wait = ratelimit.whole_seconds(ratelimit.seconds_to_wait(limit, current, previous, elapsed))
    assert estimate_after(wait) < count
    if wait:
        assert estimate_after(wait - 1) >= count


# --- the database store -------------------------------------------------------------------


@pytest.mark.django_db
def test_database_incr_counts_and_keeps_the_expiry():
    store = caches[ratelimit.CACHE_ALIAS]
    assert isinstance(store, DatabaseCounterCache)
    store.add("k", 1, 600)
    expires = RateLimitEntry.objects.get().expires

    assert [store.incr("k") for _ in range(3)] == [2, 3, 4]
    assert store.get("k") == 4
    assert RateLimitEntry.objects.get().expires == expires
    with pytest.raises(ValueError):
        store.incr("missing")


@pytest.fixture(params=["database", "redis"])
def store_for_threads(request, settings, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite's test database is in memory)")
    if request.param == "redis":
        with redis_store(settings):
            yield request.param
    else:
        yield request.param


@pytest.mark.postgres_only
def test_twenty_servers_at_once_cannot_pass_a_limit_of_ten(store_for_threads):
    barrier = threading.Barrier(20)
    answers: list[int] = []

    def server() -> None:
        try:
            barrier.wait(timeout=30)
            answers.append(ratelimit.consume(TEN_A_MINUTE, "crowd"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=server) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(answers) == 20
    assert answers.count(0) == 10


# --- the store down -----------------------------------------------------------------------


def test_a_store_that_cannot_be_reached_refuses_instead_of_allowing(settings):
    store_down(settings)

    with pytest.raises(RateLimitUnavailable):
        ratelimit.consume(TEN_A_MINUTE, "sari")
    with pytest.raises(RateLimitUnavailable):
        ratelimit.wait_seconds((TEN_A_MINUTE, "sari"))
    with pytest.raises(RateLimitUnavailable):
        ratelimit.record((TEN_A_MINUTE, "sari"))
    with pytest.raises(RateLimitUnavailable):
        ratelimit.reset((TEN_A_MINUTE, "sari"))


# --- who is asking ------------------------------------------------------------------------


def ip_of(remote: str, **headers: str) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)
    return ratelimit.client_ip(request)


def test_a_direct_client_is_counted_by_its_own_address():
    assert ip_of("203.0.113.7") == "203.0.113.7"


def test_behind_the_proxy_the_client_is_read_from_x_real_ip():
    assert ip_of("127.0.0.1", x_real_ip="203.0.113.7") == "203.0.113.7"
    assert ip_of("172.18.0.3", x_real_ip="198.51.100.2") == "198.51.100.2"  # Docker's nginx


def test_behind_a_unix_socket_the_client_is_read_from_x_real_ip():
    assert ip_of("", x_real_ip="203.0.113.7") == "203.0.113.7"


def test_x_real_ip_from_anyone_else_is_ignored():
    assert ip_of("203.0.113.7", x_real_ip="198.51.100.2") == "203.0.113.7"


def test_a_header_that_is_not_an_address_is_ignored():
    assert ip_of("127.0.0.1", x_real_ip="alice, 1.2.3.4") == "127.0.0.1"


def test_ipv6_clients_are_counted_per_64_block():
    assert ip_of("2001:db8:1:2:aaaa::1") == ip_of("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert ip_of("::ffff:203.0.113.7") == "203.0.113.7"


def test_trusted_proxies_is_a_setting(settings):
    settings.TRUSTED_PROXIES = ["10.1.2.3"]

    assert ip_of("10.1.2.3", x_real_ip="203.0.113.7") == "203.0.113.7"
    assert ip_of("127.0.0.1", x_real_ip="203.0.113.7") == "127.0.0.1"


def test_the_defaults_trust_this_machine_and_private_networks_only(monkeypatch):
    trusted = production(monkeypatch)["TRUSTED_PROXIES"]

    assert "127.0.0.0/8" in trusted
    assert "172.16.0.0/12" in trusted
    assert all(ip_network(network).is_private for network in trusted)  # never "everyone"


# --- settings -----------------------------------------------------------------------------


def test_the_rate_limit_settings_and_their_defaults(monkeypatch):
    s = production(monkeypatch)

    assert s["LOGIN_FAILURE_RATE_PER_USERNAME"] == "5/15min"
    assert s["LOGIN_FAILURE_RATE_PER_IP"] == "20/15min"
    assert s["SIGNUP_RATE_PER_IP"] == "5/hour"
    assert s["JADWAL_REGENERATE_RATE"] == "10/min"
    assert s["SIGNUP_ENABLED"] is True


def test_the_rate_limit_settings_come_from_the_environment(monkeypatch):
    s = production(
        monkeypatch,
        LOGIN_FAILURE_RATE_PER_USERNAME="3/30min",
        LOGIN_FAILURE_RATE_PER_IP="50/hour",
        SIGNUP_RATE_PER_IP="1/day",
        SIGNUP_ENABLED="false",
        TRUSTED_PROXIES="10.0.0.2, 2001:db8::/64",
    )

    assert (s["LOGIN_FAILURE_RATE_PER_USERNAME"], s["LOGIN_FAILURE_RATE_PER_IP"]) == (
        "3/30min",
        "50/hour",
    )
    assert s["SIGNUP_RATE_PER_IP"] == "1/day"
    assert s["SIGNUP_ENABLED"] is False
    assert s["TRUSTED_PROXIES"] == ["10.0.0.2", "2001:db8::/64"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOGIN_FAILURE_RATE_PER_USERNAME", "5 per 15 minutes"),
        ("LOGIN_FAILURE_RATE_PER_IP", "0/15min"),
        ("SIGNUP_RATE_PER_IP", "5/fortnight"),
        ("JADWAL_REGENERATE_RATE", "10"),
        ("SIGNUP_ENABLED", "perhaps"),
        ("TRUSTED_PROXIES", "nginx"),
    ],
)
def test_a_bad_rate_limit_setting_stops_the_start_up_naming_it(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=re.escape(name)):
        production(monkeypatch, **{name: value})
