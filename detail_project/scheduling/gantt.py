"""Gantt spans on a date axis: where a pekerjaan's work lies in time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import compress

from .axis import Slot

_ONE_DAY = dt.timedelta(days=1)


def gantt_runs(row: Sequence[int], slots: Sequence[Slot]) -> list[tuple[dt.date, dt.date]]:
    """Date ranges (inclusive) of the dated slots holding work, neighbours in time merged.

    Two slots merge when the second starts the day after the first ends, so a pekerjaan planned
    in weeks 3, 4 and 7 has two runs: weeks 3–4 and week 7. Undated slots have no place in time
    and are left out.
    """
    return GanttAxis(slots).runs(row)


class GanttAxis:
    """`gantt_runs` for many rows over the same slots.

    What does not depend on the row is worked out once: which slots are dated, and where two
    neighbouring slots do not touch in time. A row's runs are then found by a regular
    expression over a byte per slot (C speed), which matters with 1,000 rows of 730 days.
    """

    def __init__(self, slots: Sequence[Slot]) -> None:
        self.slots = slots
        # The dated slots come first (undated tahapan are listed after them).
        self.dates: list[tuple[dt.date, dt.date]] = []
        for slot in slots:
            if slot.start is None or slot.end is None:
                break
            self.dates.append((slot.start, slot.end))
        self.width = len(self.dates)
        undated_after = all(slot.start is None for slot in slots[self.width :])
        self.touching = undated_after and all(
            self.dates[i][1] + _ONE_DAY >= self.dates[i + 1][0] for i in range(self.width - 1)
        )

    def runs(self, row: Sequence[int]) -> list[tuple[dt.date, dt.date]]:
        if len(row) != len(self.slots):
            raise ValueError(f"{len(row)} values for {len(self.slots)} slots")
        if not self.touching:
            return self._runs_slowly(row)
        flags = bytes(map(bool, row[: self.width]))
        dates = self.dates
        return [(dates[m.start()][0], dates[m.end() - 1][1]) for m in _WORK.finditer(flags)]

    def _runs_slowly(self, row: Sequence[int]) -> list[tuple[dt.date, dt.date]]:
        """Any slots: skip the undated ones, merge only what touches in time."""
        runs: list[tuple[dt.date, dt.date]] = []
        for index in compress(range(len(row)), row):
            start, end = self.slots[index].start, self.slots[index].end
            if start is None or end is None:
                continue
            if runs and runs[-1][1] + _ONE_DAY >= start:
                if end > runs[-1][1]:
                    runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return runs


_WORK = re.compile(rb"\x01+")
