"""Template filters of the RAB pages: money and quantities in the reader's language (through
`money.py` and Django's formats; Indonesian below, English writes `1,234,567` and `1,234.560`).

    {{ jumlah|rupiah }}      → "Rp 1.234.567"
    {{ jumlah|rupiah:"" }}   → "1.234.567"
    {{ volume|angka:3 }}     → "1.234,560"
    {{ ppn_percent|persen }} → "11" or "11,5" (no trailing zeros, never "1E+1")
    {{ urls.pekerjaan_edit|row_url:p.id }} → that pekerjaan's edit URL (see `row_url`)

The number filters return "" for an empty or non-numeric value instead of failing the page.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.urls import reverse

from detail_project.money import format_number, format_rupiah, format_trimmed

register = template.Library()


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError, TypeError):
            return None
    return number if number.is_finite() else None


@register.filter(is_safe=False)
def rupiah(value: Any, prefix: str = "Rp ") -> str:
    number = _to_decimal(value)
    if number is None:
        return ""
    if prefix and not prefix.endswith(" "):
        prefix += " "
    return format_rupiah(number, prefix=prefix)


@register.filter(is_safe=False)
def angka(value: Any, places: Any = 2) -> str:
    number = _to_decimal(value)
    if number is None:
        return ""
    try:
        places = max(int(places), 0)
    except (TypeError, ValueError):
        places = 2
    return format_number(number, places)


@register.filter(is_safe=False)
def persen(value: Any) -> str:
    """A percentage without trailing zeros: 11.00 → "11", 11.50 → "11,5" ("11.5" in English)."""
    number = _to_decimal(value)
    if number is None:
        return ""
    return format_trimmed(number)


# A row id no database will reach. A view reverses a row URL once with it (`row_url_template`),
# and the page swaps in each row's id: a thousand rows cost a thousand `str.replace`, not a
# thousand `reverse()` calls.
ROW_ID_PLACEHOLDER = 9_876_543_210_123


def row_url_template(name: str, *args: Any) -> str:
    return reverse(name, args=[*args, ROW_ID_PLACEHOLDER])


@register.filter(is_safe=False)
def row_url(template_url: str, row_id: Any) -> str:
    """`template_url` (from `row_url_template`) for the row `row_id`."""
    head, placeholder, tail = str(template_url).rpartition(str(ROW_ID_PLACEHOLDER))
    if not placeholder:
        return ""
    return f"{head}{int(row_id)}{tail}"
