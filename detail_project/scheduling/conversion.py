"""Moving a schedule from one set of periods to another without losing a hundredth.

See docs/CONVERSION.md for the rules and their guarantees. In short: each old assignment is
spread evenly over its old period's days, the days are credited to the new periods they fall in
(or, when no new period covers a day, to the nearest one), and the assignment's integer value is
apportioned over those credits by largest remainder. Every assignment therefore arrives whole,
so every pekerjaan keeps its total exactly.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import compress, repeat
from typing import Generic, TypeVar

from .distribute import apportion
from .periods import Period
from .proporsi import FULL, format_hundredths

K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=Hashable)

_NO_SHARE = Fraction(0)


class ConversionError(ValueError):
    """A schedule cannot be converted; the message says why and names the pekerjaan if any."""

    def __init__(self, message: str, *, pekerjaan: object = None) -> None:
        super().__init__(message)
        self.pekerjaan = pekerjaan


@dataclass
class ConversionResult(Generic[P]):
    """Converted cells plus what the caller should report to the user.

    cells:   (pekerjaan key, index into new_periods) -> hundredths, only values > 0, grouped by
             pekerjaan in first-seen order and ascending index within a pekerjaan.
    clamped: per pekerjaan, hundredths that sat on days no new period covers and were moved to
             the nearest new period (the exact share of those days, rounded half up; only > 0).
    spilled: per pekerjaan, hundredths moved to a neighbouring period because a merged cell
             would have exceeded 100 % (only > 0; only possible when a total exceeds 100 %).
    """

    cells: dict[tuple[P, int], int] = field(default_factory=dict)
    clamped: dict[P, int] = field(default_factory=dict)
    spilled: dict[P, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Receivers:
    """Where one old period's value goes: new indexes and the days credited to each.

    Computed once per old period, then reused for every assignment on it; that is what keeps
    1,000 pekerjaan × 104 weeks → daily well under a second.
    """

    indexes: tuple[int, ...]
    weights: tuple[int, ...]  # days credited to each index; they sum to the old period's days
    days: int
    uncovered: int  # days of the old period that no new period covers
    uniform: bool  # every weight equal: largest remainder reduces to spread-evenly


class _Timeline:
    """The new periods as sorted ordinals, answering "which new periods receive this old one"."""

    def __init__(self, periods: Sequence[Period]) -> None:
        self.starts = [period.start.toordinal() for period in periods]
        self.ends = [period.end.toordinal() for period in periods]
        for index in range(1, len(periods)):
            if self.starts[index] <= self.ends[index - 1]:
                raise ConversionError(
                    "New periods must be sorted by start and must not overlap "
                    f"(period {index} starts on {periods[index].start}, before the previous "
                    f"one ends on {periods[index - 1].end})"
                )

    def __len__(self) -> int:
        return len(self.starts)

    def receivers(self, period: Period) -> _Receivers:
        first_day = period.start.toordinal()
        last_day = period.end.toordinal()
        credit = self._covered_credit(first_day, last_day)
        days = last_day - first_day + 1
        uncovered = days - sum(credit.values())
        if uncovered:
            self._credit_uncovered(first_day, last_day, credit)
        indexes = tuple(sorted(credit))
        weights = tuple(credit[index] for index in indexes)
        return _Receivers(
            indexes=indexes,
            weights=weights,
            days=days,
            uncovered=uncovered,
            uniform=len(set(weights)) == 1,
        )

    def _covered_credit(self, first_day: int, last_day: int) -> dict[int, int]:
        """Overlap in days with each new period that intersects first_day..last_day."""
        credit: dict[int, int] = {}
        starts, ends = self.starts, self.ends
        index = bisect_left(ends, first_day)  # first new period ending on/after first_day
        while index < len(starts) and starts[index] <= last_day:
            credit[index] = min(last_day, ends[index]) - max(first_day, starts[index]) + 1
            index += 1
        return credit

    def _credit_uncovered(self, first_day: int, last_day: int, credit: dict[int, int]) -> None:
        """Credit each uncovered day to the nearest new period (a tie goes to the earlier one).

        Gap g lies between new periods g and g + 1 (g = -1: before the first, g = n - 1: after
        the last). Only the gaps from the one just before the first overlapping period to the one
        just after the last overlapping period can meet first_day..last_day.
        """
        starts, ends = self.starts, self.ends
        count = len(starts)
        first_overlap = bisect_left(ends, first_day)
        gap = first_overlap - 1
        while gap < count and (gap < 0 or ends[gap] < last_day):
            low = ends[gap] + 1 if gap >= 0 else first_day
            high = starts[gap + 1] - 1 if gap + 1 < count else last_day
            for receiver, gap_low, gap_high in self._gap_halves(gap, low, high):
                days = _overlap_days(first_day, last_day, gap_low, gap_high)
                if days:
                    credit[receiver] = credit.get(receiver, 0) + days
            gap += 1

    def _gap_halves(self, gap: int, low: int, high: int) -> list[tuple[int, int, int]]:
        """(receiving index, first day, last day) for the parts of a gap."""
        count = len(self.starts)
        if gap < 0:
            return [(0, low, high)]
        if gap + 1 >= count:
            return [(count - 1, low, high)]
        # Day low + t is t + 1 days from period `gap` and (length - t) days from `gap + 1`;
        # the first ceil(length / 2) days are at least as near to the earlier period.
        length = high - low + 1
        split = low + (length + 1) // 2 - 1
        return [(gap, low, split), (gap + 1, split + 1, high)]


def _overlap_days(first: int, last: int, low: int, high: int) -> int:
    return max(0, min(last, high) - max(first, low) + 1)


def _bad_value(pekerjaan: object, key: object, value: object) -> ConversionError:
    return ConversionError(
        f"Pekerjaan {pekerjaan!r}: proporsi on tahapan {key!r} must be an integer of 1..{FULL} "
        f"hundredths, got {value!r}",
        pekerjaan=pekerjaan,
    )


def convert_assignments(
    old_periods: Mapping[K, Period],
    assignments: Iterable[tuple[P, K, int]],
    new_periods: Sequence[Period],
) -> ConversionResult[P]:
    """Carry (pekerjaan, old tahapan, hundredths) assignments over to `new_periods`.

    `new_periods` must be sorted by start and must not overlap (gaps are allowed). Every
    pekerjaan's total is preserved exactly. Raises ConversionError (a ValueError) when an
    assignment names a tahapan missing from `old_periods`, a value is not 1..10000 hundredths,
    there are assignments but no new periods, or a pekerjaan's total exceeds 100 % × the number
    of new periods so no arrangement could keep every cell ≤ 100 %.
    """
    timeline = _Timeline(new_periods)
    groups = _group_by_pekerjaan(assignments)
    if groups and not len(timeline):
        raise ConversionError("no new periods")
    receivers = _ReceiverCache(timeline, old_periods)
    result: ConversionResult[P] = ConversionResult()
    indexes = range(len(timeline))
    for pekerjaan, items in groups.items():
        row, uncovered = _convert_row(pekerjaan, items, receivers, len(timeline))
        spilled = _spill(pekerjaan, row)
        if spilled:
            result.spilled[pekerjaan] = spilled
        clamped = _round_half_up(uncovered)
        if clamped:
            result.clamped[pekerjaan] = clamped
        # C-level iteration: the cell dict is the biggest cost of a conversion to daily.
        filled = list(compress(indexes, row))
        keys = zip(repeat(pekerjaan), filled)
        result.cells.update(zip(keys, map(row.__getitem__, filled), strict=True))
    return result


def _group_by_pekerjaan(
    assignments: Iterable[tuple[P, K, int]],
) -> dict[P, list[tuple[P, K, int]]]:
    """Assignments per pekerjaan, pekerjaan in first-seen order.

    Converting one pekerjaan at a time keeps a single dense row alive at once (memory bounded by
    the number of new periods, not pekerjaan × periods) and is where spilling happens anyway.
    """
    groups: dict[P, list[tuple[P, K, int]]] = {}
    for assignment in assignments:
        group = groups.get(assignment[0])
        if group is None:
            groups[assignment[0]] = [assignment]
        else:
            group.append(assignment)
    return groups


class _ReceiverCache(Generic[K]):
    """Receivers per old tahapan key, computed on first use and reused for every assignment."""

    def __init__(self, timeline: _Timeline, old_periods: Mapping[K, Period]) -> None:
        self._timeline = timeline
        self._old_periods = old_periods
        self.by_key: dict[K, _Receivers] = {}

    def compute(self, key: K, pekerjaan: object) -> _Receivers:
        try:
            period = self._old_periods[key]
        except KeyError:
            raise ConversionError(
                f"Pekerjaan {pekerjaan!r} is assigned to tahapan {key!r}, which is not among "
                "the old periods",
                pekerjaan=pekerjaan,
            ) from None
        receivers = self.by_key[key] = self._timeline.receivers(period)
        return receivers


def _convert_row(
    pekerjaan: P,
    items: list[tuple[P, K, int]],
    cache: _ReceiverCache[K],
    period_count: int,
) -> tuple[list[int], Fraction]:
    """One pekerjaan's new row (dense, one slot per new period) and its uncovered-day share.

    This is the hot loop (up to a few hundred thousand iterations for a big project), so the
    two common shapes, a single receiver and equal receivers, are written out inline.
    """
    row = [0] * period_count
    uncovered = _NO_SHARE
    by_key = cache.by_key
    for _, key, value in items:
        if type(value) is not int or not 0 < value <= FULL:
            raise _bad_value(pekerjaan, key, value)
        receivers = by_key.get(key)
        if receivers is None:
            receivers = cache.compute(key, pekerjaan)
        indexes = receivers.indexes
        if len(indexes) == 1:
            row[indexes[0]] += value
        elif receivers.uniform:
            # Equal weights give equal exact shares: every remainder ties, so the leftover units
            # go to the earliest periods (spread evenly).
            base, extra = divmod(value, len(indexes))
            for index in indexes[:extra]:
                row[index] += base + 1
            for index in indexes[extra:]:
                row[index] += base
        else:
            for index, share in zip(indexes, apportion(value, receivers.weights), strict=True):
                row[index] += share
        if receivers.uncovered:
            uncovered += Fraction(value * receivers.uncovered, receivers.days)
    return row, uncovered


def _round_half_up(value: Fraction) -> int:
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def _spill(pekerjaan: object, row: list[int]) -> int:
    """Cap every cell of one pekerjaan at 100 %, moving the excess outward; return the amount.

    The excess of a cell goes to the nearest periods with room: the next one first, then the
    previous one, then two away, and so on. Cells over 100 % are handled in index order; a
    receiving cell is only filled up to 100 %, so nothing cascades. When the whole row exceeds
    100 % × the number of periods there is no arrangement at all, so refuse.
    """
    if not row or max(row) <= FULL:
        return 0
    total = sum(row)
    if total > FULL * len(row):
        raise ConversionError(
            f"Pekerjaan {pekerjaan!r} has {format_hundredths(total)} % in total, more than fits "
            f"into {len(row)} period(s) at 100 % each",
            pekerjaan=pekerjaan,
        )
    moved = 0
    for index in [index for index, value in enumerate(row) if value > FULL]:
        excess = row[index] - FULL
        row[index] = FULL
        moved += excess
        for neighbour in _outward(index, len(row)):
            room = FULL - row[neighbour]
            if room > 0:
                taken = min(room, excess)
                row[neighbour] += taken
                excess -= taken
                if not excess:
                    break
    return moved


def _outward(index: int, count: int) -> Iterator[int]:
    """index + 1, index - 1, index + 2, index - 2, … staying inside 0..count - 1."""
    for distance in range(1, count):
        if index + distance < count:
            yield index + distance
        if index - distance >= 0:
            yield index - distance
