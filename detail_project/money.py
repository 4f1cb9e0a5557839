"""Money rules of a RAB, in one place: how a row's jumlah harga, PPN and PEMBULATAN are rounded.

Pure functions over Decimal. The importer, the RAB page, the schedule's bobot and the tests all
use these so that every screen shows the same rupiah.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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


def format_rupiah(amount: Decimal | int | None, *, prefix: str = "Rp ") -> str:
    """`Rp 1.234.567` — Indonesian thousands separator, whole rupiah."""
    if amount is None:
        return ""
    value = round_rupiah(Decimal(amount))
    sign = "-" if value < 0 else ""
    digits = f"{abs(value):,.0f}".replace(",", ".")
    return f"{sign}{prefix}{digits}"


def format_decimal_id(amount: Decimal | int | float | None, places: int = 2) -> str:
    """Indonesian number format: `1.234,56`."""
    if amount is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(value):,.{places}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("-" if value < 0 else "") + text
