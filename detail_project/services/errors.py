"""Errors raised by services; the API turns them into `{ok: false, error}` answers."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refused write: nothing was changed, and `message` says why in the user's terms."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.extra = extra


class StaleVersion(ServiceError):
    """Someone else saved the schedule since this client loaded it."""

    status = 409
