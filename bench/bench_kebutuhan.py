"""Rekap kebutuhan at scale (SPEC §13: `GET rekap-kebutuhan-enhanced/` for 1,000 AHSP-linked
pekerjaan × 104 weeks in < 500 ms).

    python bench/bench_kebutuhan.py                     # SQLite (a throwaway file)
    DATABASE_URL=postgres://… python bench/bench_kebutuhan.py
    python bench/bench_kebutuhan.py --sizes 100 1000 --repeat 5

For each size: a generated project over two years (`generate_large_project`), half its weekly
cells planned (`fill_schedule`), every pekerjaan linked to one of 40 real analyses of the
shipped SNI 2025 library (loaded first) and every item priced; then the endpoint is called
through the full Django stack (the test client, logged in) weekly, monthly and filtered by
kategori, and the harga dasar of one common item is changed (repricing every pekerjaan that
uses it). Medians; prints a Markdown table, writes nothing else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_api import Row, configure, cpu_seconds, others_note, reset_database, timed  # noqa: E402

TARGET_MS = 500
ANALYSES = 40


def link_all(project, owner) -> int:
    from ahsp.models import AhspAnalisis
    from detail_project.models import HargaDasar, Pekerjaan
    from detail_project.services import ahsp_pricing
    from detail_project.services.gate import jadwal_write

    analyses = list(
        AhspAnalisis.objects.filter(lengkap=True, kode__startswith="2.2").order_by("kode")[
            :ANALYSES
        ]
    )
    ids = list(Pekerjaan.objects.filter(project=project).values_list("pk", flat=True))
    with jadwal_write(project=project, user=owner, action="harga_dasar") as write:
        ahsp_pricing.link_many(
            write, {pk: analyses[index % len(analyses)] for index, pk in enumerate(ids)}
        )
    kodes = HargaDasar.objects.filter(project=project).values_list("kode_item", flat=True)
    prices = {kode: Decimal(1000 + 37 * index) for index, kode in enumerate(kodes)}
    ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=prices)
    return len(prices)


def bench_size(size: int, repeat: int, owner) -> list[Row]:
    from django.test import Client

    from detail_project.demo import generate_large_project
    from detail_project.demo_schedule import fill_schedule
    from detail_project.models import HargaDasar, PekerjaanAhspBaris
    from detail_project.services import ahsp_pricing

    project = generate_large_project(
        owner=owner, pekerjaan=size, start=dt.date(2026, 1, 5), days=728, seed=size
    )
    fill_schedule(project=project, user=owner, mode="weekly", fill=0.5, seed=size)
    items = link_all(project, owner)
    lines = PekerjaanAhspBaris.objects.filter(pekerjaan__project=project).count()
    client = Client()
    client.force_login(owner)
    base = f"/detail_project/api/project/{project.pk}/rekap-kebutuhan-enhanced/"
    rows = []
    for label, query in (
        ("rekap kebutuhan weekly", ""),
        ("rekap kebutuhan monthly", "?scale=monthly"),
        ("rekap kebutuhan weekly, bahan only", "?kategori=bahan"),
    ):
        samples = []
        answer = None
        queries = 0
        for _ in range(repeat):
            answer, ms, queries = timed(lambda query=query: client.get(base + query))
            assert answer.status_code == 200, (query, answer.status_code)
            samples.append(ms)
        body = answer.json()
        cells = sum(len(period["items"]) for period in body["data"])
        note = (
            f"{len(answer.content) / 1024:,.0f} KiB, {len(body['data'])} periods, "
            f"{cells:,} item-periods; {items} items, {lines:,} lines"
        )
        rows.append(Row(label, samples, queries, note))
    common = (
        PekerjaanAhspBaris.objects.filter(pekerjaan__project=project)
        .values_list("kode_item", flat=True)
        .first()
    )
    samples = []
    queries = 0
    for step in range(repeat):
        price = Decimal(5000 + step)
        _, ms, queries = timed(
            lambda price=price: ahsp_pricing.harga_dasar_update(
                project=project, user=owner, prices={common: price}
            )
        )
        samples.append(ms)
    assert HargaDasar.objects.get(project=project, kode_item=common).harga == price
    rows.append(Row(f"change one harga dasar ({common}), reprice", samples, queries, ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    label = configure(os.environ.get("DATABASE_URL"))
    reset_database()
    from django.contrib.auth import get_user_model

    from ahsp.services import catalogue_import
    from ahsp.source import parse_ahsp_workbook

    catalogue_import(parse_ahsp_workbook())
    owner = get_user_model().objects.create_user("bench", password="bench-only-password")
    today = dt.datetime.now(dt.UTC).date()
    print(
        f"## Rekap kebutuhan — {label}, {platform.node()} ({os.cpu_count()} CPU), "
        f"Python {platform.python_version()}, {today}"
    )
    print()
    for size in args.sizes:
        before = cpu_seconds()
        rows = bench_size(size, args.repeat, owner)
        print(f"### {size:,} AHSP-linked pekerjaan × 104 weeks (half the cells planned)")
        print()
        print("| operation | median ms | max ms | SQL queries | note |")
        print("|---|---:|---:|---:|---|")
        for row in rows:
            print(
                f"| {row.operation} | {row.median:,.0f} | {max(row.samples):,.0f} "
                f"| {row.queries} | {row.note} |"
            )
        print()
        print(others_note(before, cpu_seconds()))
        weekly = rows[0].median
        verdict = "met" if weekly < TARGET_MS else "MISSED"
        print(f"target (weekly rekap < {TARGET_MS} ms): {verdict}, median {weekly:,.0f} ms")
        print()


if __name__ == "__main__":
    main()
