"""Integer hundredths: reading what planners type, printing it back, and splitting it exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detail_project.scheduling import (
    format_hundredths,
    parse_proporsi,
    rescale_to_total,
    spread_evenly,
)

# --- parse_proporsi ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("33,33", 3333),
        ("33.33", 3333),
        (" 33.33 ", 3333),
        ("\t12,5\n", 1250),
        ("100", 10000),
        ("100.00", 10000),
        ("100,0", 10000),
        ("0", 0),
        ("0,01", 1),
        ("0.1", 10),
        (".5", 50),
        ("5.", 500),
        ("+7", 700),
        ("007.50", 750),
        (5, 500),
        (0, 0),
        (100, 10000),
        (33.33, 3333),
        (0.1, 10),
        (0.07, 7),  # binary 0.07000000000000000666 must not leak in
        (1.15, 115),
        (100.0, 10000),
        (-0.0, 0),
        (Decimal("33.33"), 3333),
        (Decimal("33.330"), 3333),  # a Decimal's value, not its typing, decides
        (Decimal("1E+1"), 1000),
        (Decimal("0E-30"), 0),
        (Decimal("100.0000"), 10000),
    ],
)
def test_it_accepts(value: object, expected: int) -> None:
    assert parse_proporsi(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "must be a number"),
        (False, "must be a number"),
        (None, "must be a number"),
        ([33], "must be a number"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (float("-inf"), "finite"),
        (Decimal("NaN"), "finite"),
        (Decimal("sNaN"), "finite"),
        (Decimal("-Infinity"), "finite"),
        (-1, "negative"),
        ("-0.01", "negative"),
        (-0.5, "negative"),
        (Decimal("-3"), "negative"),
        (101, "at most 100"),
        ("100.01", "at most 100"),
        (100.5, "at most 100"),
        (Decimal("1E+999999999"), "at most 100"),
        ("33.333", "more than two decimals"),
        ("33,333", "more than two decimals"),
        ("1,000", "more than two decimals"),  # a thousand, or one with three decimals: refuse
        ("33.330", "more than two decimals"),
        (33.333, "more than two decimals"),
        (1e-05, "more than two decimals"),
        (Decimal("33.3300000000000000000000000000001"), "more than two decimals"),
        (Decimal("1E-999999999"), "more than two decimals"),
        ("1.000,5", "not a number"),
        ("1,000.5", "not a number"),
        ("1 000", "not a number"),
        ("abc", "not a number"),
        ("", "not a number"),
        ("   ", "not a number"),
        (".", "not a number"),
        (",", "not a number"),
        ("33%", "not a number"),
        ("1e2", "not a number"),
        ("NaN", "not a number"),
        ("inf", "not a number"),
        ("--5", "not a number"),
        ("٣٣", "not a number"),  # Arabic-Indic digits are not what the grid means
        ("33..3", "not a number"),
        ("1_0", "not a number"),
    ],
)
def test_it_rejects_with_a_human_message(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_proporsi(value)


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 10000))
def test_formatting_then_parsing_gives_the_value_back(hundredths: int) -> None:
    text = format_hundredths(hundredths)
    assert parse_proporsi(text) == hundredths
    assert parse_proporsi(text.replace(".", ",")) == hundredths
    assert parse_proporsi(float(text)) == hundredths
    assert parse_proporsi(Decimal(text)) == hundredths


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 10000))
def test_parsed_value_is_the_exact_decimal_value(hundredths: int) -> None:
    assert Fraction(parse_proporsi(hundredths / 100)) == Fraction(hundredths)


@pytest.mark.parametrize(
    ("value", "text"),
    [(3333, "33.33"), (10000, "100.00"), (0, "0.00"), (1, "0.01"), (50, "0.50"), (-5, "-0.05")],
)
def test_format_hundredths(value: int, text: str) -> None:
    assert format_hundredths(value) == text


# --- spread_evenly -------------------------------------------------------------------------


def test_spread_evenly_gives_remainder_units_to_the_earliest() -> None:
    assert spread_evenly(10, 3) == [4, 3, 3]
    assert spread_evenly(10000, 7) == [1429, 1429, 1429, 1429, 1428, 1428, 1428]
    assert spread_evenly(2, 5) == [1, 1, 0, 0, 0]
    assert spread_evenly(0, 3) == [0, 0, 0]
    assert spread_evenly(9, 1) == [9]


@pytest.mark.parametrize(("total", "count"), [(5, 0), (5, -1), (-1, 3)])
def test_spread_evenly_rejects_nonsense(total: int, count: int) -> None:
    with pytest.raises(ValueError):
        spread_evenly(total, count)


@settings(max_examples=1000, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 2000))
def test_spread_evenly_sums_exactly_and_is_non_increasing(total: int, count: int) -> None:
    parts = spread_evenly(total, count)
    assert len(parts) == count
    assert sum(parts) == total
    assert max(parts) - min(parts) <= 1
    assert parts == sorted(parts, reverse=True)


# --- rescale_to_total ----------------------------------------------------------------------


def test_rescale_brings_9997_to_100_percent() -> None:
    # 99.97 % spread over three cells becomes 100.00 %; the leftover goes to larger remainders.
    assert rescale_to_total([3333, 3333, 3331]) == [3334, 3334, 3332]
    assert sum(rescale_to_total([3333, 3333, 3331])) == 10000


def test_rescale_ties_go_to_the_earlier_cell() -> None:
    assert rescale_to_total([1, 1, 1]) == [3334, 3333, 3333]
    assert rescale_to_total([1, 1], target=3) == [2, 1]


def test_rescale_keeps_zeros_zero() -> None:
    assert rescale_to_total([0, 5, 0, 5, 0], target=3) == [0, 2, 0, 1, 0]
    assert rescale_to_total([0, 1]) == [0, 10000]


def test_rescale_brings_an_excess_down() -> None:
    assert rescale_to_total([6000, 6000]) == [5000, 5000]
    assert rescale_to_total([10005, 0]) == [10000, 0]


@pytest.mark.parametrize(
    ("values", "message"),
    [([0, 0], "every value is zero"), ([], "every value is zero"), ([1, -1], "negative")],
)
def test_rescale_rejects_nonsense(values: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rescale_to_total(values)


def test_rescale_rejects_a_negative_target() -> None:
    with pytest.raises(ValueError, match="Target"):
        rescale_to_total([1, 2], target=-1)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 20000), min_size=1, max_size=60).filter(any),
    st.integers(0, 100000),
)
def test_rescale_is_a_largest_remainder_apportionment(values: list[int], target: int) -> None:
    result = rescale_to_total(values, target)
    assert sum(result) == target
    total = sum(values)
    exact = [Fraction(value * target, total) for value in values]
    for value, part, share in zip(values, result, exact, strict=True):
        assert part in (
            share.numerator // share.denominator,
            -(-share.numerator // share.denominator),
        )
        if value == 0:
            assert part == 0
    # Leftover units went to the largest remainders, ties to the earlier index.
    remainders = [share - (share.numerator // share.denominator) for share in exact]
    rounded_up = [
        i for i, (part, share) in enumerate(zip(result, exact, strict=True)) if part > share
    ]
    kept_down = [
        i for i, (part, share) in enumerate(zip(result, exact, strict=True)) if part < share
    ]
    for up in rounded_up:
        for down in kept_down:
            assert (remainders[up], -up) > (remainders[down], -down)
