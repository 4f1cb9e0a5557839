"""Money on the dashboard's pages, written the way the reader's language writes it.

    {{ project.anggaran_owner|rupiah }}  → "Rp 1.500.000.000" (id), "Rp 1,500,000,000" (en)
                                           "Rp 1.500.000.000,50" when there are cents

Django's formats do the work (`number_format` with the active language, grouping forced), so
nothing here knows which character separates what.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter(is_safe=False)
def rupiah(value: Any) -> str:
    """`Rp` and the amount, cents only when there are some; "" for a non-number."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"Rp {text}"
