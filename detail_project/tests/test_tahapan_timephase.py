"""The time-phased plan (SPEC §9), proven on random data: a scale is a view, so switching is
lossless; an edit at a coarse scale keeps the shape of the days beneath it; nothing planned is
ever dropped. Each promise is checked against a slow, obvious reference. No database."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detail_project.scheduling import (
    EMPTY,
    FULL,
    Bins,
    DayPlan,
    GanttAxis,
    Period,
    PlanError,
    Slot,
    build_axis,
    gantt_runs,
    generate_periods,
    plan_clamp,
    plan_decode,
    plan_encode,
    plan_from_cells,
    plan_of,
    plan_project,
    plan_set_cell,
    plan_set_cells,
)

D = dt.date
START = D(2026, 1, 5)  # a Monday
SCALES = ("daily", "weekly", "monthly")


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def nearest(ordinal: int, periods: Sequence[Period]) -> int:
    """The period holding day `ordinal`, else the nearest by days, a tie to the earlier one."""
    best: tuple[int, int] | None = None
    for index, period in enumerate(periods):
        first, last = period.start.toordinal(), period.end.toordinal()
        distance = 0 if first <= ordinal <= last else min(abs(ordinal - first), abs(ordinal - last))
        if best is None or distance < best[0]:
            best = (distance, index)
    assert best is not None
    return best[1]


def slow_project(plan: DayPlan, periods: Sequence[Period]) -> list[int]:
    row = [0] * len(periods)
    for ordinal, value in enumerate(plan.values, plan.start):
        row[nearest(ordinal, periods)] += value
    return row


@st.composite
def plans(draw: st.DrawFn, *, days: int = 200, total: int = FULL) -> DayPlan:
    """A random plan inside the first `days` days, summing to at most `total`."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1), label="seed"))
    values = [0] * days
    budget = rng.randint(0, total)
    while budget:
        part = rng.randint(1, budget)
        values[rng.randrange(days)] += part
        budget -= part
    return plan_of(START.toordinal(), values)


@st.composite
def partitions(draw: st.DrawFn, *, days: int = 200) -> list[Period]:
    """Sorted, non-overlapping periods with random lengths and gaps, maybe not covering all."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1), label="seed"))
    periods: list[Period] = []
    at = rng.randint(-5, 20)
    while at < days + 5 and len(periods) < 40:
        length = rng.randint(1, 30)
        periods.append(Period(day(at), day(at + length - 1)))
        at += length + (rng.randint(1, 6) if rng.random() < 0.3 else 0)
    return periods


scales = st.sampled_from(SCALES)
week_ends = st.integers(0, 6)


def scale_periods(scale: str, week_end: int = 6, days: int = 200) -> list[Period]:
    return generate_periods(scale, START, day(days - 1), week_end_day=week_end)


# --- projection -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plans(), partitions())
def test_a_projection_matches_the_day_by_day_reference_and_drops_nothing(plan, periods) -> None:
    row = plan_project(plan, Bins(periods))
    assert row == slow_project(plan, periods)
    assert sum(row) == plan.total


@settings(max_examples=200, deadline=None)
@given(plans(), st.lists(st.tuples(scales, week_ends), min_size=1, max_size=8), scales, week_ends)
def test_any_chain_of_switches_gives_back_every_cell_of_the_scale_it_returns_to(
    plan, chain, scale, week_end
) -> None:
    # The plan is never rewritten by a switch, so the cells of a scale depend on nothing else.
    before = plan_project(plan, Bins(scale_periods(scale, week_end)))
    for other, other_end in chain:
        view = plan_project(plan, Bins(scale_periods(other, other_end)))
        assert sum(view) == plan.total
    assert plan_project(plan, Bins(scale_periods(scale, week_end))) == before


@settings(max_examples=200, deadline=None)
@given(st.data(), scales, week_ends)
def test_cells_spread_into_days_sum_back_to_themselves(data, scale, week_end) -> None:
    periods = scale_periods(scale, week_end)
    values = data.draw(st.lists(st.integers(0, 300), min_size=len(periods), max_size=len(periods)))
    plan = plan_from_cells(zip(periods, values, strict=True))
    assert plan_project(plan, Bins(periods)) == values


def test_a_week_spreads_its_remainder_over_the_earliest_days() -> None:
    week = Period(day(0), day(6))
    plan = plan_from_cells([(week, 4000)])
    assert plan.values == (572, 572, 572, 571, 571, 571, 571)
    assert plan_project(plan, Bins(generate_periods("daily", day(0), day(6)))) == list(plan.values)


def test_uncovered_days_go_to_the_nearest_period_ties_to_the_earlier() -> None:
    periods = [Period(day(0), day(1)), Period(day(5), day(6))]
    # days -3 .. 10: day 2 is nearer period 1, day 3 is as near to both (so period 1), day 4 is
    # nearer period 2; day -3 comes before everything, day 10 after.
    plan = plan_of(day(-3).toordinal(), [1, 0, 0, 10, 0, 100, 1000, 20, 300, 0, 0, 0, 0, 5])
    assert plan_project(plan, Bins(periods)) == [1 + 10 + 100 + 1000, 20 + 300 + 5]
    assert plan_project(plan_of(day(3).toordinal(), [7]), Bins(periods)) == [7, 0]  # tie


def test_projecting_onto_nothing_is_refused_unless_the_plan_is_empty() -> None:
    assert plan_project(EMPTY, Bins([])) == []
    with pytest.raises(PlanError, match="no periods"):
        plan_project(plan_of(0, [5]), Bins([]))


def test_overlapping_periods_are_refused() -> None:
    with pytest.raises(PlanError, match="overlap"):
        Bins([Period(day(0), day(6)), Period(day(6), day(10))])


# --- edits at a coarse scale -----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plans(), scales, week_ends, st.data())
def test_an_edit_sets_the_cell_keeps_the_shape_and_touches_nothing_else(
    plan, scale, week_end, data
) -> None:
    periods = scale_periods(scale, week_end)
    bins = Bins(periods)
    before = plan_project(plan, bins)
    index = data.draw(st.integers(0, len(periods) - 1))
    value = data.draw(st.integers(0, FULL))
    edited = plan_set_cell(plan, periods[index], value)

    after = plan_project(edited, bins)
    assert after[index] == value
    assert [v for i, v in enumerate(after) if i != index] == [
        v for i, v in enumerate(before) if i != index
    ]
    target = periods[index]
    days = range(target.start.toordinal(), target.end.toordinal() + 1)
    old = [plan.day(d) for d in days]
    new = [edited.day(d) for d in days]
    held = sum(old)
    for o, n in zip(old, new, strict=True):
        exact = Fraction(value * o, held) if held else Fraction(value, len(old))
        assert exact - 1 < n < exact + 1  # the largest-remainder share of its exact part
        if held and not o:
            assert n == 0  # a day that held nothing gets nothing
    for d in range(min(plan.start, days[0]) - 1, max(plan.end, days[-1]) + 2):
        if d not in days:
            assert edited.day(d) == plan.day(d)


def test_an_edit_in_a_month_keeps_the_weekly_pattern_beneath_it() -> None:
    weeks = generate_periods("weekly", START, day(27))
    plan = plan_from_cells(zip(weeks, [4000, 5000, 1000, 0], strict=True))
    month = Period(START, day(27))
    edited = plan_set_cell(plan, month, 6000)
    # 40 / 50 / 10 scaled to 60 %: 24 / 30 / 6, within a hundredth per week (days round).
    assert plan_project(edited, Bins(weeks)) == [2401, 2998, 601, 0]


def test_an_edit_into_an_empty_period_spreads_evenly_earliest_first() -> None:
    edited = plan_set_cell(EMPTY, Period(day(0), day(2)), 100)
    assert edited.values == (34, 33, 33)


def test_several_edits_at_once_equal_the_edits_one_by_one() -> None:
    weeks = scale_periods("weekly")
    plan = plan_from_cells(zip(weeks, range(0, 3000, 100), strict=False))
    cells = [(weeks[1], 700), (weeks[5], 0), (weeks[9], 250)]
    one_by_one = plan
    for period, value in cells:
        one_by_one = plan_set_cell(one_by_one, period, value)
    assert plan_set_cells(plan, cells) == one_by_one


@pytest.mark.parametrize("value", [-1, FULL + 1, 1.5, "10"])
def test_a_bad_value_is_refused(value) -> None:
    with pytest.raises(PlanError, match="hundredths"):
        plan_set_cell(EMPTY, Period(day(0), day(0)), value)
    with pytest.raises(PlanError, match="hundredths"):
        plan_from_cells([(Period(day(0), day(0)), value)])


# --- shortened projects, storage ----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plans(days=120), st.integers(0, 119), st.integers(0, 119))
def test_clamping_moves_outside_days_to_the_nearest_remaining_day(plan, a, b) -> None:
    first, last = sorted((day(a).toordinal(), day(b).toordinal()))
    clamped, moved = plan_clamp(plan, first, last)
    assert clamped.total == plan.total
    assert moved == sum(v for d, v in enumerate(plan.values, plan.start) if not first <= d <= last)
    if clamped:
        assert first <= clamped.start and clamped.end <= last
    for d in range(first + 1, last):
        assert clamped.day(d) == plan.day(d)


def test_clamping_refuses_a_day_above_100_percent() -> None:
    plan = plan_of(day(0).toordinal(), [FULL, FULL])
    with pytest.raises(PlanError, match="more than 100"):
        plan_clamp(plan, day(1).toordinal(), day(5).toordinal())


@settings(max_examples=200, deadline=None)
@given(plans())
def test_storage_round_trips(plan) -> None:
    start, data = plan_encode(plan)
    assert plan_decode(start, data) == plan
    assert len(data) == 2 * len(plan.values)


def test_an_empty_plan_stores_nothing() -> None:
    assert plan_encode(EMPTY) == (None, b"")
    assert plan_decode(None, b"") == EMPTY
    assert plan_of(10, [0, 0]) == EMPTY
    assert plan_of(10, [0, 3, 0]) == DayPlan(11, (3,))


# --- the axis: bins, dated and undated custom tahapan -------------------------------------------


def test_custom_tahapan_sit_on_the_axis_at_their_dates_and_undated_ones_after() -> None:
    weeks = scale_periods("weekly", days=28)
    plan = plan_from_cells([(weeks[1], 5000)])
    mobilisasi = Period(day(0), day(5))  # Mon 5 – Sat 10 Jan: inside week 1
    straddle = Period(day(5), day(8))  # Sat 10 – Tue 13 Jan: 2 days in week 1, 2 in week 2
    axis = build_axis(
        scale="weekly",
        bins=weeks,
        plans={"A": plan},
        custom_tahapan=[("mob", mobilisasi), ("x", straddle), ("undated", None)],
        custom_cells=[("A", "mob", 1000), ("B", "x", 3), ("B", "undated", 2000)],
    )
    assert [slot.nomor for slot in axis.slots] == [1, 2, 3, 4, None]
    assert axis.slots[-1] == Slot(None, None, tahapan="undated")
    assert axis.rows["A"] == [1000, 5000, 0, 0, 0]
    assert axis.rows["B"] == [2, 1, 0, 0, 2000]  # 3 over 2 + 2 days: the tie goes earlier
    assert axis.dated_count == 4


@settings(max_examples=100, deadline=None)
@given(plans(), partitions(), scales)
def test_every_hundredth_lands_somewhere_on_the_axis(plan, customs, scale) -> None:
    cells = [("A", index, (index * 37) % 500 + 1) for index in range(len(customs))]
    axis = build_axis(
        scale=scale,
        bins=scale_periods(scale),
        plans={"A": plan},
        custom_tahapan=[*enumerate(customs), ("u", None)],
        custom_cells=[*cells, ("A", "u", 5)],
    )
    assert sum(axis.rows["A"]) == plan.total + sum(v for _, _, v in cells) + 5


def test_gantt_runs_merge_neighbours_in_time_and_skip_undated_slots() -> None:
    weeks = scale_periods("weekly", days=35)
    slots = [Slot(p.start, p.end, nomor=i) for i, p in enumerate(weeks, 1)]
    slots.append(Slot(None, None, tahapan="u"))
    runs = gantt_runs([0, 10, 20, 0, 5, 99], slots)
    assert runs == [(weeks[1].start, weeks[2].end), (weeks[4].start, weeks[4].end)]
    assert gantt_runs([0] * 6, slots) == []


@settings(max_examples=200, deadline=None)
@given(partitions(), st.data())
def test_gantt_runs_found_by_pattern_equal_a_walk_slot_by_slot(periods, data) -> None:
    slots = [Slot(p.start, p.end, nomor=i) for i, p in enumerate(periods, 1)]
    slots.append(Slot(None, None, tahapan="undated"))
    row = data.draw(st.lists(st.integers(0, 2), min_size=len(slots), max_size=len(slots)))
    axis = GanttAxis(slots)
    assert axis.runs(row) == axis._runs_slowly(row)
    touching = GanttAxis([Slot(p.start, p.end) for p in scale_periods("weekly")])
    weekly_row = data.draw(st.lists(st.integers(0, 2), min_size=29, max_size=29))
    assert touching.touching
    assert touching.runs(weekly_row) == touching._runs_slowly(weekly_row)
