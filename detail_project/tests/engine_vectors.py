"""Shared test vectors: inputs and the Python engine's answers, which the page's engine.js must
reproduce exactly (test_tahapan_engine_vectors.py checks the committed fixture is current; the
browser test feeds the same file to engine.js in Chromium).

    python -m detail_project.tests.engine_vectors     # rewrite the fixture after an engine change
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from detail_project import scheduling
from detail_project.scheduling import Period

FIXTURE = Path(__file__).parent / "fixtures" / "engine_vectors.json"
DATA = Path(__file__).resolve().parent.parent / "data"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def expected(vector: dict[str, Any]) -> dict[str, Any]:
    """What the Python engine answers for one vector's inputs."""
    bins = [
        Period(dt.date.fromisoformat(b["start"]), dt.date.fromisoformat(b["end"]))
        for b in vector["bins"]
    ]
    bin_of = {b["tahapan_id"]: i for i, b in enumerate(vector["bins"]) if b["tahapan_id"]}
    custom_ids = {c["id"] for c in vector["custom"]}
    generated: dict[int, list[int]] = {}
    custom_cells = []
    for pekerjaan, tahapan, value in vector["cells"]:
        if tahapan in bin_of:
            generated.setdefault(pekerjaan, [0] * len(bins))[bin_of[tahapan]] += value
        elif tahapan in custom_ids:
            custom_cells.append((pekerjaan, tahapan, value))
    custom = [
        (
            c["id"],
            Period(dt.date.fromisoformat(c["start"]), dt.date.fromisoformat(c["end"]))
            if c["start"]
            else None,
        )
        for c in vector["custom"]
    ]
    axis = scheduling.build_axis(
        scale="test",
        bins=bins,
        generated=generated,
        custom_tahapan=custom,
        custom_cells=custom_cells,
    )
    costs = scheduling.integer_costs({p: Decimal(text) for p, text in vector["biaya"]})
    curve = scheduling.kurva_s(costs, axis.rows, len(axis.slots))
    totals: dict[int, int] = {}
    by_column: dict[int, dict[int, int]] = {}
    for pekerjaan, tahapan, value in vector["cells"]:
        totals[pekerjaan] = totals.get(pekerjaan, 0) + value
        row = by_column.setdefault(pekerjaan, {})
        row[tahapan] = row.get(tahapan, 0) + value
    groups = {}
    for name, members in vector["groups"].items():
        cells, total = scheduling.group_shares(costs, by_column, members)
        groups[name] = {"cells": {str(k): v for k, v in sorted(cells.items())}, "total": total}
    done_rows: dict[int, list[int]] = {}
    for pekerjaan, tahapan, value in vector.get("realisasi", []):
        done_rows.setdefault(pekerjaan, [0] * len(bins))[bin_of[tahapan]] += value
    done = scheduling.build_axis(
        scale="test",
        bins=bins,
        generated=done_rows,
        custom_tahapan=[(key, period) for key, period in custom if period is None],
    )
    width = len(axis.slots)
    state = scheduling.progress(
        curve,
        scheduling.kurva_s(costs, done.rows, width),
        scheduling.last_reported(done.rows, width),
    )
    spans = [(s.start, s.end) if s.start and s.end else None for s in axis.slots]
    card = scheduling.summary(curve, state, spans, dt.date.fromisoformat(vector["today"]))
    return {
        "progress": {
            "realisasi": state.realisasi,
            "realisasiKumulatif": state.realisasi_kumulatif,
            "deviasi": state.deviasi,
            "deviasiKumulatif": state.deviasi_kumulatif,
            "status": state.status,
            "last": state.last,
            "spi": state.spi,
        },
        "summary": {
            "todaySlot": card.today_slot,
            "rencanaHariIni": card.rencana_hari_ini,
            "last": card.last,
            "rencana": card.rencana,
            "realisasi": card.realisasi,
            "deviasi": card.deviasi,
            "spi": card.spi,
            "status": card.status,
        },
        "slots": [
            {"start": _iso(s.start), "end": _iso(s.end), "nomor": s.nomor, "tahapan": s.tahapan}
            for s in axis.slots
        ],
        "rows": {str(p): row for p, row in sorted(axis.rows.items())},
        "rencana": curve.rencana,
        "kumulatif": curve.kumulatif,
        "share": scheduling.scheduled_share(costs, totals),
        "gantt": {
            str(p): [[a.isoformat(), b.isoformat()] for a, b in runs]
            for p, row in sorted(axis.rows.items())
            if (runs := scheduling.gantt_runs(row, axis.slots))
        },
        "groups": groups,
    }


def _bins(scale: str, start: dt.date, end: dt.date, first_id: int, *, with_ids=True) -> list:
    periods = scheduling.generate_periods(scale, start, end, week_end_day=6)
    return [
        {
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "tahapan_id": first_id + i if with_ids else None,
        }
        for i, p in enumerate(periods)
    ]


def demo_vector() -> dict[str, Any]:
    """The demo: the real sample RAB and its 47-week schedule, plus a dated and an undated
    custom tahapan."""
    from detail_project.importing import parse_rab_file
    from detail_project.importing.jadwal_sample import parse_jadwal_sample

    rab = parse_rab_file((DATA / "rekap_rab_160.csv").read_bytes())
    sample = parse_jadwal_sample(DATA / "jadwal_pekerjaan_160.csv")
    rows = [p for k in rab.klasifikasi for s in k.subs for p in s.pekerjaan]
    ids = list(range(101, 101 + len(rows)))
    bins = _bins("weekly", dt.date(2026, 1, 5), dt.date(2026, 11, 29), 1)
    cells = [
        [pid, week + 1, int(percent * 100)]
        for pid, row in zip(ids, sample.rows, strict=True)
        for week, percent in enumerate(row.percents)
        if percent
    ]
    cells += [[ids[-1], 900, 10000], [ids[-2], 901, 5000]]
    # Realisasi: four fifths of the plan in the first ten weeks (some periods terlambat).
    realisasi = [[p, t, v * 4 // 5] for p, t, v in cells if t <= 10 and v * 4 // 5]
    return {
        "name": "demo with Mobilisasi and an undated tahapan",
        "realisasi": realisasi,
        "today": "2026-03-18",
        "bins": bins,
        "custom": [
            {"id": 900, "start": "2026-01-05", "end": "2026-01-10"},
            {"id": 901, "start": None, "end": None},
        ],
        "cells": cells,
        "biaya": [
            [pid, f"{p.volume * p.harga_satuan:f}"] for pid, p in zip(ids, rows, strict=True)
        ],
        "groups": {"K1": ids[:10], "all": ids},
    }


def random_vector(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - test data
    start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 200))
    end = start + dt.timedelta(days=rng.randrange(20, 400))
    scale = (
        rng.choice(["daily", "weekly", "monthly"])
        if end - start < dt.timedelta(120)
        else rng.choice(["weekly", "monthly"])
    )
    bins = _bins(scale, start, end, 1, with_ids=seed % 5 != 0)
    pekerjaan = list(range(1, rng.randint(2, 25)))
    custom = []
    for index in range(rng.randint(0, 5)):
        if rng.random() < 0.3:
            custom.append({"id": 500 + index, "start": None, "end": None})
        else:
            a = start + dt.timedelta(days=rng.randrange(-20, (end - start).days + 20))
            b = a + dt.timedelta(days=rng.randrange(0, 60))
            custom.append({"id": 500 + index, "start": a.isoformat(), "end": b.isoformat()})
    cells = []
    columns = [b["tahapan_id"] for b in bins if b["tahapan_id"]] + [c["id"] for c in custom]
    for pid in pekerjaan:
        chosen = rng.sample(columns, min(len(columns), rng.randint(0, 8)))
        budget = 10000 + (rng.randint(0, 3000) if rng.random() < 0.1 else 0)
        for column in chosen:
            value = rng.randint(1, max(1, min(10000, budget)))
            budget -= value
            if value > 0 and budget >= 0:
                cells.append([pid, column, value])
    if seed % 4 == 0:
        biaya = [[pid, "0.00000"] for pid in pekerjaan]  # nothing priced yet
    else:
        biaya = [
            [pid, f"{Decimal(rng.randint(0, 10**14)).scaleb(-rng.randint(0, 5)):f}"]
            for pid in pekerjaan
        ]
    half = pekerjaan[: len(pekerjaan) // 2 or 1]
    realisasi = []
    if any(b["tahapan_id"] for b in bins):
        reported = rng.randint(0, len(bins))
        for pid in pekerjaan:
            budget = 10000
            for b in bins[:reported]:
                if rng.random() < 0.4 and budget > 0:
                    value = rng.randint(1, min(budget, 4000))
                    budget -= value
                    realisasi.append([pid, b["tahapan_id"], value])
    today = start + dt.timedelta(days=rng.randrange(-10, (end - start).days + 30))
    return {
        "name": f"random {seed} ({scale})",
        "realisasi": realisasi,
        "today": today.isoformat(),
        "bins": bins,
        "custom": custom,
        "cells": cells,
        "biaya": biaya,
        "groups": {"half": half, "all": pekerjaan},
    }


def build_vectors() -> list[dict[str, Any]]:
    vectors = [demo_vector(), *(random_vector(seed) for seed in range(1, 25))]
    for vector in vectors:
        vector["expected"] = expected(vector)
    return vectors


if __name__ == "__main__":
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(json.dumps(build_vectors(), separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")
