"""Mode switches keep every pekerjaan's schedule: the conversion guarantees, proven on random data.

The fast conversion is checked against a slow reference that walks day by day with Fractions,
and its promises (totals kept exactly, unions summed exactly, weekly → daily → weekly and
monthly → daily → monthly round trips, cells within 0..100 %) are checked on random projects and
random schedules. No database: pure functions only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from detail_project.scheduling import (
    FULL,
    MODES,
    ConversionError,
    ConversionResult,
    Period,
    convert_assignments,
    generate_periods,
)

Cells = dict[tuple[int, int], int]

D = dt.date
ONE_DAY = dt.timedelta(days=1)
PERIOD_KINDS = ("daily", "weekly", "monthly", "custom", "gappy")


PROJECT_START = D(2026, 1, 5)


def day(offset: int, base: dt.date = PROJECT_START) -> dt.date:
    """Day `offset` of a project starting on Monday 5 January 2026."""
    return base + dt.timedelta(days=offset)


def days_of(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=n) for n in range(period.days)]


def as_assignments(cells: Mapping[tuple[int, int], int]) -> list[tuple[int, int, int]]:
    """Cells keyed by (pekerjaan, period index) as (pekerjaan, old tahapan key, hundredths)."""
    return [(pekerjaan, index, value) for (pekerjaan, index), value in cells.items()]


def convert(old: Sequence[Period], cells: Cells, new: Sequence[Period]) -> ConversionResult[int]:
    return convert_assignments(dict(enumerate(old)), as_assignments(cells), new)


def totals(cells: Mapping[tuple[int, int], int]) -> Counter[int]:
    result: Counter[int] = Counter()
    for (pekerjaan, _), value in cells.items():
        result[pekerjaan] += value
    return result


def assert_cells_in_bounds(cells: Mapping[tuple[int, int], int], period_count: int) -> None:
    for (_, index), value in cells.items():
        assert 0 <= index < period_count
        assert 0 < value <= FULL


# --- The slow, obvious reference -----------------------------------------------------------


def nearest_index(moment: dt.date, periods: Sequence[Period]) -> int:
    """The period holding `moment`, else the nearest by days; a tie goes to the earlier one."""
    best: tuple[int, int] | None = None
    for index, period in enumerate(periods):
        if period.start <= moment <= period.end:
            return index
        distance = (
            (period.start - moment).days if moment < period.start else (moment - period.end).days
        )
        if best is None or distance < best[0]:
            best = (distance, index)
    assert best is not None
    return best[1]


def reference_conversion(
    old_periods: Mapping[int, Period],
    assignments: Iterable[tuple[int, int, int]],
    new_periods: Sequence[Period],
) -> tuple[dict[int, Counter[int]], dict[int, int]]:
    """Rows before any spilling, and the clamped report, computed day by day with Fractions."""
    rows: dict[int, Counter[int]] = {}
    uncovered: dict[int, Fraction] = {}
    for pekerjaan, key, value in assignments:
        period = old_periods[key]
        credit: Counter[int] = Counter()
        for moment in days_of(period):
            index = nearest_index(moment, new_periods)
            credit[index] += 1
            receiver = new_periods[index]
            if not receiver.start <= moment <= receiver.end:
                uncovered[pekerjaan] = uncovered.get(pekerjaan, Fraction(0)) + Fraction(
                    value, period.days
                )
        exact = {index: Fraction(value * count, period.days) for index, count in credit.items()}
        parts = {index: int(share) for index, share in exact.items()}
        leftover = value - sum(parts.values())
        ranked = sorted(exact, key=lambda index: (-(exact[index] - parts[index]), index))
        for index in ranked[:leftover]:
            parts[index] += 1
        rows.setdefault(pekerjaan, Counter()).update(parts)
    clamped = {pekerjaan: int(share + Fraction(1, 2)) for pekerjaan, share in uncovered.items()}
    return rows, {pekerjaan: value for pekerjaan, value in clamped.items() if value}


def row_cells(rows: Mapping[int, Counter[int]]) -> Cells:
    return {
        (pekerjaan, index): value
        for pekerjaan, row in rows.items()
        for index, value in row.items()
        if value
    }


# --- Strategies ----------------------------------------------------------------------------

AWKWARD_STARTS = [D(2024, 2, 29), D(2024, 2, 1), D(2025, 12, 29), D(2025, 1, 31), D(2026, 1, 5)]


@st.composite
def project_ranges(draw: st.DrawFn, max_days: int) -> tuple[dt.date, dt.date]:
    start = draw(st.one_of(st.sampled_from(AWKWARD_STARTS), st.dates(D(2023, 1, 1), D(2028, 1, 1))))
    length = draw(st.one_of(st.integers(0, 20), st.integers(0, max_days - 1)))
    return start, start + dt.timedelta(days=length)


@st.composite
def period_sets(
    draw: st.DrawFn, start: dt.date, end: dt.date, kinds: Sequence[str] = PERIOD_KINDS
) -> list[Period]:
    """Sorted, non-overlapping periods: a generated mode, a custom partition, or one with gaps.

    "gappy" periods may leave holes and need not reach either end of the range.
    """
    kind = draw(st.sampled_from(kinds))
    if kind in MODES:
        return generate_periods(kind, start, end, week_end_day=draw(st.integers(0, 6)))
    length = (end - start).days + 1
    if kind == "custom":
        cuts = (
            draw(st.sets(st.integers(1, length - 1), max_size=min(length - 1, 40)))
            if length > 1
            else set()
        )
        bounds = [0, *sorted(cuts), length]
        return [Period(day(a, start), day(b - 1, start)) for a, b in pairwise(bounds)]
    assert kind == "gappy"
    points = sorted(draw(st.sets(st.integers(0, length - 1), min_size=1, max_size=min(length, 40))))
    if len(points) % 2:
        points.append(points[-1])
    return [
        Period(day(a, start), day(b, start)) for a, b in zip(points[::2], points[1::2], strict=True)
    ]


@st.composite
def overlapping_periods(draw: st.DrawFn, start: dt.date, end: dt.date) -> list[Period]:
    """User-made custom tahapan: anywhere in the range, free to overlap each other."""
    length = (end - start).days + 1
    periods = []
    for _ in range(draw(st.integers(1, 15))):
        first = draw(st.integers(0, length - 1))
        last = draw(st.integers(first, length - 1))
        periods.append(Period(day(first, start), day(last, start)))
    return periods


@st.composite
def other_ranges(draw: st.DrawFn, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The project range after an edit: the same, shorter, longer or shifted."""
    length = (end - start).days + 1
    variant = draw(st.sampled_from(["same", "shorter", "longer", "shifted"]))
    if variant == "same":
        return start, end
    if variant == "shorter":
        first = draw(st.integers(0, length - 1))
        last = draw(st.integers(first, length - 1))
        return day(first, start), day(last, start)
    if variant == "longer":
        return day(-draw(st.integers(0, 40)), start), day(draw(st.integers(0, 40)), end)
    shift = draw(st.integers(-60, 60))
    return day(shift, start), day(shift + draw(st.integers(0, length + 20)), start)


def split(rng: random.Random, total: int, count: int) -> list[int]:
    """`total` as `count` positive integers, cut at random points."""
    cuts = sorted(rng.sample(range(1, total), count - 1))
    return [b - a for a, b in pairwise([0, *cuts, total])]


@st.composite
def schedules(
    draw: st.DrawFn,
    period_count: int,
    *,
    over_full: bool = False,
    max_pekerjaan: int = 6,
    max_cells: int = 30,
) -> Cells:
    """Random cells; each pekerjaan's total is ≤ 100 % (often exactly 100 %) unless over_full.

    Hypothesis draws the shape (how many pekerjaan, cells and what totals, so edge cases such as
    one cell, all-ones and exactly 100 % come up often); a seeded Random fills in which periods
    and where the cuts fall, which is much cheaper than drawing unique lists.
    """
    rng = random.Random(draw(st.integers(0, 2**32 - 1), label="seed"))
    cells: Cells = {}
    for pekerjaan in range(draw(st.integers(1, max_pekerjaan))):
        count = draw(st.integers(1, min(period_count, max_cells)))
        indexes = rng.sample(range(period_count), count)
        if over_full:
            values = [rng.randint(1, FULL) for _ in indexes]
        else:
            total = draw(st.one_of(st.just(FULL), st.integers(count, FULL), st.just(count)))
            values = split(rng, total, count)
        cells.update(
            {(pekerjaan, index): value for index, value in zip(indexes, values, strict=True)}
        )
    return cells


# --- Against the reference -----------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_it_matches_the_day_by_day_reference(data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=100))
    old = data.draw(
        st.one_of(period_sets(start, end), overlapping_periods(start, end)), label="old"
    )
    new_start, new_end = data.draw(other_ranges(start, end))
    new = data.draw(period_sets(new_start, new_end), label="new")
    cells = data.draw(schedules(len(old)))

    result = convert(old, cells, new)
    rows, clamped = reference_conversion(dict(enumerate(old)), as_assignments(cells), new)

    assert result.cells == row_cells(rows)
    assert result.clamped == clamped
    assert result.spilled == {}
    assert totals(result.cells) == totals(cells)


# --- Totals --------------------------------------------------------------------------------


@pytest.mark.parametrize("new_mode", MODES)
@pytest.mark.parametrize("old_mode", MODES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_it_keeps_every_total_for_every_mode_pair(
    old_mode: str, new_mode: str, data: st.DataObject
) -> None:
    start, end = data.draw(project_ranges(max_days=2 * 365))
    old = generate_periods(old_mode, start, end, week_end_day=data.draw(st.integers(0, 6)))
    new_start, new_end = data.draw(other_ranges(start, end))
    new = generate_periods(new_mode, new_start, new_end, week_end_day=data.draw(st.integers(0, 6)))
    cells = data.draw(schedules(len(old)))

    result = convert(old, cells, new)

    assert totals(result.cells) == totals(cells)
    assert_cells_in_bounds(result.cells, len(new))
    assert result.spilled == {}
    if new_start <= start and end <= new_end:
        assert result.clamped == {}  # every old day is covered, nothing to clamp


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_it_keeps_every_total_for_custom_partitions_and_gaps(data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=400))
    old = data.draw(st.one_of(period_sets(start, end), overlapping_periods(start, end)))
    new_start, new_end = data.draw(other_ranges(start, end))
    new = data.draw(period_sets(new_start, new_end, kinds=("custom", "gappy")))
    cells = data.draw(schedules(len(old)))

    result = convert(old, cells, new)

    assert totals(result.cells) == totals(cells)
    assert_cells_in_bounds(result.cells, len(new))
    assert sum(result.clamped.values()) <= sum(cells.values())


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_shorter_range_reports_clamped_and_keeps_totals(data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=2 * 365))
    assume((end - start).days >= 1)
    old_mode = data.draw(st.sampled_from(MODES))
    old = generate_periods(old_mode, start, end, week_end_day=data.draw(st.integers(0, 6)))
    length = (end - start).days + 1
    # Cut at least one day off one end or both.
    first = data.draw(st.integers(0, length - 1))
    last = data.draw(st.integers(first, length - 1))
    assume(first > 0 or last < length - 1)
    new = generate_periods(
        data.draw(st.sampled_from(MODES)),
        day(first, start),
        day(last, start),
        week_end_day=data.draw(st.integers(0, 6)),
    )
    cells = data.draw(schedules(len(old)))

    result = convert(old, cells, new)

    assert totals(result.cells) == totals(cells)
    assert_cells_in_bounds(result.cells, len(new))
    # The clamped report is the exact share of the cut days, rounded half up.
    expected: Counter[int] = Counter()
    cut: dict[int, Fraction] = {}
    for (pekerjaan, index), value in cells.items():
        period = old[index]
        outside = sum(1 for moment in days_of(period) if not new[0].start <= moment <= new[-1].end)
        cut[pekerjaan] = cut.get(pekerjaan, Fraction(0)) + Fraction(value * outside, period.days)
    for pekerjaan, share in cut.items():
        expected[pekerjaan] = int(share + Fraction(1, 2))
    assert result.clamped == {pekerjaan: value for pekerjaan, value in expected.items() if value}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_it_keeps_every_total_through_a_chain_of_switches(data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=2 * 365))
    periods = data.draw(period_sets(start, end, kinds=MODES))
    cells = data.draw(schedules(len(periods)))
    expected = totals(cells)

    for _ in range(data.draw(st.integers(3, 6))):
        if data.draw(st.integers(0, 4)) == 0:
            start, end = data.draw(other_ranges(start, end))
        new = data.draw(period_sets(start, end))
        result = convert(periods, cells, new)
        assert totals(result.cells) == expected
        assert_cells_in_bounds(result.cells, len(new))
        assert result.spilled == {}
        periods, cells = new, result.cells


# --- Exact sums and round trips ------------------------------------------------------------


@pytest.mark.parametrize("new_mode", ["weekly", "monthly"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_merging_days_gives_exact_sums(new_mode: str, data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=2 * 365))
    daily = generate_periods("daily", start, end)
    merged = generate_periods(new_mode, start, end, week_end_day=data.draw(st.integers(0, 6)))
    cells = data.draw(schedules(len(daily), max_cells=60))

    result = convert(daily, cells, merged)

    expected: Counter[tuple[int, int]] = Counter()
    for (pekerjaan, index), value in cells.items():
        moment = daily[index].start
        holder = next(i for i, period in enumerate(merged) if period.start <= moment <= period.end)
        expected[(pekerjaan, holder)] += value
    assert result.cells == dict(expected)
    assert result.clamped == {} and result.spilled == {}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_merging_custom_unions_gives_exact_sums(data: st.DataObject) -> None:
    # Any partition whose periods are unions of the old ones, not only weeks and months.
    start, end = data.draw(project_ranges(max_days=300))
    fine = data.draw(period_sets(start, end, kinds=("daily", "weekly", "custom")))
    groups = sorted(data.draw(st.sets(st.integers(1, len(fine) - 1))) if len(fine) > 1 else set())
    bounds = [0, *groups, len(fine)]
    coarse = [Period(fine[a].start, fine[b - 1].end) for a, b in pairwise(bounds)]
    cells = data.draw(schedules(len(fine)))

    result = convert(fine, cells, coarse)

    expected: Counter[tuple[int, int]] = Counter()
    for (pekerjaan, index), value in cells.items():
        holder = next(i for i, (a, b) in enumerate(pairwise(bounds)) if a <= index < b)
        expected[(pekerjaan, holder)] += value
    assert result.cells == dict(expected)


@pytest.mark.parametrize("mode", ["weekly", "monthly"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_splitting_into_days_and_merging_back_gives_the_original(
    mode: str, data: st.DataObject
) -> None:
    start, end = data.draw(project_ranges(max_days=2 * 365))
    coarse = generate_periods(mode, start, end, week_end_day=data.draw(st.integers(0, 6)))
    daily = generate_periods("daily", start, end)
    cells = data.draw(schedules(len(coarse)))

    as_days = convert(coarse, cells, daily)
    back = convert(daily, as_days.cells, coarse)

    assert back.cells == cells
    assert back.clamped == {} and back.spilled == {}
    assert_cells_in_bounds(as_days.cells, len(daily))


def test_weekly_to_daily_spreads_remainders_to_the_earliest_days() -> None:
    week = Period(day(0), day(6))
    daily = generate_periods("daily", day(0), day(6))
    result = convert_assignments({"w1": week}, [("A", "w1", 10000)], daily)
    assert [result.cells[("A", i)] for i in range(7)] == [1429] * 4 + [1428] * 3
    small = convert_assignments({"w1": week}, [("A", "w1", 3)], daily)
    assert small.cells == {("A", 0): 1, ("A", 1): 1, ("A", 2): 1}


def test_daily_to_weekly_to_daily_need_not_round_trip() -> None:
    daily = generate_periods("daily", day(0), day(6))
    weekly = generate_periods("weekly", day(0), day(6))
    cells = {(0, 6): 700}  # all on Sunday
    back = convert(weekly, convert(daily, cells, weekly).cells, daily)
    assert back.cells == {(0, i): 100 for i in range(7)}  # evenly spread: the total survives


# --- Apportioning rules, by hand -----------------------------------------------------------


def test_largest_remainder_prefers_the_larger_overlap() -> None:
    # 0.03 % over a week split 3 days | 4 days: exact 0.0129 and 0.0171 -> 1 and 2.
    result = convert_assignments(
        {"w": Period(day(0), day(6))},
        [("A", "w", 3)],
        [Period(day(0), day(2)), Period(day(3), day(6))],
    )
    assert result.cells == {("A", 0): 1, ("A", 1): 2}


def test_equal_remainders_go_to_the_earlier_period() -> None:
    result = convert_assignments(
        {"t": Period(day(0), day(1))}, [("A", "t", 1)], generate_periods("daily", day(0), day(1))
    )
    assert result.cells == {("A", 0): 1}


def test_monthly_to_weekly_by_hand() -> None:
    # January 2026: Thu 1 .. Sat 31. Sunday week ends: 4, 7, 7, 7, 6 days.
    months = {"jan": Period(D(2026, 1, 1), D(2026, 1, 31))}
    weeks = generate_periods("weekly", D(2026, 1, 1), D(2026, 1, 31))
    assert [period.days for period in weeks] == [4, 7, 7, 7, 6]
    result = convert_assignments(months, [("A", "jan", 10000)], weeks)
    # exact: 1290.32, 2258.06 (×3), 1935.48 -> floors sum to 9999; the leftover unit goes to
    # the largest remainder, .48 in the last week.
    assert [result.cells[("A", i)] for i in range(5)] == [1290, 2258, 2258, 2258, 1936]


def test_result_cells_are_grouped_by_pekerjaan_then_ordered_by_period() -> None:
    weeks = generate_periods("weekly", day(0), day(20))
    old = dict(enumerate(weeks))
    result = convert_assignments(old, [("B", 2, 100), ("A", 1, 100), ("B", 0, 100)], weeks)
    assert list(result.cells) == [("B", 0), ("B", 2), ("A", 1)]


def test_duplicate_assignments_add_up() -> None:
    weeks = generate_periods("weekly", day(0), day(13))
    result = convert_assignments(dict(enumerate(weeks)), [("A", 0, 100), ("A", 0, 250)], weeks)
    assert result.cells == {("A", 0): 350}


def test_it_accepts_a_one_shot_iterator_of_assignments() -> None:
    weeks = generate_periods("weekly", day(0), day(13))
    assignments = iter([("A", 0, 5000), ("A", 1, 5000)])
    result = convert_assignments(dict(enumerate(weeks)), assignments, weeks)
    assert result.cells == {("A", 0): 5000, ("A", 1): 5000}


# --- Uncovered days ------------------------------------------------------------------------


def test_days_after_a_shortened_end_go_to_the_last_period_and_are_reported() -> None:
    weeks = generate_periods("weekly", day(0), day(20))  # three whole weeks
    new = generate_periods("weekly", day(0), day(13))  # the project lost its third week
    result = convert(weeks, {(7, 0): 3000, (7, 1): 3000, (7, 2): 4000}, new)
    assert result.cells == {(7, 0): 3000, (7, 1): 7000}
    assert result.clamped == {7: 4000}


def test_days_before_a_later_start_go_to_the_first_period() -> None:
    weeks = generate_periods("weekly", day(0), day(20))
    new = generate_periods("daily", day(14), day(20))
    result = convert(weeks, {(1, 0): 700, (1, 2): 700}, new)
    assert result.cells == {(1, 0): 800, **{(1, i): 100 for i in range(1, 7)}}
    assert result.clamped == {1: 700}


def test_a_partly_covered_period_reports_only_its_uncovered_share() -> None:
    week = {"w": Period(day(0), day(6))}
    new = [Period(day(0), day(4))]  # two of seven days are cut
    result = convert_assignments(week, [("A", "w", 700)], new)
    assert result.cells == {("A", 0): 700}
    assert result.clamped == {"A": 200}


def test_a_gap_is_split_between_its_neighbours_ties_to_the_earlier() -> None:
    new = [Period(day(0), day(0)), Period(day(3), day(3))]  # days 1 and 2 are a gap
    result = convert_assignments({"g": Period(day(1), day(2))}, [("A", "g", 2)], new)
    assert result.cells == {("A", 0): 1, ("A", 1): 1}  # day 1 nearer 0, day 2 nearer 1
    assert result.clamped == {"A": 2}

    middle = [Period(day(0), day(0)), Period(day(2), day(2))]  # day 1 is equally near both
    tie = convert_assignments({"g": Period(day(1), day(1))}, [("A", "g", 5)], middle)
    assert tie.cells == {("A", 0): 5}


def test_tiny_clamped_shares_round_half_up() -> None:
    week = {"w": Period(day(0), day(6))}
    new = [Period(day(0), day(5))]
    assert convert_assignments(week, [("A", "w", 3)], new).clamped == {}  # 3/7 < 0.5
    assert convert_assignments(week, [("A", "w", 4)], new).clamped == {"A": 1}  # 4/7


# --- Spilling ------------------------------------------------------------------------------

TWO_WEEKS = generate_periods("daily", day(0), day(13))  # Monday 5 .. Sunday 18 January 2026
WEEKS = generate_periods("weekly", day(0), day(27))  # four Monday..Sunday weeks


def daily_cells(values: Mapping[int, int], pekerjaan: str = "A") -> list[tuple[str, int, int]]:
    return [(pekerjaan, index, value) for index, value in values.items()]


def test_an_overfull_merged_cell_spills_to_the_next_period() -> None:
    daily = dict(enumerate(generate_periods("daily", day(0), day(27))))
    result = convert_assignments(daily, daily_cells(dict.fromkeys(range(7), 2000)), WEEKS)
    assert result.cells == {("A", 0): 10000, ("A", 1): 4000}
    assert result.spilled == {"A": 4000}


def test_the_excess_goes_to_the_next_period_before_the_previous_one() -> None:
    daily = dict(enumerate(generate_periods("daily", day(0), day(27))))
    result = convert_assignments(daily, daily_cells(dict.fromkeys(range(7, 14), 2000)), WEEKS)
    assert result.cells == {("A", 1): 10000, ("A", 2): 4000}


def test_a_single_hundredth_over_is_spilled() -> None:
    daily = dict(enumerate(generate_periods("daily", day(0), day(27))))
    result = convert_assignments(daily, daily_cells({7: 10000, 8: 1}), WEEKS)
    assert result.cells == {("A", 1): 10000, ("A", 2): 1}
    assert result.spilled == {"A": 1}


def test_the_last_period_spills_to_the_previous_one() -> None:
    daily = dict(enumerate(generate_periods("daily", day(0), day(27))))
    result = convert_assignments(daily, daily_cells(dict.fromkeys(range(21, 28), 2000)), WEEKS)
    assert result.cells == {("A", 2): 4000, ("A", 3): 10000}
    assert result.spilled == {"A": 4000}


def test_a_full_next_period_sends_the_excess_to_the_previous_then_further_out() -> None:
    daily = dict(enumerate(generate_periods("daily", day(0), day(27))))
    values = dict.fromkeys(range(7, 14), 2000)  # week 1: 140 %
    values.update({14: 10000})  # week 2: already full
    values.update({0: 9000})  # week 0: room for 10 %
    result = convert_assignments(daily, daily_cells(values), WEEKS)
    # 40 % excess: week 2 is full, week 0 takes 10 %, week 3 (two away) takes the other 30 %.
    assert result.cells == {("A", 0): 10000, ("A", 1): 10000, ("A", 2): 10000, ("A", 3): 3000}
    assert result.spilled == {"A": 4000}


def test_it_refuses_when_no_arrangement_fits_and_names_the_pekerjaan() -> None:
    daily = dict(enumerate(TWO_WEEKS))
    one_period = [Period(day(0), day(13))]
    with pytest.raises(ConversionError, match="'pekerjaan-42'") as caught:
        convert_assignments(daily, daily_cells({0: 6000, 1: 5000}, "pekerjaan-42"), one_period)
    assert caught.value.pekerjaan == "pekerjaan-42"
    assert isinstance(caught.value, ValueError)


def test_a_total_of_exactly_full_capacity_still_fits() -> None:
    daily = dict(enumerate(TWO_WEEKS))
    halves = [Period(day(0), day(6)), Period(day(7), day(13))]
    result = convert_assignments(daily, daily_cells({0: 10000, 1: 10000}), halves)
    assert result.cells == {("A", 0): 10000, ("A", 1): 10000}
    assert result.spilled == {"A": 10000}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_spilling_caps_cells_keeps_totals_and_reports_the_excess(data: st.DataObject) -> None:
    start, end = data.draw(project_ranges(max_days=90))
    old = data.draw(st.one_of(period_sets(start, end), overlapping_periods(start, end)))
    new_start, new_end = data.draw(other_ranges(start, end))
    new = data.draw(period_sets(new_start, new_end))
    cells = data.draw(schedules(len(old), over_full=True, max_cells=12))
    rows, _ = reference_conversion(dict(enumerate(old)), as_assignments(cells), new)

    if any(sum(row.values()) > FULL * len(new) for row in rows.values()):
        with pytest.raises(ConversionError):
            convert(old, cells, new)
        return
    result = convert(old, cells, new)

    assert totals(result.cells) == totals(cells)
    assert_cells_in_bounds(result.cells, len(new))
    for pekerjaan, row in rows.items():
        excess = sum(value - FULL for value in row.values() if value > FULL)
        assert result.spilled.get(pekerjaan, 0) == excess
        for index in range(len(new)):
            after = result.cells.get((pekerjaan, index), 0)
            if row[index] >= FULL:
                assert after == FULL
            else:
                assert after >= row[index]  # only ever filled up, never emptied
        if not excess:
            assert {i: v for (p, i), v in result.cells.items() if p == pekerjaan} == {
                i: v for i, v in row.items() if v
            }


# --- Errors --------------------------------------------------------------------------------


def test_it_refuses_an_assignment_to_an_unknown_tahapan() -> None:
    weeks = generate_periods("weekly", day(0), day(13))
    with pytest.raises(ConversionError, match=r"'A'.*'t-99'") as caught:
        convert_assignments({"t-1": weeks[0]}, [("A", "t-1", 100), ("A", "t-99", 100)], weeks)
    assert caught.value.pekerjaan == "A"


def test_it_refuses_assignments_when_there_are_no_new_periods() -> None:
    with pytest.raises(ConversionError, match="no new periods"):
        convert_assignments({"old": Period(D(2020, 1, 1), D(2020, 1, 31))}, [("A", "old", 1)], [])


def test_no_new_periods_and_no_assignments_is_an_empty_result() -> None:
    no_assignments: list[tuple[str, str, int]] = []
    result = convert_assignments({"old": Period(D(2020, 1, 1), D(2020, 1, 31))}, no_assignments, [])
    assert result == ConversionResult()
    assert result.cells == {} and result.clamped == {} and result.spilled == {}


def test_no_assignments_is_an_empty_result() -> None:
    assert convert_assignments({}, [], generate_periods("daily", day(0), day(3))).cells == {}


@pytest.mark.parametrize("value", [0, -5, FULL + 1, True, 12.5, Decimal("12"), "100", None])
def test_it_refuses_values_that_are_not_1_to_10000_hundredths(value: object) -> None:
    weeks = generate_periods("weekly", day(0), day(13))
    with pytest.raises(ConversionError, match="hundredths"):
        convert_assignments(dict(enumerate(weeks)), [("A", 0, value)], weeks)  # type: ignore[list-item]


@pytest.mark.parametrize(
    "new",
    [
        [Period(day(7), day(13)), Period(day(0), day(6))],  # unsorted
        [Period(day(0), day(7)), Period(day(7), day(13))],  # sharing a day
        [Period(day(0), day(13)), Period(day(3), day(4))],  # one inside another
    ],
)
def test_it_refuses_new_periods_that_are_unsorted_or_overlap(new: list[Period]) -> None:
    with pytest.raises(ConversionError, match="sorted"):
        convert_assignments({"w": Period(day(0), day(6))}, [("A", "w", 100)], new)
