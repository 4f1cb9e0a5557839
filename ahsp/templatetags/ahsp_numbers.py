"""Koefisien as the reader writes numbers: 0,0125 in Indonesian, 0.0125 in English, with no
trailing zeros (the column keeps six decimals; the source rarely has them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def koefisien(value: Any) -> str:
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(value)
    exponent = number.normalize().as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 0
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
