"""Log-in failures lock a username (5 in 15 minutes) and an address (20 in 15 minutes), before
the password is even checked, on every app server at once; a success clears the username."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from config import ratelimit
from config.tests.ratelimit_stores import freeze_clock, redis_store

LOGIN_URL = reverse("login")
ADMIN_LOGIN_URL = reverse("admin:login")
PROJECTS_URL = reverse("dashboard:project_list")
PASSWORD = "Kurva-S-2026!"
WRONG = "tebakan-salah"
HOME = "203.0.113.10"  # the address the test client appears to come from (via nginx)

LOCKED = b"Too many failed log-in attempts. Try again in"
INVALID = b"Please enter a correct username and password"


@pytest.fixture
def sari(db):
    return get_user_model().objects.create_user("sari", "sari@example.com", PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    return freeze_clock(monkeypatch)


def log_in(client: Client, username: str, password: str, *, ip: str = HOME, **headers: str):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password},
        headers={"x-real-ip": ip, **headers},
    )


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def fail(client: Client, username: str, times: int, *, ip: str = HOME) -> None:
    for _ in range(times):
        response = log_in(client, username, WRONG, ip=ip)
        assert response.status_code == 200
        assert INVALID in response.content


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, sari, clock):
    clock.now += 450  # halfway through a 15-minute window
    fail(client, "sari", 5)

    response = log_in(client, "sari", PASSWORD)

    assert response.status_code == 429
    assert b"Too many failed log-in attempts. Try again in 11 minutes." in response.content
    assert INVALID not in response.content
    assert int(response["Retry-After"]) == 450 + 180
    assert not logged_in(client)


def test_a_locked_username_is_refused_before_the_password_is_checked(
    client, sari, clock, monkeypatch
):
    fail(client, "sari", 5)

    def no_password_check(*args, **kwargs):
        raise AssertionError("the password of a locked account was checked")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", no_password_check)

    assert log_in(client, "sari", PASSWORD).status_code == 429
    assert log_in(client, "sari", WRONG).status_code == 429


def test_an_unknown_username_locks_exactly_like_a_real_one(client, sari, clock):
    fail(client, "nobody", 5)
    fail(client, "sari", 4)

    unknown = log_in(client, "nobody", WRONG)
    known = log_in(client, "sari", WRONG)

    assert unknown.status_code == 429
    assert LOCKED in unknown.content
    assert known.status_code == 200  # 4 failures: not locked yet


def test_a_successful_log_in_clears_the_usernames_failures(sari, clock):
    fail(Client(), "sari", 4)
    assert log_in(Client(), "sari", PASSWORD).status_code == 302

    client = Client()
    fail(client, "sari", 5)  # five more, not one

    assert log_in(client, "sari", PASSWORD).status_code == 429


def test_twenty_failures_from_one_address_lock_it_for_every_username(client, sari, clock):
    for name in ("budi", "ani", "joko", "rina", "dewi"):
        fail(client, name, 4)  # never enough to lock one username

    from_there = log_in(client, "sari", PASSWORD)
    from_elsewhere = log_in(Client(), "sari", PASSWORD, ip="198.51.100.20")

    assert from_there.status_code == 429
    assert LOCKED in from_there.content
    assert from_elsewhere.status_code == 302


@pytest.mark.parametrize("store_name", ["database", "redis"])
def test_the_lockout_is_seen_by_every_app_server(sari, clock, settings, monkeypatch, store_name):
    if store_name == "redis":
        with redis_store(settings):
            locked_on_another_server(monkeypatch)
    else:
        locked_on_another_server(monkeypatch)


def locked_on_another_server(monkeypatch) -> None:
    fail(Client(), "sari", 5)  # on the first server

    other_server = caches.create_connection(ratelimit.CACHE_ALIAS)  # its own connection
    monkeypatch.setattr(ratelimit, "store", lambda: other_server)
    response = log_in(Client(), "sari", PASSWORD)

    assert response.status_code == 429


def test_the_lockout_ends_once_the_window_has_slid_past_the_failures(client, sari, clock):
    fail(client, "sari", 5)
    clock.now += 15 * 60 + 179
    assert log_in(client, "sari", PASSWORD).status_code == 429

    clock.now += 1

    assert log_in(client, "sari", PASSWORD).status_code == 302


def test_the_username_is_read_as_nfkc_and_regardless_of_case(sari, clock):
    assert log_in(Client(), "ｓａｒｉ", PASSWORD).status_code == 302  # full-width letters
    assert log_in(Client(), "SARI", PASSWORD).status_code == 302

    client = Client()
    fail(client, "SARI", 3)
    fail(client, "ｓａｒｉ", 2)

    assert log_in(client, "sari", PASSWORD).status_code == 429


def test_two_accounts_differing_only_in_case_keep_their_own_passwords(sari, clock):
    get_user_model().objects.create_user("Sari", "other@example.com", "Another-Pass-99")

    assert log_in(Client(), "Sari", "Another-Pass-99").status_code == 302
    assert log_in(Client(), "sari", PASSWORD).status_code == 302


def test_the_lockout_message_speaks_indonesian(client, sari, clock):
    fail(client, "sari", 5)

    response = log_in(client, "sari", PASSWORD, **{"accept-language": "id"})

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 18 menit." in (
        response.content.decode()
    )


def test_the_admin_log_in_page_counts_the_same_failures(client, sari, clock):
    sari.is_staff = True
    sari.save()
    for _ in range(5):
        client.post(
            ADMIN_LOGIN_URL,
            {"username": "sari", "password": WRONG},
            headers={"x-real-ip": HOME},
        )

    admin = client.post(
        ADMIN_LOGIN_URL, {"username": "sari", "password": PASSWORD}, headers={"x-real-ip": HOME}
    )
    site = log_in(Client(), "sari", PASSWORD, ip="198.51.100.20")

    assert LOCKED in admin.content
    assert not logged_in(client)
    assert site.status_code == 429
