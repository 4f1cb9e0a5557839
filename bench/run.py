"""Run every benchmark with one command and print one report.

    python bench/run.py                 # engine, API, hostile uploads, documents and rekap
                                        # kebutuhan on SQLite and PostgreSQL, browser render
    python bench/run.py --quick         # fewer repetitions, 100 pekerjaan only for the API
    python bench/run.py --load          # also the 60-second load test and the disjoint one
    python bench/run.py --only api      # one family: engine, api, render, uploads,
                                        # documents, kebutuhan, load
    python bench/run.py --breakdown     # the API benchmark also says where the time goes

PostgreSQL is reached through BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
postgres); each benchmark creates its own throwaway database there and never touches that one.
The report is also written to bench/results/<date>.md (not committed) so that figures can be
copied into docs/PERFORMANCE.md with the machine and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        return False


def run(title: str, args: list[str], env: dict[str, str]) -> str:
    print(f"\n==> {title}", flush=True)
    completed = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = completed.stdout.strip()
    print(output, flush=True)
    if completed.returncode != 0:
        print(completed.stderr[-3000:], file=sys.stderr)
        return f"### {title}\n\n{output}\n\nFAILED (exit {completed.returncode})\n"
    return output + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks.")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--load", action="store_true", help="include the load tests (~4 min)")
    parser.add_argument(
        "--only",
        choices=["engine", "api", "render", "uploads", "documents", "kebutuhan", "load"],
    )
    parser.add_argument(
        "--breakdown", action="store_true", help="API: where the reads, save and switches spend"
    )
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    families = (
        {args.only}
        if args.only
        else {"engine", "api", "render", "uploads", "documents", "kebutuhan"}
    )
    if args.load:
        families.add("load")
    api = ["--sizes", "100", "--repeat", "3"] if args.quick else []
    if args.breakdown:
        api.append("--breakdown")
    today = dt.datetime.now(dt.UTC).date()
    parts = [
        f"# Benchmarks — {today}\n",
        f"Machine: {platform.node()}, {os.cpu_count()} CPU, {platform.machine()}, "
        f"Python {platform.python_version()}, {platform.platform()}\n",
    ]

    if "engine" in families:
        engine = ["--repeat", "3"] if args.quick else []
        parts.append(run("time-phased engine", ["bench/bench_engine.py", *engine], env))
    pg = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    if "api" in families:
        parts.append(run("API on SQLite", ["bench/bench_api.py", *api], env))
        if postgres_reachable(pg):
            parts.append(
                run(
                    "API on PostgreSQL",
                    ["bench/bench_api.py", *api],
                    {**env, "DATABASE_URL": pg},
                )
            )
        else:
            parts.append("### API on PostgreSQL\n\nskipped: PostgreSQL not reachable\n")
    if "render" in families and (BENCH / "bench_render.py").exists():
        if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
            render = ["--sizes", "100", "--runs", "1"] if args.quick else []
            parts.append(run("grid render in Chromium", ["bench/bench_render.py", *render], env))
        else:
            parts.append("### grid render\n\nskipped: chromium not installed\n")
    if "uploads" in families and (BENCH / "bench_uploads.py").exists():
        uploads = ["--seconds", "5"] if args.quick else []
        parts.append(
            run("hostile uploads on SQLite (gunicorn)", ["bench/bench_uploads.py", *uploads], env)
        )
        if postgres_reachable(pg):
            parts.append(
                run(
                    "hostile uploads on PostgreSQL (gunicorn)",
                    ["bench/bench_uploads.py", "--database-url", pg, *uploads],
                    env,
                )
            )
        else:
            parts.append("### hostile uploads on PostgreSQL\n\nskipped: PostgreSQL not reachable\n")
    if "documents" in families:
        documents = ["--repeat", "1", "--sizes", "100"] if args.quick else []
        parts.append(run("documents on SQLite", ["bench/bench_documents.py", *documents], env))
        if postgres_reachable(pg):
            parts.append(
                run(
                    "documents on PostgreSQL",
                    ["bench/bench_documents.py", *documents],
                    {**env, "DATABASE_URL": pg},
                )
            )
        else:
            parts.append("### documents on PostgreSQL\n\nskipped: PostgreSQL not reachable\n")
    if "kebutuhan" in families:
        kebutuhan = ["--repeat", "1", "--sizes", "100"] if args.quick else []
        parts.append(
            run("rekap kebutuhan on SQLite", ["bench/bench_kebutuhan.py", *kebutuhan], env)
        )
        if postgres_reachable(pg):
            parts.append(
                run(
                    "rekap kebutuhan on PostgreSQL",
                    ["bench/bench_kebutuhan.py", *kebutuhan],
                    {**env, "DATABASE_URL": pg},
                )
            )
        else:
            parts.append("### rekap kebutuhan on PostgreSQL\n\nskipped: PostgreSQL not reachable\n")
    if "load" in families and (BENCH / "bench_load.py").exists():
        parts.append(run("load: gunicorn + PostgreSQL", ["bench/bench_load.py", "--pg", pg], env))
        parts.append(
            run(
                "load: 20 planners, disjoint rows of one project",
                ["bench/bench_load.py", "--pg", pg, "--disjoint", "20"],
                env,
            )
        )

    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    target = results / f"{today}.md"
    target.write_text("\n".join(parts))
    print(f"\nReport written to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
