"""A schedule laid on a time axis: the periods of one scale, then the undated tahapan.

Every derived number (Kurva S, Gantt spans, progress per period) is computed over an `Axis`,
never over the grid's column order. The axis of a scale is its generated periods (daily,
weekly or monthly bins over the project); a pekerjaan's row on it is

- its day plan summed per bin (`plan_project`), plus
- each cell of a *dated* custom tahapan spread over the bins by the days it covers (largest
  remainder, ties to the earlier bin; days outside every bin go to the nearest), plus
- one extra slot per *undated* custom tahapan, listed after the bins in the planner's order:
  they keep their cells but have no place in time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .distribute import apportion
from .periods import Period
from .timephase import Bins, DayPlan, plan_project

P = TypeVar("P", bound=Hashable)
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Slot:
    """One period of an axis: bin `nomor` (1-based) of the scale, or an undated tahapan."""

    start: dt.date | None
    end: dt.date | None
    nomor: int | None = None
    tahapan: Hashable | None = None  # the key of an undated custom tahapan

    @property
    def dated(self) -> bool:
        return self.start is not None


@dataclass
class Axis(Generic[P]):
    """Slots in time order and, per pekerjaan, its hundredths in each slot."""

    scale: str
    slots: list[Slot]
    rows: dict[P, list[int]] = field(default_factory=dict)

    @property
    def dated_count(self) -> int:
        return sum(1 for slot in self.slots if slot.dated)


def build_axis(
    *,
    scale: str,
    bins: Sequence[Period],
    plans: Mapping[P, DayPlan] | None = None,
    generated: Mapping[P, Sequence[int]] | None = None,
    custom_tahapan: Sequence[tuple[K, Period | None]] = (),
    custom_cells: Iterable[tuple[P, K, int]] = (),
) -> Axis[P]:
    """The axis of `bins` with every pekerjaan's row on it.

    The generated layer comes either as day `plans` (projected onto the bins) or as rows that
    are already per bin (`generated`, e.g. the cells of generated tahapan that *are* the bins).
    `custom_tahapan` lists (key, period or None) in display order; `custom_cells` are
    (pekerjaan, tahapan key, hundredths). A cell on a key missing from `custom_tahapan` raises
    KeyError: the caller passes every custom tahapan it has cells for.
    """
    timeline = Bins(bins)
    slots = [Slot(period.start, period.end, nomor=index) for index, period in enumerate(bins, 1)]
    undated: dict[K, int] = {}
    placements: dict[K, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    for key, period in custom_tahapan:
        if period is None:
            undated[key] = len(slots)
            slots.append(Slot(None, None, tahapan=key))
        else:
            placements[key] = timeline.credit(period)
    axis: Axis[P] = Axis(scale=scale, slots=slots)
    width = len(slots)
    for pekerjaan, plan in (plans or {}).items():
        axis.rows[pekerjaan] = [*plan_project(plan, timeline), *([0] * (width - len(bins)))]
    padding = [0] * (width - len(bins))
    for pekerjaan, row in (generated or {}).items():
        target = axis.rows.get(pekerjaan)
        if target is None:
            axis.rows[pekerjaan] = [*row, *padding]  # the common case: one list copy
            continue
        for index, value in enumerate(row):
            target[index] += value
    for pekerjaan, key, value in custom_cells:
        target = _row(axis, pekerjaan, width)
        if key in undated:
            target[undated[key]] += value
            continue
        indexes, weights = placements[key]
        for index, part in zip(indexes, apportion(value, weights), strict=True):
            target[index] += part
    return axis


def _row(axis: Axis[P], pekerjaan: P, width: int) -> list[int]:
    row = axis.rows.get(pekerjaan)
    if row is None:
        row = axis.rows[pekerjaan] = [0] * width
    return row
