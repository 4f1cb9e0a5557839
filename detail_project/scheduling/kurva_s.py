"""Kurva S: the cost-weighted plan per period and its running total.

weight of period i (in %) = Σ over pekerjaan of bobot × proporsi, where bobot = jumlah harga of
the pekerjaan / jumlah harga of the project. Everything is summed as exact integers and rounded
only at the output, so a complete schedule ends at exactly 100.0000 instead of 99.9999.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import TypeVar

P = TypeVar("P", bound=Hashable)

# Outputs are percentages with four decimals: weight units of 0.0001 %.
_PLACES = 4


@dataclass(frozen=True)
class KurvaS:
    """weights[i]: % of the project's cost planned in period i; cumulative[i]: running total.

    Both are quantized to 0.0001 (half up). cumulative is the rounded running sum of the EXACT
    weights, not the sum of the rounded weights, so cumulative[-1] is 100.0000 whenever every
    costed pekerjaan is scheduled to 100 %.
    """

    weights: list[Decimal]
    cumulative: list[Decimal]


def kurva_s(
    jumlah: Mapping[P, Decimal],
    cells: Iterable[tuple[P, int, int]],
    period_count: int,
) -> KurvaS:
    """Kurva S of a schedule given as (pekerjaan, period index, hundredths) cells.

    A pekerjaan absent from `jumlah` counts as costing nothing (its cells add no weight). A
    project whose total cost is zero has a flat curve of zeros. Raises ValueError for a negative
    or non-finite jumlah, a negative proporsi, or a period index outside 0..period_count - 1.
    """
    if period_count < 0:
        raise ValueError(f"period_count must not be negative, got {period_count}")
    costs = _integer_costs(jumlah)
    numerators = [0] * period_count  # Σ cost × hundredths, per period, exact
    for pekerjaan, index, hundredths in cells:
        if not 0 <= index < period_count:
            raise ValueError(
                f"Pekerjaan {pekerjaan!r}: period index {index} is outside 0..{period_count - 1}"
            )
        if hundredths < 0:
            raise ValueError(f"Pekerjaan {pekerjaan!r}: proporsi must not be negative")
        cost = costs.get(pekerjaan, 0)
        if cost:
            numerators[index] += cost * hundredths
    total_cost = sum(costs.values())
    if not total_cost:
        zeros = [_units_to_decimal(0) for _ in range(period_count)]
        return KurvaS(weights=zeros, cumulative=list(zeros))
    # weight % = Σ cost × hundredths / 100 / total_cost × 100 … in 0.0001 % units that is
    # Σ cost × hundredths × 100 / total_cost.
    weights: list[Decimal] = []
    cumulative: list[Decimal] = []
    running = 0
    for numerator in numerators:
        running += numerator
        weights.append(_units_to_decimal(_divide_half_up(numerator * 100, total_cost)))
        cumulative.append(_units_to_decimal(_divide_half_up(running * 100, total_cost)))
    return KurvaS(weights=weights, cumulative=cumulative)


def _integer_costs(jumlah: Mapping[P, Decimal]) -> dict[P, int]:
    """Costs scaled by one common power so they are exact integers in the same unit.

    Only ratios of costs matter for bobot, so any common scale gives the same curve.
    """
    fractions: dict[P, Fraction] = {}
    for pekerjaan, amount in jumlah.items():
        if isinstance(amount, Decimal) and not amount.is_finite():
            raise ValueError(f"Pekerjaan {pekerjaan!r}: jumlah harga must be finite")
        value = Fraction(amount)
        if value < 0:
            raise ValueError(f"Pekerjaan {pekerjaan!r}: jumlah harga must not be negative")
        fractions[pekerjaan] = value
    scale = lcm(1, *(value.denominator for value in fractions.values()))
    return {
        pekerjaan: value.numerator * (scale // value.denominator)
        for pekerjaan, value in fractions.items()
    }


def _divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for numerator ≥ 0 and denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


def _units_to_decimal(units: int) -> Decimal:
    """An integer count of 0.0001 as a Decimal with exactly four places (e.g. 100.0000)."""
    return Decimal(units).scaleb(-_PLACES)
