"""Proporsi values as integer hundredths of a percent: parsing what people type, and formatting.

Inside the scheduling maths a proportion is an `int` of hundredths (100.00 % == 10000), so sums
are exact. This module is the only door in and out: it accepts what a planner types in an
Indonesian or English spreadsheet habit ("33,33" or "33.33") and refuses anything it would have
to guess about (thousand separators, a third decimal, binary float noise).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

FULL = 10000  # 100.00 % in hundredths
_MAX_PERCENT = 100

# Optional sign, digits, optionally one "." or "," followed by digits. ASCII digits only.
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<whole>[0-9]*)(?:[.,](?P<fraction>[0-9]*))?")
# Up to three whole digits and at most two decimals after a ".": read without Decimal.
_PLAIN = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,2})?")


class ProporsiError(ValueError):
    """A value that is not a proportion. The message is English; `reason` ("type", "finite",
    "text", "negative", "above_100", "decimals") and `shown` (the value as given) let the
    Django layer say the same in the reader's language (this module stays free of Django)."""

    def __init__(self, message: str, *, reason: str, shown: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.shown = shown


def parse_proporsi(value: object) -> int:
    """Hundredths of a percent for `value`, which must lie in 0..100 with at most two decimals.

    0 is allowed (the grid uses it for "remove this cell"). Raises ProporsiError (a ValueError)
    with a message fit to show the user.
    """
    if isinstance(value, bool) or value is None:
        raise ProporsiError(
            f"Proporsi must be a number, got {value!r}", reason="type", shown=repr(value)
        )
    kind = type(value)
    if kind is int and 0 <= value <= _MAX_PERCENT:  # type: ignore[operator]
        return value * 100  # type: ignore[operator]  # the grid's commonest input: fast path
    if isinstance(value, int):
        return _check_decimal(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ProporsiError(
                "Proporsi must be a finite number", reason="finite", shown=repr(value)
            )
        # repr() is the shortest string that round-trips, so 33.33 reads as "33.33", not as the
        # binary 33.3299999999999982946974341757595539093017578125.
        text = repr(value)
        if _PLAIN.fullmatch(text) and 0 <= value <= _MAX_PERCENT:
            return _plain_hundredths(text)  # fast path for ordinary numbers like 33.33
        return _check_decimal(Decimal(text))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ProporsiError(
                "Proporsi must be a finite number", reason="finite", shown=str(value)
            )
        return _check_decimal(value)
    if isinstance(value, str):
        return _parse_text(value)
    raise ProporsiError(
        f"Proporsi must be a number, got {type(value).__name__}",
        reason="type",
        shown=type(value).__name__,
    )


def _plain_hundredths(text: str) -> int:
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


def _parse_text(text: str) -> int:
    stripped = text.strip()
    if _PLAIN.fullmatch(stripped) and float(stripped) <= _MAX_PERCENT:
        return _plain_hundredths(stripped)  # fast path for "33.33"
    match = _NUMBER.fullmatch(stripped)
    if not stripped or match is None or not (match["whole"] or match["fraction"]):
        raise ProporsiError(
            f"Proporsi {text!r} is not a number; use digits with at most one decimal separator, "
            'e.g. "33.33" or "33,33"',
            reason="text",
            shown=text,
        )
    fraction = match["fraction"] or ""
    if len(fraction) > 2:
        raise ProporsiError(
            f"Proporsi {text!r} has more than two decimals", reason="decimals", shown=text
        )
    number = Decimal(f"{match['sign']}{match['whole'] or '0'}.{fraction or '0'}")
    return _check_decimal(number, shown=stripped)


def _check_decimal(number: Decimal, *, shown: str | None = None) -> int:
    """Exact hundredths of a finite `number` in 0..100 with at most two significant decimals.

    The range is checked first (cheap, exact comparisons), then the decimals by looking at the
    digits themselves: Decimal arithmetic would round to the context's 28 digits (33.33000…0001
    would pass as 33.33) and Fraction would build a giant integer for a value like 1E-999999999.
    """
    shown = str(number) if shown is None else shown
    if number < 0:
        raise ProporsiError(
            f"Proporsi must not be negative, got {shown}", reason="negative", shown=shown
        )
    if number > _MAX_PERCENT:
        raise ProporsiError(
            f"Proporsi must be at most 100, got {shown}", reason="above_100", shown=shown
        )
    _sign, digits, exponent = number.as_tuple()
    if not any(digits):
        return 0  # also covers 0E+999999999 without building 10**999999999
    if not isinstance(exponent, int):  # NaN / Infinity; callers check, this keeps mypy honest
        raise ProporsiError("Proporsi must be a finite number", reason="finite", shown=shown)
    below_hundredths = -2 - exponent  # how many trailing digits sit below 0.01
    if below_hundredths > 0 and any(digits[-below_hundredths:]):
        raise ProporsiError(
            f"Proporsi {shown} has more than two decimals", reason="decimals", shown=shown
        )
    whole = int("".join(map(str, digits)) or "0")
    scale: int = 10 ** abs(below_hundredths)
    return whole // scale if below_hundredths > 0 else whole * scale


def format_hundredths(value: int) -> str:
    """Two decimals and a "." separator, 3333 -> "33.33", 10000 -> "100.00": the API's format."""
    sign = "-" if value < 0 else ""
    whole, fraction = divmod(abs(value), 100)
    return f"{sign}{whole}.{fraction:02d}"
