"""Server-side benchmark of the schedule API (SPEC §7), in-process through Django's full stack.

    python bench/bench_api.py                    # SQLite (a throwaway file)
    DATABASE_URL=postgres://… python bench/bench_api.py
    python bench/bench_api.py --sizes 100 1000 --repeat 7 --switch-repeat 3
    python bench/bench_api.py --sizes 1000 --breakdown      # where the time goes

For 100 and 1,000 pekerjaan × 104 weekly tahapan (a 2-year project, ~50 % of cells filled) it
times, as medians of several requests:

- `GET jadwal/`;
- `POST jadwal/save/` of 10,000 changed cells with the version just read (each answer must
  count exactly 10,000 changed cells and move the version by one; the first save is also
  checked against the database), and the same save again, which changes nothing and keeps the
  version;
- `GET kurva-s/` at the default scale (weekly), `?scale=monthly` and `?scale=daily`;
- the time-scale chain weekly → daily → monthly → weekly, each step on its own; after every
  chain each weekly cell must be exactly what it was before (lossless: cell by cell, not only
  totals).

Every row counts its SQL queries (as Django sees them: a PostgreSQL COPY is not a query there).
Timings are the request as the server handles it (middleware, session, view, database), not
network or browser time. `--breakdown` then repeats the reads, the save and the chain with the
app's main functions, every SQL statement, PostgreSQL's COPY and the commit timed from outside
(by wrapping them; the app is not changed) and prints where the time goes.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHAIN = ("daily", "monthly", "weekly")


def configure(database_url: str | None) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["JADWAL_REGENERATE_RATE"] = "100000/min"
    if database_url:
        os.environ["DATABASE_URL"] = throwaway_database(database_url)
        label = "PostgreSQL"
    else:
        work = tempfile.mkdtemp(prefix="jadwal-bench-")
        atexit.register(shutil.rmtree, work, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(work) / 'bench.sqlite3'}"
        label = "SQLite"
    import django

    django.setup()
    return label


def throwaway_database(url: str) -> str:
    """A fresh `jadwal_bench` database beside the one `url` names, which is never touched."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_api.py measures SQLite (no DATABASE_URL) or PostgreSQL.")
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS jadwal_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE jadwal_bench")
    return urlunsplit(parts._replace(path="/jadwal_bench"))


def reset_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(call: Callable[[], Any]) -> tuple[Any, float, int]:
    """(result, milliseconds, SQL queries) of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(queries)


@dataclass
class Row:
    operation: str
    samples: list[float]
    queries: int
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Api:
    """The test client on one project's API; every answer must be 200."""

    def __init__(self, project_id: int, owner) -> None:
        from django.test import Client

        self.client = Client()
        self.client.force_login(owner)
        self.base = f"/detail_project/api/project/{project_id}/"

    def get(self, path: str):
        answer = self.client.get(self.base + path)
        assert answer.status_code == 200, answer.content[:300]
        return answer

    def post(self, path: str, body: dict[str, Any]):
        answer = self.client.post(self.base + path, json.dumps(body), "application/json")
        assert answer.status_code == 200, answer.content[:300]
        return answer

    def repeat(self, call: Callable[[], Any], times: int) -> tuple[Any, list[float], int]:
        """Warm once, then (last answer, samples, queries of the last) of `times` calls."""
        call()
        samples, answer, queries = [], None, 0
        for _ in range(times):
            answer, ms, queries = timed(call)
            samples.append(ms)
        return answer, samples, queries


def cell_values(project) -> dict[tuple[int, int], int]:
    """{(pekerjaan_id, tahapan_id): hundredths} of every cell of the project."""
    from detail_project.models import PekerjaanTahapan
    from detail_project.selectors.cells import assignment_hundredths

    cells = PekerjaanTahapan.objects.filter(tahapan__project=project)
    return {(p, t): h for p, t, h in assignment_hundredths(cells)}


def dated_cells(project) -> dict[tuple[int, dt.date, dt.date], int]:
    """{(pekerjaan_id, first day, last day): hundredths}: cells that survive a switch's new ids."""
    from detail_project.models import TahapPelaksanaan

    dates = {
        pk: (start, end)
        for pk, start, end in TahapPelaksanaan.objects.filter(project=project).values_list(
            "pk", "tanggal_mulai", "tanggal_selesai"
        )
    }
    return {(p, *dates[t]): h for (p, t), h in cell_values(project).items()}


def seed_progress(project, owner, version: int) -> tuple[int, list[int], int]:
    """Realisasi of 80 % of every planned cell in the first 60 weeks, and two baselines of the
    plan; through the services, as the pages would."""
    from detail_project.models import PekerjaanTahapan
    from detail_project.selectors.plans import generated_tahapan
    from detail_project.services.baseline import baseline_create
    from detail_project.services.jadwal_save import CellChange
    from detail_project.services.realisasi import realisasi_save

    weeks = [row.pk for row in generated_tahapan(project)][:60]
    cells = PekerjaanTahapan.objects.filter(tahapan_id__in=weeks).values_list(
        "pekerjaan_id", "tahapan_id", "proporsi_volume"
    )
    changes = [CellChange(p, t, int(v * 80)) for p, t, v in cells if int(v * 80)]
    first = baseline_create(project=project, user=owner, nama="Kontrak", jenis="kontrak")
    second = baseline_create(project=project, user=owner, nama="MC-0", jenis="mc0")
    result = realisasi_save(
        project=project,
        user=owner,
        version=version,
        changes=changes,
        today=project.tanggal_selesai,
    )
    return len(changes), [first.pk, second.pk], result.version


def ten_thousand_changes(project) -> tuple[list[dict], list[dict]]:
    """On 100 pekerjaan: lower each planned cell by 0.01 and plan 0.01 in its empty weeks
    (10,000 changed cells at 52 planned + 48 empty weeks); `backward` puts it all back,
    removals included."""
    tahapan = list(project.tahapan.order_by("urutan").values_list("pk", flat=True))
    by_pekerjaan: dict[int, dict[int, int]] = defaultdict(dict)
    for (p, t), h in sorted(cell_values(project).items()):
        by_pekerjaan[p][t] = h
    forward, backward = [], []
    for p, planned in list(by_pekerjaan.items())[:100]:
        empty = [t for t in tahapan if t not in planned][: 100 - len(planned)]
        for t, h in planned.items():
            forward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": f"{(h - 1) / 100}"})
            backward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": f"{h / 100}"})
        for t in empty:
            forward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": "0.01"})
            backward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": 0})
    return forward, backward


def bench_size(size: int, args: argparse.Namespace, owner) -> tuple[list[Row], list[str]]:
    from detail_project.demo import generate_large_project
    from detail_project.demo_schedule import fill_schedule

    project = generate_large_project(
        owner=owner, pekerjaan=size, start=dt.date(2026, 1, 5), days=728, seed=size
    )
    filled = fill_schedule(project=project, user=owner, mode="weekly", fill=0.5, seed=size)
    api = Api(project.pk, owner)
    rows: list[Row] = []
    checks: list[str] = []

    answer, samples, queries = api.repeat(lambda: api.get("jadwal/"), args.repeat)
    kib = len(answer.content) / 1024
    rows.append(Row(f"`GET jadwal/` ({filled:,} cells, {kib:,.0f} KiB)", samples, queries))

    # --- 10,000 changed cells, with the version read; then the same save changing nothing.
    forward, backward = ten_thousand_changes(project)
    assert len(forward) == 10_000, f"only {len(forward)} cells to change"
    version = answer.json()["version"]
    before = cell_values(project)
    samples, saves = [], args.repeat + args.repeat % 2  # even: ends with everything put back
    for index in range(saves):
        changes = forward if index % 2 == 0 else backward
        answer, ms, queries = timed(
            lambda changes=changes, version=version: api.post(
                "jadwal/save/", {"version": version, "changes": changes}
            )
        )
        body = answer.json()
        counted = body["saved"] + body["removed"]
        assert counted == len(changes), f"the save counted {counted} changed cells"
        assert body["version"] == version + 1, (version, body["version"])
        version = body["version"]
        samples.append(ms)
        if index == 0:
            after = cell_values(project)
            moved = sum(
                1 for cell in before.keys() | after.keys() if before.get(cell) != after.get(cell)
            )
            assert moved == len(forward), f"{moved} cells changed in the database"
            checks.append(
                f"save: the database differs in exactly {moved:,} cells after the first save; "
                f"every answer counted {len(forward):,} (saved + removed), version +1 each"
            )
    rows.append(Row(f"`POST jadwal/save/` ({len(forward):,} cells changed)", samples, queries))
    assert cell_values(project) == before, "forward + backward did not restore the cells"

    def unchanged_save(version: int = version):
        answer = api.post("jadwal/save/", {"version": version, "changes": backward})
        body = answer.json()
        assert (body["saved"], body["removed"], body["version"]) == (0, 0, version), body
        return answer

    _, samples, queries = api.repeat(unchanged_save, args.repeat)
    rows.append(Row("`POST jadwal/save/` (same 10,000 cells, nothing changes)", samples, queries))

    # --- Kurva S
    for scale in (None, "monthly", "daily"):
        path = "kurva-s/" + (f"?scale={scale}" if scale else "")
        answer, samples, queries = api.repeat(lambda path=path: api.get(path), args.repeat)
        body = answer.json()
        kib = len(answer.content) / 1024
        label = f"`GET kurva-s/{'?scale=' + scale if scale else ''}`"
        note = f"{body['scale']}, {len(body['periods'])} periods, {kib:,.0f} KiB"
        last = body["periods"][-1]["rencana_kumulatif"]
        assert abs(last - 100) < 1e-9, f"Kurva S ends at {last}"
        rows.append(Row(label, samples, queries, note))

    # --- progress: realisasi for the first 60 weeks (80 % of each planned cell), two baselines
    realisasi_rows, baseline_ids, version = seed_progress(project, owner, version)
    answer, samples, queries = api.repeat(lambda: api.get("realisasi/"), args.repeat)
    rows.append(
        Row("`GET realisasi/`", samples, queries, f"{len(answer.json()['assignments']):,} cells")
    )
    answer, samples, queries = api.repeat(lambda: api.get("jadwal/"), args.repeat)
    rows.append(Row("`GET jadwal/` with realisasi", samples, queries))
    query = "&".join(f"baseline={pk}" for pk in baseline_ids)
    path = f"kurva-s/?{query}"
    answer, ms, queries = timed(lambda: api.get(path))
    rows.append(
        Row("`GET kurva-s/` realisasi + 2 baselines, first (curves computed)", [ms], queries)
    )
    answer, samples, queries = api.repeat(lambda: api.get(path), args.repeat)
    body = answer.json()
    reported = sum(1 for p in body["periods"] if p["status"])
    assert reported == 60, f"{reported} periods reported"
    assert len(body["baselines"]) == 2
    rows.append(
        Row(
            "`GET kurva-s/` realisasi + 2 baselines",
            samples,
            queries,
            f"{reported} periods reported, {realisasi_rows:,} realisasi cells; baseline curves "
            "cached (a baseline never changes)",
        )
    )

    # --- the chain, each step timed; lossless checked cell by cell after each chain
    weekly = dated_cells(project)
    steps: dict[str, Row] = {}
    previous = "weekly"
    failures = 0
    for _ in range(args.switch_repeat):
        for mode in CHAIN:
            answer, ms, queries = timed(
                lambda mode=mode, version=version: api.post(
                    "regenerate-tahapan/", {"mode": mode, "version": version}
                )
            )
            body = answer.json()
            version = body["version"]
            name = f"switch {previous} → {mode}"
            row = steps.setdefault(name, Row(name, [], queries))
            row.samples.append(ms)
            row.queries = queries
            row.note = (
                f"{body['tahapan_created']:,} tahapan, "
                f"{body['converted_assignments']:,} cells written"
            )
            previous = mode
        now = dated_cells(project)
        if now != weekly:
            failures += 1
            differing = sum(
                1 for key in weekly.keys() | now.keys() if weekly.get(key) != now.get(key)
            )
            checks.append(f"lossless: FAIL — {differing:,} weekly cells differ after a chain")
    rows.extend(steps.values())
    checks.append(
        f"lossless weekly → daily → monthly → weekly: {'PASS' if not failures else 'FAIL'} — "
        f"{len(weekly):,} weekly cells compared one by one (pekerjaan, dates, value) after each "
        f"chain: identical after {args.switch_repeat - failures} of {args.switch_repeat}"
    )
    if args.breakdown:
        checks.extend(["", *breakdown(api, project, version, args.switch_repeat)])
    return rows, checks


# --- where the time goes -----------------------------------------------------------------------

SWITCH = "detail_project.services.jadwal_switch"
SAVE = "detail_project.services.jadwal_save"
READS = "detail_project.selectors.jadwal"
KURVA = "detail_project.selectors.kurva_s"
ENGINE = "detail_project.scheduling"
# (module, attribute, label): functions timed from outside by wrapping them (the app is not
# changed). A call inside another timed one counts in the outer one.
SWITCH_PHASES = [
    (SWITCH, "generated_tahapan", "read the generated tahapan"),
    (SWITCH, "repair_mismatched_plans", "plans vs cells check (plan_mismatches)"),
    (SWITCH, "_clamp_plans", "clamp plans to the dates (loads every plan)"),
    (SWITCH, "plans_load", "load + decode every day plan"),
    (ENGINE, "plan_project", "project every plan (plan_project)"),
    (SWITCH, "_create_generated_tahapan", "create the new tahapan (labels + INSERT)"),
    (SWITCH, "cells_insert", "write the cells (format + INSERT / COPY)"),
    (READS, "tahapan_summary", "the answer's tahapan summary"),
]
REQUEST_PHASES = [
    (READS, "rab_tree", "RAB tree"),
    (READS, "_assignments_json", "assignments as JSON (built by the database)"),
    (READS, "plan_mismatches", "plans vs cells check (plan_mismatches)"),
    (KURVA, "plan_mismatches", "plans vs cells check (plan_mismatches)"),
    (KURVA, "plans_load", "load + decode every day plan"),
    (KURVA, "project_jumlah", "jumlah harga per pekerjaan"),
    (ENGINE, "build_axis", "project the plans onto the axis (build_axis)"),
    (ENGINE, "integer_costs", "integer costs"),
    (ENGINE, "kurva_s", "Kurva S (kurva_s)"),
    (ENGINE, "gantt_runs", "Gantt runs"),
    (SAVE, "plans_load", "load + decode every day plan"),
    (ENGINE, "plan_set_cells", "re-weight the days (plan_set_cells)"),
    (SAVE, "plans_store", "store the day plans"),
    (SAVE, "cells_delete", "delete cells"),
    (SAVE, "cells_upsert", "upsert cells"),
    (READS, "jadwal_changes_since", "updated_elsewhere / reload"),
]
TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def sql_label(sql: str) -> str:
    """'DELETE detail_project_pekerjaan_tahapan': the verb and the first table named."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    table = TABLE.search(sql)
    return f"{verb} {table.group(1) if table else ''}".strip()


@dataclass
class Clock:
    """Per timed phase its Python and database milliseconds; database time outside any
    phase by statement; COPY (PostgreSQL) and COMMIT apart."""

    python: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    database: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    loose: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    commit: float = 0.0
    running: str | None = None
    waited: float = 0.0  # database time inside the running phase

    @contextmanager
    def phase(self, label: str) -> Iterator[None]:
        if self.running is not None:  # nested: part of the outer phase
            yield
            return
        self.running, self.waited = label, 0.0
        began = time.perf_counter()
        try:
            yield
        finally:
            self.python[label] += (time.perf_counter() - began) * 1000 - self.waited
            self.database[label] += self.waited
            self.running = None

    def spent(self, statement: str, ms: float) -> None:
        if self.running is None:
            self.loose[statement] += ms
        else:
            self.waited += ms

    @property
    def total(self) -> float:
        return (
            sum(self.python.values())
            + sum(self.database.values())
            + sum(self.loose.values())
            + self.commit
        )


@contextmanager
def instrumented(clock: Clock, phases: list[tuple[str, str, str]]) -> Iterator[None]:
    """Time the phases, every SQL statement, PostgreSQL's COPY and the commit."""
    import importlib

    import psycopg
    from django.db import connection

    restore: list[tuple[Any, str, Any]] = []
    for module_name, attribute, label in phases:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)

        def wrapper(*args: Any, __original=original, __label=label, **kwargs: Any) -> Any:
            with clock.phase(__label):
                return __original(*args, **kwargs)

        setattr(module, attribute, wrapper)
        restore.append((module, attribute, original))
    original_copy = psycopg.Cursor.copy

    @contextmanager
    def timed_copy(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        began = time.perf_counter()
        with original_copy(self, *args, **kwargs) as copy:
            yield copy
        clock.spent("COPY detail_project_pekerjaan_tahapan", (time.perf_counter() - began) * 1000)

    original_commit = connection._commit

    def timed_commit() -> None:
        began = time.perf_counter()
        original_commit()
        clock.commit += (time.perf_counter() - began) * 1000

    def observe(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            clock.spent(sql_label(sql), (time.perf_counter() - began) * 1000)

    psycopg.Cursor.copy = timed_copy  # type: ignore[method-assign]
    connection._commit = timed_commit
    try:
        with connection.execute_wrapper(observe):
            yield
    finally:
        for module, attribute, original in restore:
            setattr(module, attribute, original)
        psycopg.Cursor.copy = original_copy  # type: ignore[method-assign]
        del connection._commit


def explain(
    title: str,
    calls: list[tuple[str, Callable[[], Any]]],
    phases: list[tuple[str, str, str]],
    runs: int,
) -> list[str]:
    """`runs` instrumented rounds of the calls (in order), as a table: a column per call,
    "Python / database" milliseconds per phase, then database time outside the phases by
    statement; every figure is the median of the rounds."""
    clocks: dict[str, list[tuple[float, Clock]]] = defaultdict(list)
    for _ in range(runs):
        for name, call in calls:
            clock = Clock()
            with instrumented(clock, phases):
                began = time.perf_counter()
                call()
                clocks[name].append(((time.perf_counter() - began) * 1000, clock))

    def median(name: str, figure: Callable[[float, Clock], float]) -> float:
        return statistics.median(figure(total, clock) for total, clock in clocks[name])

    def line(label: str, figure: Callable[[str], str]) -> str:
        return f"| {label} | " + " | ".join(figure(name) for name, _ in calls) + " |"

    lines = [
        f"{title} (median of {runs} instrumented runs; ms, wall clock; Python / database):",
        "",
        f"| part | {' | '.join(name for name, _ in calls)} |",
        "|---|" + "---:|" * len(calls),
        line("whole request", lambda n: f"**{median(n, lambda t, c: t):,.0f}**"),
    ]
    for label in dict.fromkeys(label for *_, label in phases):
        if not any(label in clock.python for name, _ in calls for _, clock in clocks[name]):
            continue

        def cell(name: str, label: str = label) -> str:
            if not any(label in clock.python for _, clock in clocks[name]):
                return ""
            python = median(name, lambda t, c: c.python.get(label, 0.0))
            database = median(name, lambda t, c: c.database.get(label, 0.0))
            return f"{python:,.0f} / {database:,.0f}"

        lines.append(line(label, cell))
    statements = {label for runs_ in clocks.values() for _, c in runs_ for label in c.loose}
    figures = {
        statement: {
            name: median(name, lambda t, c, s=statement: c.loose.get(s, 0.0)) for name, _ in calls
        }
        for statement in statements
    }
    for statement, values in sorted(figures.items(), key=lambda item: -max(item[1].values())):
        if max(values.values()) >= 2:
            lines.append(line(f"other SQL: {statement}", lambda n, v=values: f"– / {v[n]:,.0f}"))
    lines.append(
        line(
            "COMMIT (PostgreSQL checks deferred FKs here)",
            lambda n: f"– / {median(n, lambda t, c: c.commit):,.0f}",
        )
    )
    lines.append(
        line(
            "everything else (middleware, view, gate, loops, JSON)",
            lambda n: f"{median(n, lambda t, c: t - c.total):,.0f} / –",
        )
    )
    return lines


def breakdown(api: Api, project, version: int, runs: int) -> list[str]:
    """Where the time goes: the reads and a save, then `runs` more switch chains."""
    forward, backward = ten_thousand_changes(project)  # the tahapan are new since the chains

    def save(changes: list[dict]) -> None:
        nonlocal version
        version = api.post("jadwal/save/", {"version": version, "changes": changes}).json()[
            "version"
        ]

    for path in ("jadwal/", "kurva-s/", "kurva-s/?scale=monthly"):  # warm, as in the timings
        api.get(path)
    save(forward)
    save(backward)
    lines = explain(
        "Where the reads and the save spend their time",
        [
            ("`GET jadwal/`", lambda: api.get("jadwal/")),
            ("`GET kurva-s/`", lambda: api.get("kurva-s/")),
            ("`GET kurva-s/?scale=monthly`", lambda: api.get("kurva-s/?scale=monthly")),
            ("save 10,000 cells", lambda: save(forward)),
            ("save them back", lambda: save(backward)),
        ],
        REQUEST_PHASES,
        runs,
    )
    steps = []
    previous = "weekly"
    for mode in CHAIN:

        def switch(mode: str = mode) -> None:
            nonlocal version
            version = api.post("regenerate-tahapan/", {"mode": mode, "version": version}).json()[
                "version"
            ]

        steps.append((f"{previous} → {mode}", switch))
        previous = mode
    return [*lines, "", *explain("Where each switch spends its time", steps, SWITCH_PHASES, runs)]


def cpu_seconds() -> tuple[float, float, float, float]:
    """(wall clock, CPU seconds of the whole machine, of PostgreSQL's processes, of this one)."""
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return time.monotonic(), 0.0, 0.0, time.process_time()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields)
    machine = (user + nice + system + irq + softirq + steal) / ticks
    postgres = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        if raw[raw.index("(") + 1 : raw.rindex(")")] == "postgres":
            parts = raw[raw.rindex(")") + 2 :].split()
            postgres += (int(parts[11]) + int(parts[12])) / ticks
    return time.monotonic(), machine, postgres, time.process_time()


def others_note(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    """How many cores other processes kept busy meanwhile (their work inflates the figures)."""
    wall, machine, postgres, own = (b - a for a, b in zip(before, after, strict=True))
    others = max(0.0, machine - postgres - own) / wall if wall else 0.0
    return (
        f"other processes used {others:.2f} of {os.cpu_count()} cores meanwhile "
        f"(load average now {os.getloadavg()[0]:.1f})"
        + ("  [the machine was shared: figures include the contention]" if others > 0.2 else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=7, help="requests per GET / save row")
    parser.add_argument("--switch-repeat", type=int, default=3, help="chains of switches")
    parser.add_argument("--breakdown", action="store_true", help="profile weekly → daily")
    args = parser.parse_args()
    label = configure(os.environ.get("DATABASE_URL"))
    reset_database()
    from django.contrib.auth import get_user_model
    from django.db import connection

    owner = get_user_model().objects.create_user("bench", password="bench-only-password")
    today = dt.datetime.now(dt.UTC).date()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        server = cursor.fetchone()[0]
    print(
        f"## Schedule API — {label} {server}, {platform.node()} ({os.cpu_count()} CPU), "
        f"Python {platform.python_version()}, {today}"
    )
    print()
    for size in args.sizes:
        before = cpu_seconds()
        rows, checks = bench_size(size, args, owner)
        checks.insert(0, others_note(before, cpu_seconds()))
        print(f"### {size:,} pekerjaan × 104 weekly tahapan")
        print()
        print("| operation | median ms | p95 ms | runs | SQL queries | note |")
        print("|---|---:|---:|---:|---:|---|")
        for row in rows:
            print(
                f"| {row.operation} | {row.median:,.1f} | {row.p95:,.1f} | {len(row.samples)} "
                f"| {row.queries} | {row.note} |"
            )
        print()
        for check in checks:
            print(check)
        print()


if __name__ == "__main__":
    main()
