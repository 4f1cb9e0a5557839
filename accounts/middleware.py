"""The signed-in user's saved language wins over the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import UserPreference

# The saved choice travels in the session (already loaded on every request), so reading it
# costs no query; it is put there at log in and when the user switches (see remember_language).
SESSION_KEY = "accounts.language"


def saved_language(user: Any) -> str:
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""


def remember_language(request: HttpRequest, language: str) -> None:
    request.session[SESSION_KEY] = language


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """Signal receiver: a session that starts with a log in carries the user's choice."""
    if request is not None and hasattr(request, "session"):
        remember_language(request, saved_language(user))


class UserLanguageMiddleware:
    """After `LocaleMiddleware` (which reads the language cookie, then Accept-Language, then
    falls back to LANGUAGE_CODE, Indonesian) and authentication: a user who saved a language
    gets it on every device. A session from before this middleware existed is looked up once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if SESSION_KEY not in request.session:
                remember_language(request, saved_language(user))
            language = request.session[SESSION_KEY]
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
