"""Server-side benchmark of the schedule API (SPEC §7), in-process through Django's full stack.

    python bench/bench_api.py                    # SQLite (a throwaway file)
    DATABASE_URL=postgres://… python bench/bench_api.py
    python bench/bench_api.py --sizes 100 1000 --repeat 7

For 100 and 1,000 pekerjaan × 104 weekly tahapan (a 2-year project, ~50 % of cells filled) it
times `GET jadwal/`, a save of 10,000 changed cells in one request, and the switch
weekly → daily → monthly → weekly, and counts the SQL queries of each. Timings are the request
as the server handles it (middleware, session, view, database), not network or browser time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
        path = Path(tempfile.mkdtemp(prefix="jadwal-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
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
        connection.execute("DROP DATABASE IF EXISTS jadwal_bench")
        connection.execute("CREATE DATABASE jadwal_bench")
    return urlunsplit(parts._replace(path="/jadwal_bench"))


def reset_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - start) * 1000
    return result, elapsed, len(queries)


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):8.1f} {p95:8.1f}"


def bench_size(size: int, repeat: int, owner) -> list[tuple[str, str, int, str]]:
    from django.test import Client

    from detail_project.demo import generate_large_project
    from detail_project.demo_schedule import fill_schedule
    from detail_project.models import PekerjaanTahapan

    project = generate_large_project(
        owner=owner, pekerjaan=size, start=dt.date(2026, 1, 5), days=728, seed=size
    )
    cells = fill_schedule(project=project, user=owner, mode="weekly", fill=0.5, seed=size)
    client = Client()
    client.force_login(owner)
    base = f"/detail_project/api/project/{project.pk}/"
    rows: list[tuple[str, str, int, str]] = []

    def get():
        response = client.get(base + "jadwal/")
        assert response.status_code == 200, response.content[:200]
        return response

    get()
    samples, queries, response = [], 0, None
    for _ in range(repeat):
        response, ms, queries = timed(get)
        samples.append(ms)
    kb = len(response.content) / 1024
    rows.append((f"GET jadwal/ ({cells:,} cells, {kb:,.0f} KiB)", summary(samples), queries, ""))

    # 10,000 changed cells: on 100 pekerjaan, lower each planned cell by 0.01 and plan 0.01 in
    # (up to) 48 empty weeks; the next save puts everything back (removals included).
    tahapan = list(project.tahapan.order_by("urutan").values_list("pk", flat=True))
    by_pekerjaan: dict[int, dict[int, int]] = {}
    for p, t, v in PekerjaanTahapan.objects.filter(tahapan__project=project).values_list(
        "pekerjaan_id", "tahapan_id", "proporsi_volume"
    ):
        by_pekerjaan.setdefault(p, {})[t] = int(v * 100)
    forward, backward = [], []
    for p, planned in list(by_pekerjaan.items())[:100]:
        empty = [t for t in tahapan if t not in planned][: 100 - len(planned)]
        for t, v in planned.items():
            forward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": (v - 1) / 100})
            backward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": v / 100})
        for t in empty:
            forward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": "0.01"})
            backward.append({"pekerjaan_id": p, "tahapan_id": t, "proporsi": 0})
    version = response.json()["version"]
    samples = []
    for index in range(repeat):
        changes = forward if index % 2 == 0 else backward
        body = json.dumps({"version": version, "changes": changes})

        def save(body=body):
            answer = client.post(base + "jadwal/save/", body, content_type="application/json")
            assert answer.status_code == 200, answer.content[:300]
            return answer

        answer, ms, queries = timed(save)
        version = answer.json()["version"]
        samples.append(ms)
    rows.append((f"POST jadwal/save/ ({len(forward):,} cells)", summary(samples), queries, ""))

    def totals():
        result: dict[int, int] = {}
        for p, v in PekerjaanTahapan.objects.filter(tahapan__project=project).values_list(
            "pekerjaan_id", "proporsi_volume"
        ):
            result[p] = result.get(p, 0) + int(v * 100)
        return result

    before = totals()
    previous = "weekly"
    for mode in ("daily", "monthly", "weekly"):
        body = json.dumps({"mode": mode})

        def regenerate(body=body):
            answer = client.post(
                base + "regenerate-tahapan/", body, content_type="application/json"
            )
            assert answer.status_code == 200, answer.content[:300]
            return answer

        answer, ms, queries = timed(regenerate)
        created = answer.json()["converted_assignments"]
        rows.append(
            (f"regenerate {previous} → {mode}", f"{ms:8.1f} {'':>8}", queries, f"{created:,} cells")
        )
        previous = mode
    assert totals() == before, "a pekerjaan total moved during the mode switches"
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    label = configure(os.environ.get("DATABASE_URL"))
    reset_database()
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user("bench", password="bench-only-password")
    today = dt.datetime.now(dt.UTC).date()
    print(f"## Schedule API — {label}, {platform.node()} ({os.cpu_count()} CPU), {today}")
    print()
    for size in args.sizes:
        rows = bench_size(size, args.repeat, owner)
        print(f"### {size:,} pekerjaan × 104 weekly tahapan")
        print()
        print("| operation | median ms | p95 ms | SQL queries | note |")
        print("|---|---:|---:|---:|---|")
        for name, timing, queries, note in rows:
            median, p95 = (timing.split() + [""])[:2]
            print(f"| {name} | {median} | {p95} | {queries} | {note} |")
        print()


if __name__ == "__main__":
    main()
