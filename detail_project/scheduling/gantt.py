"""Gantt spans on a date axis: where a pekerjaan's work lies in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .axis import Slot

_ONE_DAY = dt.timedelta(days=1)


def gantt_runs(row: Sequence[int], slots: Sequence[Slot]) -> list[tuple[dt.date, dt.date]]:
    """Date ranges (inclusive) of the dated slots holding work, neighbours in time merged.

    Two slots merge when the second starts the day after the first ends, so a pekerjaan planned
    in weeks 3, 4 and 7 has two runs: weeks 3–4 and week 7. Undated slots have no place in time
    and are left out.
    """
    runs: list[tuple[dt.date, dt.date]] = []
    for value, slot in zip(row, slots, strict=True):
        if not value or slot.start is None or slot.end is None:
            continue
        if runs and runs[-1][1] + _ONE_DAY >= slot.start:
            runs[-1] = (runs[-1][0], max(runs[-1][1], slot.end))
        else:
            runs.append((slot.start, slot.end))
    return runs
