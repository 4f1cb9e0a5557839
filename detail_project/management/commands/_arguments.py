"""Argument parsing shared by the management commands (not a command: the name starts with _)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError
from django.utils.translation import gettext


def user_named(username: str) -> AbstractBaseUser:
    """The user called `username`; `DoesNotExist` if there is none."""
    user_model = get_user_model()
    return user_model._default_manager.get(**{user_model.USERNAME_FIELD: username})


def iso_date(text: str) -> dt.date:
    """An argparse `type` for YYYY-MM-DD dates."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            gettext("Not a date (use YYYY-MM-DD): %(text)s") % {"text": text}
        ) from None
