"""Rekap kebutuhan: how much of each resource every period of the schedule needs.

A pekerjaan with volume V, a share h of its work in a period (hundredths of a percent, the
axis' unit) and an analysis line of koefisien k needs V × h / 10000 × k of that line's item in
that period. The sum over every pekerjaan is the period's need of the item; × its harga dasar
is the cost.

Everything is exact integer arithmetic: volumes arrive in thousandths (the column has three
places), koefisien in millionths (six), shares in hundredths of a percent, harga in cents, so a
quantity is an integer count of 10⁻¹³ units and a cost of 10⁻¹⁵ rupiah. Nothing is rounded
here; the caller rounds once for display. Summed over the periods an item's need is exactly
V × k summed over the pekerjaan that are fully scheduled — the volume in the RAB.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

P = TypeVar("P", bound=Hashable)
I = TypeVar("I", bound=Hashable)  # noqa: E741 - an item key

VOLUME_SCALE = 10**3
KOEFISIEN_SCALE = 10**6
SHARE_SCALE = 10**4  # hundredths of a percent in a whole
HARGA_SCALE = 10**2
QUANTITY_SCALE = VOLUME_SCALE * KOEFISIEN_SCALE * SHARE_SCALE
COST_SCALE = QUANTITY_SCALE * HARGA_SCALE


def scaled(value: Decimal, scale: int) -> int:
    """`value` × `scale` as an exact integer; ValueError if it does not fit exactly."""
    product = value * scale
    if product != product.to_integral_value():
        raise ValueError(f"{value} has more places than 1/{scale}")
    return int(product)


@dataclass(frozen=True, slots=True)
class Need:
    """One item's need per slot of the axis, exact: quantity / QUANTITY_SCALE units and
    cost / COST_SCALE rupiah."""

    quantity: list[int]
    cost: list[int]

    def quantity_in(self, slot: int) -> Decimal:
        return Decimal(self.quantity[slot]) / QUANTITY_SCALE

    def cost_in(self, slot: int) -> Decimal:
        return Decimal(self.cost[slot]) / COST_SCALE


def kebutuhan(
    rows: Mapping[P, Sequence[int]],
    volumes: Mapping[P, Decimal],
    lines: Mapping[P, Sequence[tuple[I, Decimal]]],
    harga: Mapping[I, Decimal],
    width: int,
) -> dict[I, Need]:
    """Per item, its quantity and cost in each of the `width` slots.

    `rows`: each pekerjaan's hundredths per slot (an `Axis`' rows); `lines`: its (item,
    koefisien) pairs; `harga`: the item's unit price (missing: 0). A pekerjaan without lines or
    without a row needs nothing. Items that end up needing nothing are left out.
    """
    per_item: dict[I, list[int]] = {}
    for pekerjaan, pairs in lines.items():
        row = rows.get(pekerjaan)
        volume = volumes.get(pekerjaan)
        if not pairs or row is None or not volume:
            continue
        volume_milli = scaled(volume, VOLUME_SCALE)
        filled = [(index, volume_milli * share) for index, share in enumerate(row) if share]
        if not filled:
            continue
        for item, koefisien in pairs:
            micro = scaled(koefisien, KOEFISIEN_SCALE)
            if not micro:
                continue
            target = per_item.get(item)
            if target is None:
                target = per_item[item] = [0] * width
            for index, amount in filled:
                target[index] += amount * micro
    result: dict[I, Need] = {}
    for item, quantity in per_item.items():
        if not any(quantity):
            continue
        cents = scaled(harga.get(item, Decimal(0)), HARGA_SCALE)
        result[item] = Need(quantity=quantity, cost=[value * cents for value in quantity])
    return result
