"""How many log-in failures and sign-ups are allowed, and what a refused person reads.

The counting itself is config/ratelimit.py (shared by every app server, fails closed); the
rates are settings (LOGIN_FAILURE_RATE_PER_USERNAME, LOGIN_FAILURE_RATE_PER_IP,
SIGNUP_RATE_PER_IP).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext

from config.ratelimit import Check, Limit, client_ip

# Seconds a refused client is told to wait when the store could not be reached.
UNAVAILABLE_RETRY_AFTER = 60


@dataclass(frozen=True)
class Refusal:
    """Why a log in or sign-up was not even tried: HTTP status, message, Retry-After."""

    status: int
    message: str
    retry_after: int


def login_username_check(username: str) -> Check:
    # "Alice" and "alice" are one account (sign-up refuses the second): one count.
    limit = Limit.from_rate("login-username", settings.LOGIN_FAILURE_RATE_PER_USERNAME)
    return limit, username.casefold()


def login_checks(request: HttpRequest | None, username: str) -> list[Check]:
    checks = [login_username_check(username)]
    if request is not None:
        limit = Limit.from_rate("login-ip", settings.LOGIN_FAILURE_RATE_PER_IP)
        checks.append((limit, client_ip(request)))
    return checks


def signup_check(request: HttpRequest) -> Check:
    return Limit.from_rate("signup-ip", settings.SIGNUP_RATE_PER_IP), client_ip(request)


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def login_locked(seconds: int) -> Refusal:
    minutes = _minutes(seconds)
    message = ngettext(
        "Too many failed log-in attempts. Try again in %(minutes)s minute.",
        "Too many failed log-in attempts. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    return Refusal(429, message, seconds)


def login_unavailable() -> Refusal:
    message = gettext("Logging in is unavailable for a moment. Try again in a few minutes.")
    return Refusal(503, message, UNAVAILABLE_RETRY_AFTER)


def signup_limited(seconds: int) -> Refusal:
    minutes = _minutes(seconds)
    message = ngettext(
        "Too many accounts were created from your network. Try again in %(minutes)s minute.",
        "Too many accounts were created from your network. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    return Refusal(429, message, seconds)


def signup_unavailable() -> Refusal:
    message = gettext("Signing up is unavailable for a moment. Try again in a few minutes.")
    return Refusal(503, message, UNAVAILABLE_RETRY_AFTER)
