"""Time the pure schedule conversion for a big project: 1,000 pekerjaan over two years.

    python bench/bench_conversion.py [--pekerjaan 1000] [--repeat 5] [--seed 2025]

Starts from a weekly schedule with about half of the weekly cells filled (each pekerjaan sums to
exactly 100 %), then converts weekly → daily, daily → monthly and monthly → weekly, as a planner
switching the time scale would. Prints the best of `--repeat` runs per conversion and checks that
every total survived. No database, no Django: only detail_project.scheduling.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# Runnable from a fresh clone without installing anything: put the repository root on the path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from detail_project.scheduling import (  # noqa: E402
    Period,
    convert_assignments,
    generate_periods,
    rescale_to_total,
)

PROJECT_START = dt.date(2026, 1, 5)
PROJECT_END = PROJECT_START + dt.timedelta(days=729)  # two years, 730 days

Cells = dict[tuple[int, int], int]


def weekly_schedule(rng: random.Random, pekerjaan: int, week_count: int) -> Cells:
    """About half of every pekerjaan's weeks filled, summing to exactly 100.00 %."""
    cells: Cells = {}
    for key in range(pekerjaan):
        weeks = sorted(rng.sample(range(week_count), week_count // 2))
        values = rescale_to_total([rng.randint(1, 100) for _ in weeks])
        cells.update(
            {(key, week): value for week, value in zip(weeks, values, strict=True) if value}
        )
    return cells


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Fastest of `repeat` runs in milliseconds: the least disturbed by the rest of the machine."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def totals(cells: Mapping[tuple[int, int], int]) -> Counter[int]:
    result: Counter[int] = Counter()
    for (key, _), value in cells.items():
        result[key] += value
    return result


def timed_conversion(
    old: Sequence[Period], cells: Cells, new: Sequence[Period], repeat: int
) -> tuple[Cells, float]:
    """Converted cells and the best time of convert_assignments alone (inputs prepared first)."""
    old_periods = dict(enumerate(old))
    assignments = [(key, index, value) for (key, index), value in cells.items()]
    result = convert_assignments(old_periods, assignments, new)
    elapsed = best_of(repeat, lambda: convert_assignments(old_periods, assignments, new))
    return result.cells, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pekerjaan", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    options = parser.parse_args()

    periods = {
        mode: generate_periods(mode, PROJECT_START, PROJECT_END)
        for mode in ("daily", "weekly", "monthly")
    }
    cells = weekly_schedule(random.Random(options.seed), options.pekerjaan, len(periods["weekly"]))
    expected = totals(cells)

    generate_ms = best_of(
        options.repeat,
        lambda: generate_periods("daily", dt.date(2026, 1, 1), dt.date(2030, 12, 31)),
    )
    print(f"{options.pekerjaan} pekerjaan, {PROJECT_START} .. {PROJECT_END} (730 days)")
    print(f"generate_periods daily, 5 years (1,826 periods): {generate_ms:.1f} ms\n")
    print(f"{'mode pair':<20}{'cells in':>10}{'cells out':>11}{'ms':>9}")
    print("-" * 50)
    for old_mode, new_mode in (("weekly", "daily"), ("daily", "monthly"), ("monthly", "weekly")):
        result, elapsed = timed_conversion(
            periods[old_mode], cells, periods[new_mode], options.repeat
        )
        if totals(result) != expected:
            raise SystemExit(f"{old_mode} -> {new_mode} changed a pekerjaan total")
        pair = f"{old_mode} -> {new_mode}"
        print(f"{pair:<20}{len(cells):>10,}{len(result):>11,}{elapsed:>9.1f}")
        cells = result
    print(f"\nms: best of {options.repeat} runs of convert_assignments; every total checked")


if __name__ == "__main__":
    main()
