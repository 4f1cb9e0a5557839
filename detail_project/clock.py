"""Today, in the project's time zone (the site's `TIME_ZONE`, Asia/Jakarta by default).

Realisasi may only be recorded for periods that have started, and the Kurva S draws a today
line: both ask here, so that a test (or a demo seeded for a fixed date) can set the day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
