"""The plan is time-phased: per pekerjaan, how many hundredths of its volume fall on each day.

A `DayPlan` is the truth behind the grid (SPEC §9). Tahapan of a time scale are *views*: a
tahapan's cell is the plain sum of the plan's days inside it (`plan_project`), so switching
daily ⇄ weekly (any week end) ⇄ monthly and back gives back every cell exactly, because the
plan itself never changes on a switch. Edits at a coarse scale write through to the days
(`plan_set_cell`), keeping the shape the days already had.

Days are proleptic ordinals (`date.toordinal()`); values are integer hundredths of a percent
(10000 == 100 %). Storage is a run of little-endian uint16, one per day from the first non-zero
day to the last (`plan_encode` / `plan_decode`): two bytes a day, and a 1,000-pekerjaan project
over two years decodes in a few milliseconds.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import sub

from .distribute import apportion, spread_evenly
from .periods import Period
from .proporsi import FULL, format_hundredths

_MAX_DAY = 0xFFFF  # what a uint16 day can hold; valid plans stay at or below FULL


class PlanError(ValueError):
    """A plan cannot be built or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class DayPlan:
    """Hundredths per day from day `start` (an ordinal): `values[i]` falls on `start + i`.

    Always trimmed: no leading or trailing zero days. The empty plan has `start == 0`.
    """

    start: int
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)

    @property
    def end(self) -> int:
        """Ordinal of the last stored day (start - 1 for the empty plan)."""
        return self.start + len(self.values) - 1

    def __bool__(self) -> bool:
        return bool(self.values)

    def day(self, ordinal: int) -> int:
        offset = ordinal - self.start
        return self.values[offset] if 0 <= offset < len(self.values) else 0


EMPTY = DayPlan(0, ())


def plan_of(start: int, values: Sequence[int]) -> DayPlan:
    """A trimmed plan from values that begin on ordinal `start`."""
    first = 0
    last = len(values)
    while first < last and not values[first]:
        first += 1
    while last > first and not values[last - 1]:
        last -= 1
    if first == last:
        return EMPTY
    return DayPlan(start + first, tuple(values[first:last]))


def _ordinals(period: Period) -> tuple[int, int]:
    return period.start.toordinal(), period.end.toordinal()


def plan_from_cells(cells: Iterable[tuple[Period, int]]) -> DayPlan:
    """The plan that spreads each (period, hundredths) cell evenly over its days.

    The remainder goes to the earliest days (`spread_evenly`), so every period sums back to
    its cell exactly. This is how a schedule kept as cells (before time-phasing, or a cell
    typed into a custom import) becomes days.
    """
    spans: list[tuple[int, int, int]] = []
    for period, value in cells:
        if type(value) is not int or not 0 <= value <= FULL:
            raise PlanError(f"A cell must hold 0..{FULL} hundredths, got {value!r}")
        if value:
            first, last = _ordinals(period)
            spans.append((first, last, value))
    if not spans:
        return EMPTY
    start = min(first for first, _, _ in spans)
    values = [0] * (max(last for _, last, _ in spans) - start + 1)
    for first, last, value in spans:
        for offset, part in enumerate(spread_evenly(value, last - first + 1), first - start):
            values[offset] += part
    return plan_of(start, values)


class Bins:
    """Sorted, non-overlapping periods and the days each one *receives*.

    A day inside a period belongs to it. A day no period covers (before the first, after the
    last, in a gap) goes wholly to the nearest period by date, a tie to the earlier one: so a
    projection never drops a hundredth, whatever the plan holds.
    """

    def __init__(self, periods: Sequence[Period]) -> None:
        bounds = [_ordinals(period) for period in periods]
        for index in range(1, len(bounds)):
            if bounds[index][0] <= bounds[index - 1][1]:
                raise PlanError(
                    "Periods must be sorted by start and must not overlap "
                    f"(period {index + 1} starts on {periods[index].start}, before period "
                    f"{index} ends on {periods[index - 1].end})"
                )
        self.periods = tuple(periods)
        self.bounds = bounds
        # catchment[j] = (first, last) ordinals whose days go to period j; together they cover
        # every integer, so each day has exactly one receiver.
        self.firsts: list[int] = []
        self.lasts: list[int] = []
        for index, (first, last) in enumerate(bounds):
            if index + 1 < len(bounds):
                gap = bounds[index + 1][0] - last - 1
                last += (gap + 1) // 2  # the earlier half of a gap (the middle day too) is ours
            self.firsts.append(first)
            self.lasts.append(last)
        if self.firsts:
            self.firsts[0] = -sys.maxsize
            self.lasts[-1] = sys.maxsize
            for index in range(1, len(self.firsts)):
                self.firsts[index] = self.lasts[index - 1] + 1

    def __len__(self) -> int:
        return len(self.bounds)

    def receiver(self, ordinal: int) -> int:
        """Index of the period that receives day `ordinal`."""
        return bisect_left(self.lasts, ordinal)

    def credit(self, period: Period) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(receiving indexes, days credited to each) for the days of `period`, in index order."""
        first, last = _ordinals(period)
        if not self.bounds:
            raise PlanError("There are no periods to place anything on")
        indexes: list[int] = []
        weights: list[int] = []
        index = self.receiver(first)
        while index < len(self.lasts) and self.firsts[index] <= last:
            days = min(last, self.lasts[index]) - max(first, self.firsts[index]) + 1
            indexes.append(index)
            weights.append(days)
            index += 1
        return tuple(indexes), tuple(weights)


def plan_project(plan: DayPlan, bins: Bins) -> list[int]:
    """The plan's hundredths per period: each period sums the days it receives (exact).

    The hot path of every switch and every Kurva S: prefix sums and the periods' cut points
    are computed with C-level iteration (accumulate, map, slicing), one subtraction per period.
    """
    count = len(bins)
    row = [0] * count
    if not plan:
        return row
    if not count:
        raise PlanError("There are no periods to place the plan on")
    start, end = plan.start, plan.end
    first, last = bins.receiver(start), bins.receiver(end)
    if first == last:
        row[first] = plan.total
        return row
    prefix = [0, *accumulate(plan.values)]
    # Days up to the end of periods first .. last - 1 (offsets into the plan), then all of it.
    cuts = [prefix[ordinal - start + 1] for ordinal in bins.lasts[first:last]]
    cuts.append(prefix[-1])
    row[first] = cuts[0]
    row[first + 1 : last + 1] = map(sub, cuts[1:], cuts[:-1])
    return row


def plan_set_cells(plan: DayPlan, cells: Iterable[tuple[Period, int]]) -> DayPlan:
    """The plan with each cell's days re-weighted to sum to the cell's new hundredths.

    The days keep their shape: each gets its largest-remainder share of the new value in
    proportion to what it held (ties to the earlier day); days that held nothing get nothing,
    unless the whole period was empty, then the value is spread evenly (remainder to the
    earliest days). Cells are applied in order; periods of one scale never overlap.
    """
    edits = []
    for period, value in cells:
        if type(value) is not int or not 0 <= value <= FULL:
            raise PlanError(f"A cell must hold 0..{FULL} hundredths, got {value!r}")
        edits.append((*_ordinals(period), value))
    if not edits:
        return plan
    start = min([first for first, _, _ in edits] + ([plan.start] if plan else []))
    end = max([last for _, last, _ in edits] + ([plan.end] if plan else []))
    values = [0] * (end - start + 1)
    if plan:
        offset = plan.start - start
        values[offset : offset + len(plan.values)] = plan.values
    for first, last, value in edits:
        low, high = first - start, last - start + 1
        old = values[low:high]
        held = sum(old)
        if held == value:
            continue
        if not value:
            values[low:high] = [0] * (high - low)
        elif held:
            values[low:high] = apportion(value, old)
        else:
            values[low:high] = spread_evenly(value, high - low)
    return plan_of(start, values)


def plan_set_cell(plan: DayPlan, period: Period, value: int) -> DayPlan:
    """`plan_set_cells` for one cell."""
    return plan_set_cells(plan, [(period, value)])


def plan_clamp(plan: DayPlan, first: int, last: int) -> tuple[DayPlan, int]:
    """Move the days before `first` onto `first` and those after `last` onto `last`.

    Returns the new plan and how many hundredths moved (to report). Used when a project's
    dates are shortened: nothing planned is dropped, it lands on the nearest day that remains.
    Raises PlanError if a day would then hold more than 100 % (only possible when the
    pekerjaan's total is already above 100 %).
    """
    if not plan or (plan.start >= first and plan.end <= last):
        return plan, 0
    values = [0] * (last - first + 1)
    before = after = 0
    for ordinal, value in enumerate(plan.values, plan.start):
        if ordinal < first:
            before += value
        elif ordinal > last:
            after += value
        else:
            values[ordinal - first] = value
    values[0] += before
    values[-1] += after
    if max(values) > FULL:
        raise PlanError(
            f"{format_hundredths(max(values))} % would fall on one day; the plan holds "
            f"{format_hundredths(plan.total)} % in total, more than 100 %"
        )
    return plan_of(first, values), before + after


def plan_encode(plan: DayPlan) -> tuple[int | None, bytes]:
    """(first day's ordinal or None, little-endian uint16 per day) for storage."""
    if not plan:
        return None, b""
    if max(plan.values) > _MAX_DAY or min(plan.values) < 0:
        raise PlanError("A day must hold 0..65535 hundredths")
    days = array("H", plan.values)
    if sys.byteorder == "big":  # pragma: no cover - stored little-endian on every machine
        days.byteswap()
    return plan.start, days.tobytes()


def plan_decode(start: int | None, data: bytes | memoryview | None) -> DayPlan:
    """The plan stored by `plan_encode`."""
    if start is None or not data:
        return EMPTY
    days = array("H")
    days.frombytes(bytes(data))
    if sys.byteorder == "big":  # pragma: no cover
        days.byteswap()
    values = tuple(days)
    if values[0] and values[-1]:
        return DayPlan(start, values)  # stored trimmed, as plan_encode writes it
    return plan_of(start, values)
