"""Time periods (tahapan) of a project: inclusive date ranges generated per time-scale mode.

A project runs from its first to its last day, both included; every generated list covers each
of those days exactly once, in order, with no gaps. That invariant is what lets the conversion
module move proportions between modes without losing a hundredth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MODES: tuple[str, ...] = ("daily", "weekly", "monthly")

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range: `start` and `end` both belong to the period.

    Inclusive ends match how planners write tahapan ("1 Oct - 7 Oct") and how the database stores
    tanggal_mulai / tanggal_selesai, so no +1/-1 translation happens at the edges.
    """

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # A datetime is a date subclass but compares badly with dates; refuse it early.
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise TypeError(f"Period.{name} must be a datetime.date, got {value!r}")
        if self.end < self.start:
            raise ValueError(f"Period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        """Number of calendar days in the period, both ends included."""
        return (self.end - self.start).days + 1


def generate_periods(
    mode: str, start: dt.date, end: dt.date, *, week_end_day: int = 6
) -> list[Period]:
    """Periods of `mode` covering `start`..`end` (inclusive), sorted and contiguous.

    daily: one per day. weekly: weeks end on `week_end_day` (0 = Monday … 6 = Sunday, as
    `date.weekday()`), the first and last week clipped to the range. monthly: calendar months
    clipped to the range. `week_end_day` is validated for every mode so a bad value is caught
    even when it is not used yet.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if isinstance(week_end_day, bool) or not isinstance(week_end_day, int):
        raise ValueError(f"week_end_day must be an integer 0..6, got {week_end_day!r}")
    if not 0 <= week_end_day <= 6:
        raise ValueError(f"week_end_day must be 0 (Monday) .. 6 (Sunday), got {week_end_day}")
    Period(start, end)  # same TypeError / ValueError for a bad range as building one by hand
    if mode == "daily":
        return _daily(start, end)
    if mode == "weekly":
        return _weekly(start, end, week_end_day)
    return _monthly(start, end)


def _daily(start: dt.date, end: dt.date) -> list[Period]:
    days = [dt.date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    return [Period(day, day) for day in days]


def _weekly(start: dt.date, end: dt.date, week_end_day: int) -> list[Period]:
    periods: list[Period] = []
    # Days from `start` to the first week end on or after it (0 when start is a week end).
    first_end = start + dt.timedelta(days=(week_end_day - start.weekday()) % 7)
    week = dt.timedelta(days=7)
    period_start = start
    period_end = first_end
    while period_end < end:
        periods.append(Period(period_start, period_end))
        period_start = period_end + _ONE_DAY
        period_end = period_end + week
    periods.append(Period(period_start, end))
    return periods


def _month_end(day: dt.date) -> dt.date:
    """Last day of the month containing `day`."""
    if day.month == 12:
        return dt.date(day.year, 12, 31)
    return dt.date(day.year, day.month + 1, 1) - _ONE_DAY


def _monthly(start: dt.date, end: dt.date) -> list[Period]:
    periods: list[Period] = []
    period_start = start
    while True:
        period_end = _month_end(period_start)
        if period_end >= end:
            periods.append(Period(period_start, end))
            return periods
        periods.append(Period(period_start, period_end))
        period_start = period_end + _ONE_DAY
