"""The time-phased engine alone (`detail_project.scheduling`): pure Python, no Django, no database.

    python bench/bench_engine.py                  # 1,000 day plans over 730 days, best of 5
    python bench/bench_engine.py --pekerjaan 100 --repeat 9

For a 2-year project whose pekerjaan each spread 100 % evenly over a year of days (as
`bench_api.py` fills its weekly grid), it times projecting every day plan onto daily, weekly
and monthly bins (`plan_project`, what a time-scale switch and `GET kurva-s/` compute), building
the bins, decoding the stored plans (`plan_decode`) and the cost-weighted Kurva S of each scale
(`kurva_s`). Every projection is checked to keep each pekerjaan's total.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detail_project import scheduling  # noqa: E402 - pure module, needs only the path above

START = dt.date(2026, 1, 5)
DAYS = 730


def best(call, repeat: int) -> tuple[object, float]:
    """(result, best wall time in ms) of `repeat` calls."""
    result, fastest = None, float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        fastest = min(fastest, (time.perf_counter() - began) * 1000)
    return result, fastest


def day_plans(count: int, seed: int) -> dict[int, scheduling.DayPlan]:
    """`count` plans of 100 % spread evenly over 365 consecutive days at a random start."""
    rng = random.Random(seed)
    first = START.toordinal()
    span = DAYS // 2
    plans = {}
    for pekerjaan in range(1, count + 1):
        start = first + rng.randrange(0, DAYS - span + 1)
        plans[pekerjaan] = scheduling.plan_of(start, scheduling.spread_evenly(10_000, span))
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pekerjaan", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    end = START + dt.timedelta(days=DAYS - 1)
    plans = day_plans(args.pekerjaan, seed=args.pekerjaan)
    rng = random.Random(1)
    costs = {pk: rng.randint(1_000, 50_000_000) for pk in plans}
    stored = {pk: scheduling.plan_encode(plan) for pk, plan in plans.items()}
    days = sum(len(plan.values) for plan in plans.values())

    print(
        f"## Time-phased engine — {args.pekerjaan:,} day plans over {DAYS} days, "
        f"best of {args.repeat}"
    )
    print()
    print("| operation | bins | cells out | ms |")
    print("|---|---:|---:|---:|")
    decoded, ms = best(
        lambda: {pk: scheduling.plan_decode(*blob) for pk, blob in stored.items()}, args.repeat
    )
    assert decoded == plans, "plan_encode / plan_decode changed a plan"
    print(f"| decode {args.pekerjaan:,} stored plans ({days:,} days) | | | {ms:.1f} |")
    for mode in ("daily", "weekly", "monthly"):
        periods, ms_periods = best(
            lambda mode=mode: scheduling.generate_periods(mode, START, end), args.repeat
        )
        bins, ms_bins = best(lambda periods=periods: scheduling.Bins(periods), args.repeat)
        rows, ms = best(
            lambda bins=bins: {pk: scheduling.plan_project(p, bins) for pk, p in plans.items()},
            args.repeat,
        )
        assert all(sum(rows[pk]) == plan.total for pk, plan in plans.items()), mode
        cells = sum(1 for row in rows.values() for value in row if value)
        print(f"| generate_periods + Bins, {mode} | {len(bins)} | | {ms_periods + ms_bins:.1f} |")
        print(f"| plan_project → {mode} | {len(bins)} | {cells:,} | {ms:.1f} |")
        width = len(bins)
        curve, ms = best(
            lambda rows=rows, width=width: scheduling.kurva_s(costs, rows, width), args.repeat
        )
        assert curve.final == 10_000, f"{mode}: Kurva S ends at {curve.final}, not 100.00 %"
        print(f"| kurva_s, {mode} | {len(bins)} | | {ms:.1f} |")


if __name__ == "__main__":
    main()
