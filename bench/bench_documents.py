"""Document downloads at scale (SPEC §11: a 1,000-pekerjaan × 104-week project in < 5 s).

    python bench/bench_documents.py                     # SQLite (a throwaway file)
    DATABASE_URL=postgres://… python bench/bench_documents.py
    python bench/bench_documents.py --sizes 100 1000 --repeat 3

For each size: a generated project over two years (`generate_large_project`), half its weekly
cells planned (`fill_schedule`), realisasi of 80 % of the plan in the first 60 weeks, then every
document is downloaded through the full Django stack (the test client, logged in), timed as
medians: the time schedule as xlsx, PDF on A3 and A4 and CSV, weekly and monthly; the weekly and
the monthly progress report as PDF and xlsx; the RAB as xlsx and PDF. Each answer must be 200
with the right content type, every PDF must open (pypdf) with its page count reported, every
xlsx must open (openpyxl, read-only). Prints a Markdown table; writes nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_api import Row, configure, cpu_seconds, others_note, reset_database, seed_progress, timed  # noqa: E402

TARGET_MS = 5_000


def documents(project_id: int, weeks: int) -> list[tuple[str, str, str]]:
    """(label, URL, format) of every document of a project."""
    base = f"/detail_project/project/{project_id}/"
    middle = max(weeks // 2, 1)
    items = []
    for scale in ("weekly", "monthly"):
        for fmt, paper in (("xlsx", ""), ("pdf", "A3"), ("pdf", "A4"), ("csv", "")):
            query = f"?scale={scale}" + (f"&paper={paper}" if paper else "")
            label = f"time schedule {scale} {fmt}{' ' + paper if paper else ''}"
            items.append((label, f"{base}jadwal-pekerjaan/export/{fmt}/{query}", fmt))
    for jenis, nomor in (("mingguan", middle), ("bulanan", 6)):
        for fmt in ("pdf", "xlsx"):
            items.append(
                (f"{jenis} report {nomor} {fmt}", f"{base}laporan/{jenis}/{nomor}/{fmt}/", fmt)
            )
    for fmt in ("xlsx", "pdf"):
        items.append((f"RAB {fmt}", f"{base}rab/export/{fmt}/", fmt))
    return items


def check(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        from pypdf import PdfReader

        return f"{len(PdfReader(io.BytesIO(content)).pages)} pages"
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        sheet = book.worksheets[0]
        return f"{sheet.max_row:,} rows × {sheet.max_column} columns"
    lines = content.count(b"\n")
    return f"{lines:,} lines"


def bench_size(size: int, repeat: int, owner) -> list[Row]:
    from django.test import Client

    from detail_project.demo import generate_large_project
    from detail_project.demo_schedule import fill_schedule

    project = generate_large_project(
        owner=owner, pekerjaan=size, start=dt.date(2026, 1, 5), days=728, seed=size
    )
    fill_schedule(project=project, user=owner, mode="weekly", fill=0.5, seed=size)
    project.refresh_from_db()
    seed_progress(project, owner, project.jadwal_version)
    client = Client()
    client.force_login(owner)
    rows = []
    for label, url, fmt in documents(project.pk, 104):
        samples = []
        answer = None
        queries = 0
        for _ in range(repeat):
            answer, ms, queries = timed(lambda url=url: client.get(url))
            assert answer.status_code == 200, (url, answer.status_code)
            samples.append(ms)
        content = answer.content
        note = f"{len(content) / 1024:,.0f} KiB, {check(fmt, content)}"
        rows.append(Row(label, samples, queries, note))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    label = configure(os.environ.get("DATABASE_URL"))
    reset_database()
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.create_user("bench", password="bench-only-password")
    today = dt.datetime.now(dt.UTC).date()
    print(
        f"## Documents — {label}, {platform.node()} ({os.cpu_count()} CPU), "
        f"Python {platform.python_version()}, {today}"
    )
    print()
    for size in args.sizes:
        before = cpu_seconds()
        rows = bench_size(size, args.repeat, owner)
        print(f"### {size:,} pekerjaan × 104 weeks (realisasi in 60 of them)")
        print()
        print("| document | median ms | max ms | SQL queries | note |")
        print("|---|---:|---:|---:|---|")
        slowest = 0.0
        for row in rows:
            slowest = max(slowest, max(row.samples))
            print(
                f"| {row.operation} | {row.median:,.0f} | {max(row.samples):,.0f} "
                f"| {row.queries} | {row.note} |"
            )
        print()
        print(others_note(before, cpu_seconds()))
        verdict = "met" if slowest < TARGET_MS else "MISSED"
        seconds = TARGET_MS / 1000
        print(f"target (every document < {seconds:.0f} s): {verdict}, slowest {slowest:,.0f} ms")
        print()


if __name__ == "__main__":
    main()
