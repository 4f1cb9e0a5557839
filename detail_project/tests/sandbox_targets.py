"""Functions the sandbox tests run in its child process (they must be importable by name)."""

from __future__ import annotations

from django.utils.translation import get_language


def spin(*args: object, **kwargs: object) -> None:
    """Burn CPU until the limit stops it."""
    while True:
        pass


def hog() -> bytes:
    """Ask for far more memory than the limit allows."""
    return bytes(4 * 1024 * 1024 * 1024)


def fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug in the parser")


def language() -> str | None:
    return get_language()


def echo(*args: object, **kwargs: object) -> tuple[tuple[object, ...], dict[str, object]]:
    return args, kwargs
