"""Human labels for generated periods: "Day 1, 26 Oct", "Week 1: 26 Oct - 27 Oct", "October 2025".

Every fixed word goes through the `gettext` the caller passes in (the Django layer passes
django.utils.translation.gettext), so this module stays free of Django and of the process-wide
C locale that `strftime("%b")` would depend on. The message ids below are wrapped in a local
`gettext_noop` so that `manage.py makemessages` still finds them.

"May" is both a month name and its abbreviation, one message id for both: that is right as long
as every language writes the two alike (Indonesian "Mei" and "Mei"). A language that does not
would need a message context, and so a `pgettext` passed in beside `gettext`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .periods import MODES, Period


def gettext_noop(message: str) -> str:
    """Mark a message id for extraction without translating it (same name Django uses)."""
    return message


def identity(message: str) -> str:
    """Default `gettext`: English as written."""
    return message


MONTH_NAMES: tuple[str, ...] = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

MONTH_ABBREVIATIONS: tuple[str, ...] = (
    gettext_noop("Jan"),
    gettext_noop("Feb"),
    gettext_noop("Mar"),
    gettext_noop("Apr"),
    gettext_noop("May"),
    gettext_noop("Jun"),
    gettext_noop("Jul"),
    gettext_noop("Aug"),
    gettext_noop("Sep"),
    gettext_noop("Oct"),
    gettext_noop("Nov"),
    gettext_noop("Dec"),
)

DAY_TEMPLATE = gettext_noop("Day %(index)s, %(date)s")
WEEK_TEMPLATE = gettext_noop("Week %(index)s: %(start)s - %(end)s")


def short_date(day: dt.date, *, gettext: Callable[[str], str] = identity) -> str:
    """Day of month without zero padding, then the translated month abbreviation: "26 Oct".

    Day-then-month is how dates are written in Indonesian as well as in British English, so the
    order is fixed and only the month word is translated.
    """
    return f"{day.day} {gettext(MONTH_ABBREVIATIONS[day.month - 1])}"


def period_label(
    mode: str, index: int, period: Period, *, gettext: Callable[[str], str] = identity
) -> str:
    """Label of the `index`-th (1-based) period of `mode`.

    The day and week templates are translated whole, not glued from pieces, so a language can
    reorder them ("Minggu ke-%(index)s: ...").
    """
    if mode not in MODES:
        raise ValueError(f"Unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "daily":
        return gettext(DAY_TEMPLATE) % {
            "index": index,
            "date": short_date(period.start, gettext=gettext),
        }
    if mode == "weekly":
        return gettext(WEEK_TEMPLATE) % {
            "index": index,
            "start": short_date(period.start, gettext=gettext),
            "end": short_date(period.end, gettext=gettext),
        }
    # "October 2025" / "Oktober 2025": the month of the period's first day, a monthly period
    # never spans two months.
    return f"{gettext(MONTH_NAMES[period.start.month - 1])} {period.start.year}"
