"""Periods and their labels: every project day in exactly one period, for every mode.

Pure functions, no database: these run in milliseconds, so hypothesis explores thousands of
ranges (one day to five years, leap days, month and year ends, every week_end_day).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detail_project.scheduling import MODES, Period, generate_periods, period_label
from detail_project.scheduling.labels import MONTH_ABBREVIATIONS, MONTH_NAMES

ONE_DAY = dt.timedelta(days=1)
FIVE_YEARS = 5 * 365 + 1  # days in the longest range we promise to be fast for

# Days where calendars go wrong: leap days, month ends, year ends and the day after.
AWKWARD_DAYS = [
    dt.date(2024, 2, 28),
    dt.date(2024, 2, 29),
    dt.date(2024, 3, 1),
    dt.date(2023, 2, 28),
    dt.date(2100, 2, 28),  # not a leap year
    dt.date(2000, 2, 29),  # a leap year although divisible by 100
    dt.date(2025, 12, 31),
    dt.date(2026, 1, 1),
    dt.date(2025, 4, 30),
    dt.date(2025, 1, 31),
    dt.date(2025, 10, 26),
]

start_days = st.one_of(
    st.sampled_from(AWKWARD_DAYS), st.dates(dt.date(1999, 1, 1), dt.date(2099, 12, 31))
)
lengths = st.one_of(
    st.integers(0, 40), st.integers(0, FIVE_YEARS - 1), st.sampled_from([0, 1, 6, 7, 29, 365])
)


@st.composite
def date_ranges(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    """(start, end) inclusive, 1 day to 5 years long, ending on an awkward day now and then."""
    length = draw(lengths)
    if draw(st.booleans()):
        start = draw(start_days)
        return start, start + dt.timedelta(days=length)
    end = draw(start_days)
    return end - dt.timedelta(days=length), end


def all_days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


# --- Purity ---------------------------------------------------------------------------------

SCHEDULING = Path(__file__).resolve().parent.parent / "scheduling"


def test_the_scheduling_package_imports_nothing_from_django() -> None:
    for source in sorted(SCHEDULING.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), source.name


def test_importing_the_scheduling_package_loads_no_django_module() -> None:
    # A fresh interpreter: in this one pytest-django has already imported Django.
    code = (
        "import sys, detail_project.scheduling; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    root = SCHEDULING.parent.parent
    completed = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)
    assert completed.returncode == 0


# --- Period -------------------------------------------------------------------------------


def test_period_counts_both_ends() -> None:
    assert Period(dt.date(2025, 10, 26), dt.date(2025, 10, 26)).days == 1
    assert Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29)).days == 29
    assert Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)).days == 365


def test_period_rejects_an_end_before_its_start() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(dt.date(2025, 10, 27), dt.date(2025, 10, 26))


def test_period_rejects_datetimes() -> None:
    moment = dt.datetime(2025, 10, 26, 12, 0, tzinfo=dt.UTC)
    with pytest.raises(TypeError):
        Period(moment, dt.date(2025, 10, 27))


def test_period_is_immutable_and_hashable() -> None:
    period = Period(dt.date(2025, 10, 26), dt.date(2025, 10, 27))
    with pytest.raises(AttributeError):
        period.start = dt.date(2025, 1, 1)  # type: ignore[misc]
    assert {period: 1}[Period(dt.date(2025, 10, 26), dt.date(2025, 10, 27))] == 1


# --- generate_periods: errors ---------------------------------------------------------------


def test_it_rejects_an_unknown_mode_naming_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="daily, weekly, monthly"):
        generate_periods("yearly", dt.date(2025, 1, 1), dt.date(2025, 2, 1))


def test_it_rejects_custom_because_custom_periods_are_made_by_users() -> None:
    with pytest.raises(ValueError, match="Unknown mode"):
        generate_periods("custom", dt.date(2025, 1, 1), dt.date(2025, 2, 1))


@pytest.mark.parametrize("mode", MODES)
def test_it_rejects_a_range_ending_before_it_starts(mode: str) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        generate_periods(mode, dt.date(2025, 2, 1), dt.date(2025, 1, 31))


@pytest.mark.parametrize("week_end_day", [-1, 7, 100, True, 2.0, "6"])
@pytest.mark.parametrize("mode", MODES)
def test_it_rejects_a_week_end_day_outside_0_to_6(mode: str, week_end_day: object) -> None:
    with pytest.raises(ValueError, match="week_end_day"):
        generate_periods(
            mode,
            dt.date(2025, 1, 1),
            dt.date(2025, 2, 1),
            week_end_day=week_end_day,  # type: ignore[arg-type]
        )


# --- generate_periods: coverage for every mode -----------------------------------------------


@settings(max_examples=400, deadline=None)
@given(mode=st.sampled_from(MODES), week_end_day=st.integers(0, 6), date_range=date_ranges())
def test_every_day_is_in_exactly_one_period(
    mode: str, week_end_day: int, date_range: tuple[dt.date, dt.date]
) -> None:
    start, end = date_range
    periods = generate_periods(mode, start, end, week_end_day=week_end_day)

    assert periods[0].start == start
    assert periods[-1].end == end
    for previous, current in zip(periods, periods[1:], strict=False):
        assert current.start == previous.end + ONE_DAY  # contiguous, sorted, no overlap
    assert all(period.end >= period.start for period in periods)
    assert sum(period.days for period in periods) == (end - start).days + 1


@settings(max_examples=150, deadline=None)
@given(mode=st.sampled_from(MODES), week_end_day=st.integers(0, 6), length=st.integers(0, 120))
def test_every_day_is_in_exactly_one_period_counted_day_by_day(
    mode: str, week_end_day: int, length: int
) -> None:
    # The slow, obvious check, on shorter ranges: count how many periods hold each day.
    start = dt.date(2024, 1, 15)
    end = start + dt.timedelta(days=length)
    periods = generate_periods(mode, start, end, week_end_day=week_end_day)
    for day in all_days(start - ONE_DAY, end + ONE_DAY):
        holders = [period for period in periods if period.start <= day <= period.end]
        assert len(holders) == (1 if start <= day <= end else 0)


@settings(max_examples=300, deadline=None)
@given(date_range=date_ranges())
def test_daily_has_one_single_day_period_per_day(date_range: tuple[dt.date, dt.date]) -> None:
    start, end = date_range
    periods = generate_periods("daily", start, end)
    assert [period.start for period in periods] == all_days(start, end)
    assert all(period.days == 1 for period in periods)


@settings(max_examples=400, deadline=None)
@given(week_end_day=st.integers(0, 6), date_range=date_ranges())
def test_weeks_end_on_the_week_end_day_except_the_clipped_last_one(
    week_end_day: int, date_range: tuple[dt.date, dt.date]
) -> None:
    start, end = date_range
    periods = generate_periods("weekly", start, end, week_end_day=week_end_day)

    for period in periods[:-1]:
        assert period.end.weekday() == week_end_day
    for period in periods[1:]:
        assert period.start.weekday() == (week_end_day + 1) % 7
    for period in periods[1:-1]:
        assert period.days == 7
    assert all(1 <= period.days <= 7 for period in periods)
    # Clipping: the first week only as long as it needs to be to reach a week end.
    assert periods[0].days == min((week_end_day - start.weekday()) % 7 + 1, (end - start).days + 1)


@settings(max_examples=400, deadline=None)
@given(date_range=date_ranges())
def test_months_are_calendar_months_clipped_to_the_range(
    date_range: tuple[dt.date, dt.date],
) -> None:
    start, end = date_range
    periods = generate_periods("monthly", start, end)

    for period in periods:
        assert (period.start.year, period.start.month) == (period.end.year, period.end.month)
    for period in periods[1:]:
        assert period.start.day == 1
    for period in periods[:-1]:
        assert (period.end + ONE_DAY).day == 1  # the last day of its month
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    assert len(periods) == months


def test_a_leap_february_is_one_29_day_month() -> None:
    periods = generate_periods("monthly", dt.date(2024, 1, 31), dt.date(2024, 3, 1))
    assert [(period.start, period.end) for period in periods] == [
        (dt.date(2024, 1, 31), dt.date(2024, 1, 31)),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
    ]


def test_weeks_cross_a_year_boundary_whole() -> None:
    # 2025-12-29 is a Monday; with Sunday week ends the week runs into 2026.
    periods = generate_periods("weekly", dt.date(2025, 12, 29), dt.date(2026, 1, 12))
    assert [(period.start, period.end) for period in periods] == [
        (dt.date(2025, 12, 29), dt.date(2026, 1, 4)),
        (dt.date(2026, 1, 5), dt.date(2026, 1, 11)),
        (dt.date(2026, 1, 12), dt.date(2026, 1, 12)),
    ]


def test_week_end_day_defaults_to_sunday() -> None:
    periods = generate_periods("weekly", dt.date(2025, 10, 20), dt.date(2025, 11, 2))
    assert all(period.end.weekday() == 6 for period in periods)
    assert len(periods) == 2


def test_five_years_daily_has_one_period_per_day() -> None:
    periods = generate_periods("daily", dt.date(2024, 1, 1), dt.date(2028, 12, 31))
    assert len(periods) == 1827  # 2024 and 2028 are leap years


# --- labels --------------------------------------------------------------------------------

OCT_26 = dt.date(2025, 10, 26)  # a Sunday
OCT_27 = dt.date(2025, 10, 27)  # a Monday


def labels(mode: str, start: dt.date, end: dt.date, **kwargs: object) -> list[str]:
    week_end_day = kwargs.pop("week_end_day", 6)
    periods = generate_periods(mode, start, end, week_end_day=week_end_day)  # type: ignore[arg-type]
    return [
        period_label(mode, index, period, **kwargs)  # type: ignore[arg-type]
        for index, period in enumerate(periods, start=1)
    ]


def test_daily_labels_read_day_number_and_date() -> None:
    assert labels("daily", OCT_26, OCT_27) == ["Day 1, 26 Oct", "Day 2, 27 Oct"]


def test_weekly_labels_with_monday_week_ends_keep_sunday_and_monday_together() -> None:
    # Weeks END on week_end_day: with 0 (Monday) the Sunday 26th and Monday 27th are one week.
    assert labels("weekly", OCT_26, OCT_27, week_end_day=0) == ["Week 1: 26 Oct - 27 Oct"]


def test_weekly_labels_with_sunday_week_ends_split_sunday_from_monday() -> None:
    assert labels("weekly", OCT_26, OCT_27, week_end_day=6) == [
        "Week 1: 26 Oct - 26 Oct",
        "Week 2: 27 Oct - 27 Oct",
    ]


def test_monthly_labels_read_month_and_year() -> None:
    assert labels("monthly", OCT_26, OCT_27) == ["October 2025"]
    assert labels("monthly", dt.date(2025, 12, 15), dt.date(2026, 1, 2)) == [
        "December 2025",
        "January 2026",
    ]


def test_single_digit_days_are_not_padded() -> None:
    assert labels("daily", dt.date(2026, 1, 5), dt.date(2026, 1, 5)) == ["Day 1, 5 Jan"]


def test_every_month_has_its_name_and_abbreviation() -> None:
    for month in range(1, 13):
        first = dt.date(2025, month, 1)
        period = Period(first, first)
        assert period_label("monthly", 1, period) == f"{MONTH_NAMES[month - 1]} 2025"
        assert period_label("daily", 1, period) == f"Day 1, 1 {MONTH_ABBREVIATIONS[month - 1]}"
    assert MONTH_NAMES[4] == "May" and MONTH_ABBREVIATIONS[8] == "Sep"


def test_label_rejects_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="Unknown mode"):
        period_label("custom", 1, Period(OCT_26, OCT_26))


INDONESIAN = {
    "Day %(index)s, %(date)s": "Hari ke-%(index)s, %(date)s",
    "Week %(index)s: %(start)s - %(end)s": "Minggu ke-%(index)s: %(start)s - %(end)s",
    "October": "Oktober",
    "Oct": "Okt",
    "December": "Desember",
    "Dec": "Des",
}


def test_labels_use_the_given_gettext() -> None:
    def translate(message: str) -> str:
        return INDONESIAN.get(message, message)

    assert labels("daily", OCT_26, OCT_26, gettext=translate) == ["Hari ke-1, 26 Okt"]
    assert labels("weekly", OCT_26, OCT_27, week_end_day=0, gettext=translate) == [
        "Minggu ke-1: 26 Okt - 27 Okt"
    ]
    assert labels("monthly", OCT_26, OCT_27, gettext=translate) == ["Oktober 2025"]


_PLACEHOLDER = re.compile(r"%\([a-z]+\)s")


def swapcase_outside_placeholders(message: str) -> str:
    """A fake translation that visibly marks every word it saw: "Day" -> "dAY"."""
    pieces = _PLACEHOLDER.split(message)
    placeholders = _PLACEHOLDER.findall(message)
    out = pieces[0].swapcase()
    for placeholder, piece in zip(placeholders, pieces[1:], strict=True):
        out += placeholder + piece.swapcase()
    return out


@settings(max_examples=200, deadline=None)
@given(mode=st.sampled_from(MODES), week_end_day=st.integers(0, 6), date_range=date_ranges())
def test_every_word_of_every_label_goes_through_gettext(
    mode: str, week_end_day: int, date_range: tuple[dt.date, dt.date]
) -> None:
    seen: list[str] = []

    def fake_gettext(message: str) -> str:
        seen.append(message)
        return swapcase_outside_placeholders(message)

    start, end = date_range
    periods = generate_periods(mode, start, end, week_end_day=week_end_day)[:40]
    for index, period in enumerate(periods, start=1):
        label = period_label(mode, index, period, gettext=fake_gettext)
        words = re.findall(r"[A-Za-z]+", label)
        assert words, label
        # English words are Capitalised; a word that went through the fake is "cAPITALISED".
        for word in words:
            assert word[0].islower() and word[1:] == word[1:].upper(), (word, label)
    assert seen
