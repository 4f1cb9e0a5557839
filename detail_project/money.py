"""Money rules of a RAB, in one place: how a row's jumlah harga, PPN and PEMBULATAN are rounded.

Pure functions over Decimal. The importer, the RAB page, the schedule's bobot and the tests all
use these so that every screen shows the same rupiah. The `format_*` functions write amounts for
a reader in the active language through Django's formats (`Rp 1.234.567` in Indonesian,
`Rp 1,234,567` in English); `format_decimal_id` is the fixed Indonesian form files are written in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import formats

RUPIAH = Decimal("1")
CENT = Decimal("0.01")


def jumlah_harga(volume: Decimal, harga_satuan: Decimal) -> Decimal:
    """volume × harga satuan, exact.

    Sums (subtotals, TOTAL BIAYA LANGSUNG) add the exact products and round once at the end, as
    the spreadsheets planners export do; rounding every row first would drift by a rupiah per
    few rows. Display rounds with `format_rupiah`.
    """
    return volume * harga_satuan


def round_rupiah(amount: Decimal) -> Decimal:
    return amount.quantize(RUPIAH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class RabTotals:
    total_biaya_langsung: Decimal
    ppn_percent: Decimal
    ppn: Decimal
    grand_total: Decimal
    pembulatan: Decimal


def rab_totals(
    jumlahs: Iterable[Decimal], *, ppn_percent: Decimal, pembulatan_step: int
) -> RabTotals:
    """TOTAL BIAYA LANGSUNG, PPN, GRAND TOTAL and PEMBULATAN (rounded *down* to the step).

    `jumlahs` are the exact row products; the total is rounded to the rupiah once.
    """
    total = round_rupiah(sum(jumlahs, Decimal("0")))
    ppn = round_rupiah(total * ppn_percent / Decimal("100"))
    grand_total = total + ppn
    step = Decimal(max(int(pembulatan_step), 1))
    pembulatan = (grand_total / step).quantize(RUPIAH, rounding=ROUND_DOWN) * step
    return RabTotals(
        total_biaya_langsung=total,
        ppn_percent=ppn_percent,
        ppn=ppn,
        grand_total=grand_total,
        pembulatan=pembulatan,
    )


def format_number(amount: Decimal | int | float, places: int = 2) -> str:
    """`amount` rounded half up to `places` decimals, grouped the way the active language
    writes numbers: `1.234,56` in Indonesian, `1,234.56` in English."""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)
    if not value:
        value = abs(value)  # -0.00 reads as 0
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def format_rupiah(amount: Decimal | int | None, *, prefix: str = "Rp ") -> str:
    """Whole rupiah in the active language's format: `Rp 1.234.567` / `Rp 1,234,567`."""
    if amount is None:
        return ""
    value = round_rupiah(Decimal(amount))
    sign = "-" if value < 0 else ""
    return f"{sign}{prefix}{format_number(abs(value), 0)}"


def format_trimmed(amount: Decimal | int | float, max_places: int = 4) -> str:
    """A number without trailing zeros in the active language, e.g. a PPN percent or a volume:
    10 → `10`, 12.50 → `12,5` (never `1E+1`, which is what `Decimal.normalize()` prints)."""
    value = Decimal(str(amount))
    exponent = value.normalize().as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 0
    return format_number(value, min(places, max_places))


def format_decimal_id(amount: Decimal | int | float | None, places: int = 2) -> str:
    """Indonesian number format whatever the active language, `1.234,56`: for files (the
    import template's CSV) that are written in one convention."""
    if amount is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(value):,.{places}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("-" if value < 0 else "") + text


def format_date(day: dt.date) -> str:
    """A date as a reader of the active language writes it in a sentence: `5 Jan 2026`
    (Indonesian `5 Agu 2026`), never ISO."""
    return formats.date_format(day, "j M Y")
