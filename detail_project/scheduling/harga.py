"""Harga satuan from an AHSP analysis: Σ koefisien × harga dasar, plus overhead and profit.

The regulation's form (Permen PUPR 8/2023 and its predecessors) adds up three parts — A tenaga
kerja, B bahan, C peralatan — into D = A + B + C, takes E = D × overhead-and-profit percent
and gives F = D + E as the harga satuan. Every product and sum here is exact (Decimal); F is
rounded once, half up, to the rupiah, so the RAB's jumlah harga is the same whichever order the
lines are listed in. An item without a harga dasar counts as 0 and is reported as unpriced, so
a planner sees which prices are missing instead of a silently low price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

KATEGORI = ("tenaga", "bahan", "alat")  # A, B, C in the regulation's form
RUPIAH = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Line:
    kategori: str
    kode_item: str
    koefisien: Decimal


@dataclass(frozen=True, slots=True)
class Analysis:
    """The figures of one priced analysis, part by part (exact), and the harga satuan."""

    parts: dict[str, Decimal]  # A, B, C by kategori
    jumlah: list[Decimal]  # per line, in the order given: koefisien × harga dasar
    subtotal: Decimal  # D
    overhead: Decimal  # E
    total: Decimal  # F, exact
    harga_satuan: Decimal  # F rounded to the rupiah
    unpriced: list[str] = field(default_factory=list)  # kode_item without a harga dasar


def price(
    lines: Iterable[Line], harga: Mapping[str, Decimal], overhead_percent: Decimal
) -> Analysis:
    """Price `lines` with the harga dasar by kode_item and the overhead-and-profit percent."""
    parts = dict.fromkeys(KATEGORI, Decimal(0))
    jumlah: list[Decimal] = []
    unpriced: list[str] = []
    for line in lines:
        unit = harga.get(line.kode_item)
        if unit is None:
            unpriced.append(line.kode_item)
            unit = Decimal(0)
        amount = line.koefisien * unit
        jumlah.append(amount)
        parts[line.kategori] = parts.get(line.kategori, Decimal(0)) + amount
    subtotal = sum(parts.values(), Decimal(0))
    overhead = subtotal * overhead_percent / HUNDRED
    total = subtotal + overhead
    return Analysis(
        parts=parts,
        jumlah=jumlah,
        subtotal=subtotal,
        overhead=overhead,
        total=total,
        harga_satuan=total.quantize(RUPIAH, rounding=ROUND_HALF_UP),
        unpriced=unpriced,
    )
