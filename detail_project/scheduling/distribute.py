"""Splitting an integer amount of hundredths into integer parts that add up exactly.

Every split here is a largest-remainder apportionment: give each part the floor of its exact
share, then hand the few leftover units, one each, to the parts with the largest fractional
remainders, ties to the earlier part. Integers in, integers out, and the parts always sum to the
whole, which is what lets a schedule keep "100.00 %" through any number of edits and mode switches.
"""

from __future__ import annotations

from collections.abc import Sequence


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` across `weights` proportionally; the parts sum to `total` exactly.

    Exact share of part i is total × weights[i] / sum(weights). Floors first, then one leftover
    unit each to the largest fractional remainders, ties to the lower index. Zero weights get
    zero: their remainder is 0 and the leftover never exceeds the count of non-zero remainders.
    """
    if total < 0:
        raise ValueError(f"Cannot apportion a negative total ({total})")
    denominator = sum(weights)
    if denominator <= 0 or any(weight < 0 for weight in weights):
        raise ValueError("Weights must be non-negative with a positive sum")
    parts: list[int] = []
    remainders: list[int] = []
    for weight in weights:
        part, remainder = divmod(total * weight, denominator)
        parts.append(part)
        remainders.append(remainder)
    leftover = total - sum(parts)
    if leftover:
        # sorted() is stable even with reverse=True (equal keys keep their order), so equal
        # remainders go to the lower index first.
        ranked = sorted(range(len(parts)), key=remainders.__getitem__, reverse=True)
        for index in ranked[:leftover]:
            parts[index] += 1
    return parts


def spread_evenly(total: int, count: int) -> list[int]:
    """`total` hundredths over `count` periods: equal floors, remainder units to the EARLIEST.

    Earliest-first is what makes weekly → daily → weekly give back the original cells: the daily
    parts of one week always sum to that week's value, however they are rounded.
    """
    if count < 1:
        raise ValueError(f"Cannot spread over {count} periods")
    if total < 0:
        raise ValueError(f"Cannot spread a negative total ({total})")
    base, extra = divmod(total, count)
    return [base + 1] * extra + [base] * (count - extra)


def rescale_to_total(values: Sequence[int], target: int = 10000) -> list[int]:
    """Scale non-negative integers so they sum exactly to `target`, keeping their proportions.

    For repairing a pekerjaan whose cells add to, say, 99.97 % or 100.05 %: each cell becomes its
    largest-remainder share of `target`, ties to the earlier cell; empty cells stay empty.
    """
    if target < 0:
        raise ValueError(f"Target must not be negative, got {target}")
    if any(value < 0 for value in values):
        raise ValueError("Values must not be negative")
    if not any(values):
        raise ValueError("Nothing to rescale: every value is zero")
    return apportion(target, values)
