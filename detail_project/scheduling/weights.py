"""Cost weights: bobot, the scheduled share of a project, and group roll-ups.

A pekerjaan weighs its jumlah harga (volume × harga satuan). Costs are scaled to exact
integers once (`integer_costs`) and every share is an exact ratio rounded only at the output,
to hundredths of a percent, half up. A project (or group) that costs nothing yet weighs every
pekerjaan equally, so a planner scheduling before pricing still sees a meaningful curve.

The page computes the same figures for unsaved edits (`static/.../jadwal/engine.js`); shared
vectors produced here keep the two equal (`test_tahapan_engine_vectors.py`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from math import lcm
from operator import mul
from typing import TypeVar

from .proporsi import FULL

P = TypeVar("P", bound=Hashable)
K = TypeVar("K", bound=Hashable)


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (numerator ≥ 0, denominator > 0)."""
    return (2 * numerator + denominator) // (2 * denominator)


def integer_costs(jumlah: Mapping[P, Decimal | int]) -> dict[P, int]:
    """Costs as exact integers in one common unit; all 1 when nothing has a cost.

    Only ratios matter for bobot, so any common scale gives the same figures. Raises
    ValueError for a negative or non-finite amount.
    """
    if all(type(amount) is Decimal and amount.is_finite() for amount in jumlah.values()):
        scaled = _scaled_decimals(jumlah)  # the usual case, without a Fraction per pekerjaan
        if scaled is not None:
            return scaled
    fractions: dict[P, Fraction] = {}
    for pekerjaan, amount in jumlah.items():
        if isinstance(amount, Decimal) and not amount.is_finite():
            raise ValueError(f"Pekerjaan {pekerjaan!r}: jumlah harga must be finite")
        value = Fraction(amount)
        if value < 0:
            raise ValueError(f"Pekerjaan {pekerjaan!r}: jumlah harga must not be negative")
        fractions[pekerjaan] = value
    if not any(fractions.values()):
        return dict.fromkeys(fractions, 1)
    scale = lcm(1, *(value.denominator for value in fractions.values()))
    return {
        pekerjaan: value.numerator * (scale // value.denominator)
        for pekerjaan, value in fractions.items()
    }


def _scaled_decimals(jumlah: Mapping[P, Decimal]) -> dict[P, int] | None:
    """Decimal amounts times 10^places as integers (the same ratios as `integer_costs`'s
    exact path), or None when one is negative (the exact path says which)."""
    places = 0
    for amount in jumlah.values():
        if amount < 0:
            return None
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            places = -exponent
    costs = {pekerjaan: int(amount.scaleb(places)) for pekerjaan, amount in jumlah.items()}
    if not any(costs.values()):
        return dict.fromkeys(costs, 1)
    return costs


def bobot(costs: Mapping[P, int]) -> dict[P, Fraction]:
    """Each pekerjaan's exact share of the project's cost (0..1)."""
    total = sum(costs.values())
    return {p: Fraction(cost, total) if total else Fraction(0) for p, cost in costs.items()}


def scheduled_share(costs: Mapping[P, int], totals: Mapping[P, int]) -> int:
    """Hundredths of a percent of the project's cost that is scheduled.

    Each pekerjaan counts its cost times its planned share, a share above 100 % (an unsaved
    edit) counting as 100 %. This is the status bar's figure, and the last Kurva S point of
    any schedule whose totals are all ≤ 100 %.
    """
    total_cost = sum(costs.values())
    if not total_cost:
        return 0
    planned = sum(cost * min(max(totals.get(p, 0), 0), FULL) for p, cost in costs.items())
    return divide_half_up(planned, total_cost)


def group_shares(
    costs: Mapping[P, int], rows: Mapping[P, Mapping[K, int]], members: Sequence[P]
) -> tuple[dict[K, int], int]:
    """A group's cells and total: the cost-weighted share of its work in each column.

    Within the group a pekerjaan weighs its cost, or 1 each when the whole group costs nothing.
    Returns ({column: hundredths}, total hundredths); columns where nothing is planned are left
    out. Used for the klasifikasi and sub-klasifikasi rows of the grid.
    """
    weights = {p: costs.get(p, 0) for p in members}
    if not any(weights.values()):
        weights = dict.fromkeys(members, 1)
    denominator = sum(weights.values())
    if not denominator:
        return {}, 0
    sums: dict[K, int] = {}
    overall = 0
    for pekerjaan, weight in weights.items():
        if not weight:
            continue
        for column, value in rows.get(pekerjaan, {}).items():
            sums[column] = sums.get(column, 0) + weight * value
            overall += weight * value
    cells = {
        column: divide_half_up(numerator, denominator)
        for column, numerator in sums.items()
        if numerator
    }
    return cells, divide_half_up(overall, denominator)


def weighted_sums(
    costs: Mapping[P, int], rows: Iterable[tuple[P, Sequence[int]]], width: int
) -> list[int]:
    """Σ cost × hundredths per slot, exact (the numerators of a Kurva S).

    The rows are turned into columns and each column multiplied out in C (zip, map, sum): a
    1,000 × 104 schedule costs a few milliseconds instead of a Python loop over every cell.
    """
    weighted = [(cost, row) for pekerjaan, row in rows if (cost := costs.get(pekerjaan, 0))]
    if not weighted:
        return [0] * width
    cost_list = [cost for cost, _ in weighted]
    columns = zip(*(row for _, row in weighted), strict=True)
    return [sum(map(mul, column, cost_list)) for column in columns]
