from __future__ import annotations

import logging
import re
from typing import Any, NoReturn

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts import throttle
from config import ratelimit
from config.forms import BootstrapFormMixin
from config.text import reject_control_characters

logger = logging.getLogger(__name__)

# After NFKC (which turns full-width "ａｌｉｃｅ" into "alice"): ASCII only, so that no
# username can look like another one (Cyrillic "а" is not Latin "a").
USERNAME_CHARACTERS = re.compile(r"[A-Za-z0-9.@+_-]+")
USERNAME_CHARACTERS_MESSAGE = _(
    "A username may contain only the letters A–Z without accents, digits and . _ - @ +."
)


def stored_username(typed: str) -> str:
    """The account's own spelling of a typed username: exactly as typed when that account
    exists, else the one account that differs only in case ("Sari" logs in as "sari")."""
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    found = list(
        user_model._default_manager.filter(**{f"{field}__iexact": typed}).values_list(
            field, flat=True
        )[:5]
    )
    if typed in found or len(found) != 1:
        return typed
    return found[0]


class ThrottledLoginMixin:
    """Refuse a log in while its username or address has too many recent failures, before the
    password is checked (a locked account cannot be probed); count each failure; a success
    clears the username's count. `refusal` says why a form was refused without trying."""

    request: Any
    cleaned_data: dict[str, Any]
    user_cache: Any
    refusal: throttle.Refusal | None = None

    def clean_username(self) -> str:
        # UsernameField has already applied NFKC, as sign-up does.
        return stored_username(self.cleaned_data["username"])

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # type: ignore[misc]
        checks = throttle.login_checks(self.request, username)
        try:
            wait = ratelimit.wait_seconds(*checks)
        except ratelimit.RateLimitUnavailable:
            self._refuse(throttle.login_unavailable())
        if wait:
            self._refuse(throttle.login_locked(wait))
        try:
            cleaned = super().clean()  # type: ignore[misc]
        except ValidationError:
            if self.user_cache is None:  # wrong password (not: right password, not staff)
                try:
                    ratelimit.record(*checks)
                except ratelimit.RateLimitUnavailable:
                    self._refuse(throttle.login_unavailable())
            raise
        try:
            ratelimit.reset(throttle.login_username_check(username))
        except ratelimit.RateLimitUnavailable:
            # Checked a moment ago; the count simply stays until its window ends.
            logger.warning("log-in failures of a username could not be cleared")
        return cleaned

    def _refuse(self, refusal: throttle.Refusal) -> NoReturn:
        self.refusal = refusal
        raise ValidationError(refusal.message, code="throttled")


class LoginForm(ThrottledLoginMixin, BootstrapFormMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's log-in page counts the same failures (accounts/admin.py installs it)."""


class SignupForm(BootstrapFormMixin, UserCreationForm):
    def clean_username(self) -> str | None:
        username = self.cleaned_data.get("username")
        if username:
            reject_control_characters(username)
            if not USERNAME_CHARACTERS.fullmatch(username):
                raise ValidationError(USERNAME_CHARACTERS_MESSAGE, code="username_characters")
        # Django's own: refuses "Alice" when "alice" exists.
        return super().clean_username()
