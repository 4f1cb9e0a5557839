"""Kurva S: cost-weighted weights per period and their running total, exact to 0.0001 %."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detail_project.scheduling import FULL, KurvaS, kurva_s, rescale_to_total


def decimals(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_a_small_project_by_hand() -> None:
    # A costs 300, B costs 100: bobot 75 % and 25 %.
    # A: 50 % in period 0, 50 % in period 1. B: 100 % in period 1.
    curve = kurva_s(
        {"A": Decimal("300.00"), "B": Decimal("100.00")},
        [("A", 0, 5000), ("A", 1, 5000), ("B", 1, 10000)],
        period_count=3,
    )
    assert curve == KurvaS(
        weights=decimals("37.5000", "62.5000", "0.0000"),
        cumulative=decimals("37.5000", "100.0000", "100.0000"),
    )
    assert [str(value) for value in curve.cumulative] == ["37.5000", "100.0000", "100.0000"]


def test_thirds_add_up_to_exactly_100_at_the_end() -> None:
    # Each weight rounds to 33.3333; the running total is rounded from the exact sum instead of
    # adding rounded weights, so it ends at 100.0000, not 99.9999.
    curve = kurva_s(
        {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)},
        [("A", 0, FULL), ("B", 1, FULL), ("C", 2, FULL)],
        period_count=3,
    )
    assert curve.weights == decimals("33.3333", "33.3333", "33.3333")
    assert curve.cumulative == decimals("33.3333", "66.6667", "100.0000")


def test_an_incomplete_schedule_ends_at_its_cost_weighted_share() -> None:
    curve = kurva_s(
        {"A": Decimal("100"), "B": Decimal("100")},
        [("A", 0, 5000)],
        period_count=2,
    )
    assert curve.weights == decimals("25.0000", "0.0000")
    assert curve.cumulative == decimals("25.0000", "25.0000")


def test_cells_add_up_within_a_period() -> None:
    curve = kurva_s({"A": Decimal("1")}, [("A", 0, 2500), ("A", 0, 2500)], period_count=1)
    assert curve.cumulative == decimals("50.0000")


def test_rounding_is_half_up_at_the_fourth_decimal() -> None:
    # 1/16 of 1 % = 0.0625 %: exactly representable, no rounding; 1/32 of 0.01 % rounds half up.
    curve = kurva_s({"A": Decimal(1), "B": Decimal(15)}, [("A", 0, 100)], period_count=1)
    assert curve.weights == decimals("0.0625")
    half = kurva_s({"A": Decimal(1), "B": Decimal(15)}, [("A", 0, 2)], period_count=1)
    assert half.weights == decimals("0.0013")  # 0.00125 -> 0.0013


def test_a_project_without_cost_has_a_flat_curve() -> None:
    curve = kurva_s({"A": Decimal(0), "B": Decimal("0.00")}, [("A", 0, FULL)], period_count=2)
    assert curve.weights == decimals("0.0000", "0.0000")
    assert curve.cumulative == decimals("0.0000", "0.0000")


def test_no_periods_gives_empty_lists() -> None:
    assert kurva_s({"A": Decimal(5)}, [], period_count=0) == KurvaS(weights=[], cumulative=[])


def test_a_pekerjaan_without_a_jumlah_costs_nothing() -> None:
    curve = kurva_s({"A": Decimal(10)}, [("A", 0, FULL), ("ghost", 1, FULL)], period_count=2)
    assert curve.cumulative == decimals("100.0000", "100.0000")


def test_large_rupiah_amounts_stay_exact() -> None:
    jumlah = {"A": Decimal("987654321987.65"), "B": Decimal("0.01")}
    curve = kurva_s(jumlah, [("A", 0, FULL), ("B", 1, FULL)], period_count=2)
    assert curve.cumulative[-1] == Decimal("100.0000")
    assert curve.weights[1] == Decimal("0.0000")


@pytest.mark.parametrize(
    ("jumlah", "cells", "count", "message"),
    [
        ({"A": Decimal(1)}, [("A", 2, 100)], 2, "outside"),
        ({"A": Decimal(1)}, [("A", -1, 100)], 2, "outside"),
        ({"A": Decimal(1)}, [("A", 0, -1)], 2, "negative"),
        ({"A": Decimal(-1)}, [], 2, "negative"),
        ({"A": Decimal("NaN")}, [], 2, "finite"),
        ({"A": Decimal("Infinity")}, [], 2, "finite"),
        ({"A": Decimal(1)}, [], -1, "period_count"),
    ],
)
def test_it_refuses_nonsense(
    jumlah: dict[str, Decimal], cells: list[tuple[str, int, int]], count: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        kurva_s(jumlah, cells, count)


money = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def projects(
    draw: st.DrawFn, *, complete: bool
) -> tuple[dict[int, Decimal], list[tuple[int, int, int]], int]:
    """Costs, cells and period count; with `complete`, every pekerjaan sums to exactly 100 %."""
    period_count = draw(st.integers(1, 120))
    jumlah = draw(st.lists(money, min_size=1, max_size=40))
    rng = random.Random(draw(st.integers(0, 2**32 - 1), label="seed"))
    cells: list[tuple[int, int, int]] = []
    for pekerjaan in range(len(jumlah)):
        indexes = rng.sample(range(period_count), rng.randint(1, min(period_count, 20)))
        values = rescale_to_total([rng.randint(1, 100) for _ in indexes])
        if not complete:
            values = [rng.randint(0, value) for value in values]
        cells += [(pekerjaan, i, v) for i, v in zip(indexes, values, strict=True) if v]
    return dict(enumerate(jumlah)), cells, period_count


def exact_percent(value: Fraction) -> Decimal:
    rounded = int(value * 10000 + Fraction(1, 2))
    return Decimal(rounded).scaleb(-4)


@settings(max_examples=300, deadline=None)
@given(projects(complete=True))
def test_a_complete_schedule_ends_at_exactly_100(
    project: tuple[dict[int, Decimal], list[tuple[int, int, int]], int],
) -> None:
    jumlah, cells, period_count = project
    curve = kurva_s(jumlah, cells, period_count)

    assert len(curve.weights) == len(curve.cumulative) == period_count
    expected_end = Decimal("100.0000") if sum(jumlah.values()) else Decimal("0.0000")
    assert curve.cumulative[-1] == expected_end
    assert curve.cumulative == sorted(curve.cumulative)  # never goes down
    assert all(weight >= 0 for weight in curve.weights)
    # Rounded weights drift from the exact total by at most half a unit each.
    drift = abs(sum(curve.weights) - curve.cumulative[-1])
    assert drift <= Decimal("0.00005") * period_count


@settings(max_examples=300, deadline=None)
@given(projects(complete=False))
def test_every_point_is_the_exact_cost_weighted_sum_rounded_once(
    project: tuple[dict[int, Decimal], list[tuple[int, int, int]], int],
) -> None:
    jumlah, cells, period_count = project
    curve = kurva_s(jumlah, cells, period_count)

    total = sum(Fraction(value) for value in jumlah.values())
    weights = [Fraction(0)] * period_count
    if total:
        for pekerjaan, index, hundredths in cells:
            bobot = Fraction(jumlah[pekerjaan]) / total
            weights[index] += bobot * Fraction(hundredths, 100)
    running = Fraction(0)
    for index, weight in enumerate(weights):
        running += weight
        assert curve.weights[index] == exact_percent(weight)
        assert curve.cumulative[index] == exact_percent(running)
        assert curve.cumulative[index].as_tuple().exponent == -4
