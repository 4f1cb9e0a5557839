"""What every page needs to know about accounts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def signup(request: HttpRequest) -> dict[str, bool]:
    """`signup_enabled`: the navbar and the log-in page offer sign-up only when it is open."""
    return {"signup_enabled": settings.SIGNUP_ENABLED}
