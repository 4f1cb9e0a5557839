"""Progress against the plan (SPEC §10): deviasi, kontrak kritis status and SPI from the
scheduling engine, on displayed hundredths. Pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detail_project.scheduling import (
    FULL,
    KRITIS,
    NORMAL,
    TERLAMBAT,
    KurvaS,
    integer_costs,
    kurva_s,
    last_reported,
    progress,
    status_of,
    summary,
    today_slot,
)

# --- the status rule at its boundaries -------------------------------------------------------


@pytest.mark.parametrize(
    ("rencana", "deviasi", "status"),
    [
        # Below 70 % planned: kritis only beyond 10 points behind.
        (6999, -1000, TERLAMBAT),  # 69.99, -10.00
        (6999, -1001, KRITIS),  # 69.99, -10.01
        (6999, -501, TERLAMBAT),  # 69.99, -5.01: not yet the narrower rule
        # From 70 % planned: kritis beyond 5 points behind.
        (7000, -500, TERLAMBAT),  # 70.00, -5.00
        (7000, -501, KRITIS),  # 70.00, -5.01
        (7000, -1001, KRITIS),
        # On plan or ahead.
        (7000, 0, NORMAL),
        (6999, 0, NORMAL),
        (0, 0, NORMAL),
        (10000, 250, NORMAL),
        (3000, -1, TERLAMBAT),
    ],
)
def test_the_status_rule_at_its_boundaries(rencana, deviasi, status) -> None:
    assert status_of(rencana, deviasi) == status


# --- a small project by hand ------------------------------------------------------------------


def test_a_two_pekerjaan_project_by_hand() -> None:
    # A costs 300 (bobot 75 %), B costs 100 (25 %).
    # Plan:      A 50 / 50 / 0 / 0,  B 0 / 0 / 50 / 50
    #   rencana   37.50 / 37.50 / 12.50 / 12.50 ; kumulatif 37.50 / 75.00 / 87.50 / 100.00
    # Realisasi: A 40 / 40 / 20 / -,  B 0 / 0 / 0 / -   (reported up to period 3)
    #   realisasi 30.00 / 30.00 / 15.00 ; kumulatif 30.00 / 60.00 / 75.00
    #   deviasi kumulatif -7.50 / -15.00 / -12.50
    #   status: rencana 37.50 < 70 and -7.50 ≥ -10 -> terlambat;
    #           75.00 ≥ 70 and -15.00 < -5 -> kritis; 87.50 ≥ 70 and -12.50 < -5 -> kritis
    costs = integer_costs({"A": 300, "B": 100})
    rencana = kurva_s(costs, {"A": [5000, 5000, 0, 0], "B": [0, 0, 5000, 5000]}, 4)
    rows = {"A": [4000, 4000, 2000, 0], "B": [0, 0, 0, 0]}
    realisasi = kurva_s(costs, rows, 4)

    result = progress(rencana, realisasi, last_reported(rows, 4))

    assert rencana.kumulatif == [3750, 7500, 8750, 10000]
    assert result.last == 2
    assert result.realisasi == [3000, 3000, 1500, None]
    assert result.realisasi_kumulatif == [3000, 6000, 7500, None]
    assert result.deviasi == [-750, -750, 250, None]
    assert result.deviasi_kumulatif == [-750, -1500, -1250, None]
    assert result.status == [TERLAMBAT, KRITIS, KRITIS, None]
    assert result.spi == 86  # 75.00 / 87.50 = 0.857… -> 0.86


def test_nothing_reported_yet_leaves_every_period_open() -> None:
    costs = integer_costs({"A": 1})
    rencana = kurva_s(costs, {"A": [5000, 5000]}, 2)
    realisasi = kurva_s(costs, {}, 2)

    result = progress(rencana, realisasi, last_reported({}, 2))

    assert result.last is None
    assert result.status == [None, None]
    assert result.realisasi_kumulatif == [None, None]
    assert result.spi is None


def test_a_period_with_no_progress_between_reported_ones_counts_as_zero() -> None:
    costs = integer_costs({"A": 1})
    rencana = kurva_s(costs, {"A": [2500, 2500, 2500, 2500]}, 4)
    rows = {"A": [2500, 0, 2500, 0]}

    result = progress(rencana, kurva_s(costs, rows, 4), last_reported(rows, 4))

    assert result.realisasi == [2500, 0, 2500, None]
    assert result.deviasi_kumulatif == [0, -2500, -2500, None]
    assert result.status == [NORMAL, KRITIS, KRITIS, None]  # 25 points behind is kritis


def test_a_cost_free_pekerjaan_still_marks_its_period_as_reported() -> None:
    costs = integer_costs({"A": 100, "B": 0})
    rows = {"A": [0, 0], "B": [0, 5000]}
    last = last_reported(rows, 2)
    result = progress(kurva_s(costs, {"A": [FULL, 0]}, 2), kurva_s(costs, rows, 2), last)
    assert last == 1
    assert result.realisasi_kumulatif == [0, 0]
    assert result.status == [KRITIS, KRITIS]  # 100 % planned, nothing of cost done


def test_spi_is_open_while_nothing_is_planned_at_the_last_report() -> None:
    costs = integer_costs({"A": 1})
    rencana = kurva_s(costs, {"A": [0, FULL]}, 2)
    rows = {"A": [1000, 0]}
    result = progress(rencana, kurva_s(costs, rows, 2), last_reported(rows, 2))
    assert result.spi is None
    assert result.status == [NORMAL] + [None]


def test_mismatched_widths_are_refused() -> None:
    with pytest.raises(ValueError, match="realisasi slots"):
        progress(KurvaS([0, 0], [0, 0]), KurvaS([0], [0]), None)
    with pytest.raises(ValueError, match="outside"):
        progress(KurvaS([0], [0]), KurvaS([0], [0]), 3)


# --- the summary card ---------------------------------------------------------------------


def weeks(*starts: str) -> list[tuple[dt.date, dt.date]]:
    spans = []
    for start in starts:
        first = dt.date.fromisoformat(start)
        spans.append((first, first + dt.timedelta(days=6)))
    return spans


def test_today_falls_in_the_period_that_holds_it() -> None:
    spans = weeks("2026-01-05", "2026-01-12", "2026-01-19")
    assert today_slot(spans, dt.date(2026, 1, 4)) is None
    assert today_slot(spans, dt.date(2026, 1, 5)) == 0
    assert today_slot(spans, dt.date(2026, 1, 13)) == 1
    assert today_slot(spans, dt.date(2026, 1, 25)) == 2
    assert today_slot(spans, dt.date(2027, 1, 1)) == 2  # after the end: the last period
    assert today_slot([*spans, None], dt.date(2027, 1, 1)) == 2  # undated slots are skipped


def test_the_summary_reads_the_plan_today_and_the_last_report() -> None:
    costs = integer_costs({"A": 1})
    rencana = kurva_s(costs, {"A": [2500, 2500, 2500, 2500]}, 4)
    rows = {"A": [2000, 2000, 0, 0]}
    state = progress(rencana, kurva_s(costs, rows, 4), last_reported(rows, 4))
    spans = weeks("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26")

    card = summary(rencana, state, spans, dt.date(2026, 1, 21))

    assert card.today_slot == 2
    assert card.rencana_hari_ini == 7500
    assert (card.last, card.rencana, card.realisasi, card.deviasi) == (1, 5000, 4000, -1000)
    assert card.spi == 80
    assert card.status == TERLAMBAT


# --- properties ---------------------------------------------------------------------------


@st.composite
def projects(draw):
    width = draw(st.integers(1, 12))
    count = draw(st.integers(1, 6))
    costs = {f"p{i}": draw(st.integers(0, 10**9)) for i in range(count)}

    def row():
        values = draw(st.lists(st.integers(0, 4000), min_size=width, max_size=width))
        while sum(values) > FULL:
            values = [v // 2 for v in values]
        return values

    plan = {p: row() for p in costs}
    done = {p: row() for p in costs}
    return integer_costs(costs), plan, done, width


@given(projects())
def test_cumulative_deviasi_is_the_running_sum_of_the_curves(project) -> None:
    costs, plan, done, width = project
    rencana = kurva_s(costs, plan, width)
    realisasi = kurva_s(costs, done, width)
    last = last_reported(done, width)

    result = progress(rencana, realisasi, last)

    reported = 0 if last is None else last + 1
    for index in range(width):
        if index >= reported:
            assert result.status[index] is None and result.deviasi_kumulatif[index] is None
            continue
        assert result.deviasi_kumulatif[index] == (
            realisasi.kumulatif[index] - rencana.kumulatif[index]
        )
        assert result.status[index] == status_of(
            rencana.kumulatif[index], result.deviasi_kumulatif[index]
        )
        assert result.realisasi_kumulatif[index] <= FULL


@given(projects())
def test_realisasi_equal_to_the_plan_is_normal_everywhere_with_spi_one(project) -> None:
    costs, plan, _, width = project
    rencana = kurva_s(costs, plan, width)
    last = last_reported(plan, width)

    result = progress(rencana, kurva_s(costs, plan, width), last)

    assert all(status == NORMAL for status in result.status[: (last or 0) + 1] if status)
    if last is not None and rencana.kumulatif[last]:
        assert result.spi == 100


@given(st.integers(0, FULL), st.integers(-FULL, FULL))
def test_a_status_is_always_one_of_three_and_worse_when_further_behind(plan, deviasi) -> None:
    order = {NORMAL: 0, TERLAMBAT: 1, KRITIS: 2}
    assert order[status_of(plan, deviasi)] >= order[status_of(plan, deviasi + 1)]
