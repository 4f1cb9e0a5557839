"""Kurva S, bobot, scheduled share and group roll-ups: exact ratios rounded once, half up, to
hundredths of a percent of the project's cost. Pure functions, no database."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detail_project.scheduling import (
    FULL,
    KurvaS,
    bobot,
    group_shares,
    integer_costs,
    kurva_s,
    rescale_to_total,
    scheduled_share,
)


def curve(jumlah: dict[str, Decimal | int], rows: dict[str, list[int]], width: int) -> KurvaS:
    return kurva_s(integer_costs(jumlah), rows, width)


def test_a_small_project_by_hand() -> None:
    # A costs 300, B costs 100: bobot 75 % and 25 %.
    # A: 50 % in period 1, 50 % in period 2. B: 100 % in period 2.
    result = curve(
        {"A": Decimal("300.00"), "B": Decimal("100.00")},
        {"A": [5000, 5000, 0], "B": [0, 10000, 0]},
        3,
    )
    assert result == KurvaS(rencana=[3750, 6250, 0], kumulatif=[3750, 10000, 10000])
    assert result.final == 10000


def test_thirds_add_up_to_exactly_100_at_the_end() -> None:
    # Each weight rounds to 33.33; the running total is rounded from the exact sum instead of
    # adding rounded weights, so it ends at 100.00, not 99.99.
    result = curve(
        {"A": 1, "B": 1, "C": 1}, {"A": [FULL, 0, 0], "B": [0, FULL, 0], "C": [0, 0, FULL]}, 3
    )
    assert result.rencana == [3333, 3333, 3333]
    assert result.kumulatif == [3333, 6667, 10000]


def test_an_incomplete_schedule_ends_at_its_cost_weighted_share() -> None:
    result = curve({"A": 100, "B": 100}, {"A": [5000, 0]}, 2)
    assert result.rencana == [2500, 0]
    assert result.kumulatif == [2500, 2500]


def test_rounding_is_half_up_at_the_hundredth() -> None:
    # A weighs 1/16 of the project; 0.08 % of A is 0.005 % of the project: rounds up to 0.01.
    assert curve({"A": 1, "B": 15}, {"A": [8]}, 1).rencana == [1]
    assert curve({"A": 1, "B": 15}, {"A": [7]}, 1).rencana == [0]  # 0.004375 rounds down


def test_a_project_without_any_cost_weighs_every_pekerjaan_equally() -> None:
    result = curve({"A": Decimal(0), "B": Decimal("0.00")}, {"A": [FULL, 0], "B": [0, 5000]}, 2)
    assert result.rencana == [5000, 2500]
    assert result.kumulatif == [5000, 7500]


def test_no_periods_gives_empty_lists() -> None:
    assert curve({"A": 5}, {}, 0) == KurvaS(rencana=[], kumulatif=[])


def test_a_pekerjaan_without_a_jumlah_weighs_nothing() -> None:
    result = kurva_s(integer_costs({"A": 10}), {"A": [FULL, 0], "ghost": [0, FULL]}, 2)
    assert result.kumulatif == [10000, 10000]


def test_large_rupiah_amounts_stay_exact() -> None:
    jumlah = {"A": Decimal("987654321987.65"), "B": Decimal("0.01")}
    result = curve(jumlah, {"A": [FULL, 0], "B": [0, FULL]}, 2)
    assert result.kumulatif[-1] == 10000
    assert result.rencana[1] == 0


@pytest.mark.parametrize(
    ("jumlah", "rows", "width", "message"),
    [
        ({"A": 1}, {"A": [100]}, 2, "slots"),
        ({"A": 1}, {"A": [0, -1]}, 2, "negative"),
    ],
)
def test_it_refuses_nonsense_rows(jumlah, rows, width, message) -> None:
    with pytest.raises(ValueError, match=message):
        curve(jumlah, rows, width)


@pytest.mark.parametrize(
    ("jumlah", "message"),
    [
        ({"A": Decimal(-1)}, "negative"),
        ({"A": Decimal("NaN")}, "finite"),
        ({"A": Decimal("Infinity")}, "finite"),
    ],
)
def test_it_refuses_nonsense_costs(jumlah, message) -> None:
    with pytest.raises(ValueError, match=message):
        integer_costs(jumlah)


def test_bobot_is_the_exact_share_of_cost() -> None:
    costs = integer_costs({"A": Decimal("1.5"), "B": Decimal("0.5")})
    assert bobot(costs) == {"A": Fraction(3, 4), "B": Fraction(1, 4)}


def test_the_scheduled_share_counts_at_most_100_percent_of_each_pekerjaan() -> None:
    costs = integer_costs({"A": 300, "B": 100})
    assert scheduled_share(costs, {"A": FULL, "B": 5000}) == 8750
    assert scheduled_share(costs, {"A": 12000}) == 7500  # an unsaved 120 % counts as 100 %
    assert scheduled_share({}, {}) == 0


def test_group_shares_weigh_by_cost_and_equally_without_prices() -> None:
    costs = integer_costs({"A": 300, "B": 100, "C": 0, "D": 0})
    rows = {"A": {"t1": 5000, "t2": 5000}, "B": {"t2": FULL}, "C": {"t1": FULL}, "D": {}}
    assert group_shares(costs, rows, ["A", "B"]) == ({"t1": 3750, "t2": 6250}, 10000)
    # C costs nothing inside a priced group: it weighs nothing there...
    assert group_shares(costs, rows, ["A", "C"]) == ({"t1": 5000, "t2": 5000}, 10000)
    # ...but in a group where nothing is priced every pekerjaan weighs the same.
    assert group_shares(costs, rows, ["C", "D"]) == ({"t1": 5000}, 5000)
    assert group_shares(costs, rows, []) == ({}, 0)


money = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def projects(
    draw: st.DrawFn, *, complete: bool
) -> tuple[dict[int, Decimal], dict[int, list[int]], int]:
    """Costs, rows and width; with `complete`, every pekerjaan sums to exactly 100 %."""
    width = draw(st.integers(1, 120))
    jumlah = draw(st.lists(money, min_size=1, max_size=40))
    rng = random.Random(draw(st.integers(0, 2**32 - 1), label="seed"))
    rows: dict[int, list[int]] = {}
    for pekerjaan in range(len(jumlah)):
        row = [0] * width
        indexes = rng.sample(range(width), rng.randint(1, min(width, 20)))
        values = rescale_to_total([rng.randint(1, 100) for _ in indexes])
        for index, value in zip(indexes, values, strict=True):
            row[index] = value if complete else rng.randint(0, value)
        rows[pekerjaan] = row
    return dict(enumerate(jumlah)), rows, width


def half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


@settings(max_examples=300, deadline=None)
@given(projects(complete=True))
def test_a_complete_schedule_ends_at_exactly_100(project) -> None:
    jumlah, rows, width = project
    result = curve(jumlah, rows, width)

    assert len(result.rencana) == len(result.kumulatif) == width
    assert result.kumulatif[-1] == 10000
    assert result.kumulatif == sorted(result.kumulatif)  # never goes down
    assert all(value >= 0 for value in result.rencana)
    # Rounded weights drift from the exact total by at most half a unit each.
    assert abs(sum(result.rencana) - result.kumulatif[-1]) * 2 <= width
    costs = integer_costs(jumlah)
    assert result.final == scheduled_share(costs, {p: sum(row) for p, row in rows.items()})


@settings(max_examples=300, deadline=None)
@given(projects(complete=False))
def test_every_point_is_the_exact_cost_weighted_sum_rounded_once(project) -> None:
    jumlah, rows, width = project
    result = curve(jumlah, rows, width)

    total = sum(Fraction(value) for value in jumlah.values())
    shares = (
        {p: Fraction(value) / total for p, value in jumlah.items()}
        if total
        else {p: Fraction(1, len(jumlah)) for p in jumlah}
    )
    running = Fraction(0)
    for index in range(width):
        weight = sum(shares[p] * row[index] for p, row in rows.items())
        running += weight
        assert result.rencana[index] == half_up(weight)
        assert result.kumulatif[index] == half_up(running)
