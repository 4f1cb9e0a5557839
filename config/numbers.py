"""Numbers as Indonesian spreadsheets write them: `1.234,56`, `3.000,000`, `Rp 1.000.000,00`.

Planners' files mix conventions. The seed system exports Indonesian numbers only (the dot groups
thousands, the comma is the decimal mark), while a template filled in an English-locale Excel
or by a script writes `1234.56`. The rules, in order:

1. Both `.` and `,` present: the one that comes last is the decimal mark (`1.234,56`,
   `1,234.56`).
2. The same mark more than once: it groups thousands (`1.000.000`, `1,000,000`).
3. One mark once: a comma is a decimal mark in the Indonesian convention (`12,5`); a dot is a
   thousands separator there only when exactly three digits follow it (`3.000` is three
   thousand, `2.5` is two and a half). In the plain convention the dot is always decimal and
   a single comma groups thousands only before exactly three digits.

Pure Python, no Django: the parsers and their tests use it directly.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

Convention = Literal["id", "plain"]

_STRIP = re.compile(r"[\s\u00a0\u202f\ufeff]")
_CURRENCY = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
_DIGITS = re.compile(r"^\d*(\.\d*)?$")


class NumberError(ValueError):
    """The text is not a number; the message says what was expected."""


def parse_number(value: object, *, convention: Convention = "id") -> Decimal | None:
    """The Decimal a cell holds; None for an empty cell.

    `value` is whatever a CSV or XLSX reader produced: text, int, float (converted through its
    shortest repr, so 0.1 stays 0.1), or Decimal. Dates and booleans are refused, because a
    spreadsheet that turned `1.10` into the first of October must be fixed by its author.
    """
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, dt.date | dt.time):
        raise NumberError("expected a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("expected a number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError("expected a number")
        return Decimal(repr(value))
    return _parse_text(str(value), convention)


def _parse_text(raw: str, convention: Convention) -> Decimal | None:
    text = _STRIP.sub("", raw)
    text = _CURRENCY.sub("", text)
    text = text.removesuffix("%")
    if text in {"", "-"}:
        # "-" is how Indonesian spreadsheets write an empty amount.
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if text[:1] in "+-":
        negative, text = negative or text[0] == "-", text[1:]
    normalised = _normalise(text, convention)
    if not normalised or not _DIGITS.match(normalised) or normalised == ".":
        raise NumberError("expected a number")
    try:
        number = Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise NumberError("expected a number") from exc
    return -number if negative else number


def _normalise(text: str, convention: Convention) -> str:
    """`text` with thousands separators removed and the decimal mark as `.`."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) > 1:
            return ""
        return _ungroup(text, grouping).replace(",", ".")
    if dots > 1:
        return _ungroup(text, ".")
    if commas > 1:
        return _ungroup(text, ",")
    if commas == 1:
        head, tail = text.split(",")
        if convention == "plain" and len(tail) == 3 and head.isdigit() and head:
            return head + tail
        return f"{head}.{tail}"
    if dots == 1:
        head, tail = text.split(".")
        if convention == "id" and len(tail) == 3 and head.isdigit() and head and head != "0":
            return head + tail
        return text
    return text


def _ungroup(text: str, grouping: str) -> str:
    """Drop thousands separators after checking that they really group by three."""
    integer, _, fraction = text.partition("," if grouping == "." else ".")
    groups = integer.split(grouping)
    if not groups[0] or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        return ""
    joined = "".join(groups)
    return f"{joined}.{fraction}" if fraction else joined


def parse_percent(value: object) -> Decimal | None:
    """`50,00%` → Decimal("50.00") (the seed system's schedule export)."""
    return parse_number(value, convention="id")
