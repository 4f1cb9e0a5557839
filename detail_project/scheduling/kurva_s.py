"""Kurva S: the cost-weighted plan per period of an axis and its running total.

rencana of slot i (percent of the project's cost) = Σ over pekerjaan of bobot × hundredths in
slot i. Everything is summed as exact integers and rounded once per output, half up, to
hundredths of a percent; the cumulative is the rounded running sum of the *exact* weights (not
the sum of rounded weights), so a fully planned project ends at exactly 100.00.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .weights import divide_half_up, weighted_sums

P = TypeVar("P", bound=Hashable)


@dataclass(frozen=True)
class KurvaS:
    """rencana[i] and kumulatif[i] in hundredths of a percent of the project's cost."""

    rencana: list[int]
    kumulatif: list[int]

    @property
    def final(self) -> int:
        return self.kumulatif[-1] if self.kumulatif else 0


def kurva_s(costs: Mapping[P, int], rows: Mapping[P, Sequence[int]], width: int) -> KurvaS:
    """Kurva S of `rows` (per pekerjaan, hundredths per slot) weighted by integer `costs`.

    A pekerjaan missing from `costs` weighs nothing. Raises ValueError for a row of the wrong
    width or a negative value.
    """
    for pekerjaan, row in rows.items():
        if len(row) != width:
            raise ValueError(f"Pekerjaan {pekerjaan!r}: {len(row)} values for {width} slots")
        if row and min(row) < 0:
            raise ValueError(f"Pekerjaan {pekerjaan!r}: a share must not be negative")
    total_cost = sum(costs.values())
    if not total_cost:
        zeros = [0] * width
        return KurvaS(rencana=zeros, kumulatif=list(zeros))
    numerators = weighted_sums(costs, rows.items(), width)
    rencana: list[int] = []
    kumulatif: list[int] = []
    running = 0
    for numerator in numerators:
        running += numerator
        rencana.append(divide_half_up(numerator, total_cost))
        kumulatif.append(divide_half_up(running, total_cost))
    return KurvaS(rencana=rencana, kumulatif=kumulatif)


def kumulatif_on(
    costs: Mapping[P, int],
    rows: Mapping[P, Sequence[int]],
    width: int,
    targets: Sequence[int],
    target_width: int,
) -> list[int]:
    """The running total (hundredths of the cost) of `rows` laid on another axis: slot i of
    the rows counts in slot `targets[i]` of an axis `target_width` long. Exact until the one
    rounding per output, like `kurva_s`: a baseline drawn on the current axis ends exactly at
    its own final total."""
    if len(targets) != width:
        raise ValueError(f"{len(targets)} targets for {width} slots")
    total_cost = sum(costs.values())
    if not total_cost:
        return [0] * target_width
    numerators = weighted_sums(costs, rows.items(), width)
    regrouped = [0] * target_width
    for index, numerator in enumerate(numerators):
        regrouped[targets[index]] += numerator
    running = 0
    kumulatif = []
    for numerator in regrouped:
        running += numerator
        kumulatif.append(divide_half_up(running, total_cost))
    return kumulatif
