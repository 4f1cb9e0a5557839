"""The signed-in user's saved language wins over the browser's Accept-Language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import UserPreference


class UserLanguageMiddleware:
    """After `LocaleMiddleware` (which reads the language cookie, then Accept-Language, then
    falls back to LANGUAGE_CODE, Indonesian) and authentication: a user who saved a language
    gets it on every device. One indexed query per signed-in request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = (
                UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
            )
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
