"""Load test: simulated planners against gunicorn + PostgreSQL, then a nothing-lost audit.

    python bench/bench_load.py                        # 50 planners, 60 s, 4 workers
    python bench/bench_load.py --think 0.5 2          # faster planners
    python bench/bench_load.py --planners 20 --duration 20 --think 0 0   # a closed-loop stress
    python bench/bench_load.py --redis                # the cache in Redis (REDIS_URL)
    python bench/bench_load.py --disjoint 20          # one project, a team of 20, own rows each

Setup: a fresh PostgreSQL database `deploy_load_<pid>` (dropped at the end), `migrate`,
`collectstatic`, one user and one generated project per planner (`generate_large_project`,
100 pekerjaan, one year, weekly, each pekerjaan spread by `fill_schedule`), plus one project
shared by `--shared` planners. That project is owned by the user `shared`, who takes no part in
the load, and edited by `--shared` other users, members of its team added by the owner through
the team service (`member_add`): `--pengawas` pengawas (default one from 2 members), `--pembaca`
pembaca (default one from 4 members) and the rest penyunting. Every penyunting and pengawas has
its own disjoint set of rows. The shared project began 26 weeks before today's week, so that
about half its weekly periods have started and can take realisasi. `--disjoint N` is the
shared project alone: N members, no project of their own, no switches. gunicorn runs with
gunicorn.conf.py and production settings on 127.0.0.1 (plain http on loopback: no HTTPS
redirect, cookies not Secure; everything else as in production).

Each planner logs in through the login form, checks its peran in the team list (GET anggota/,
before the measured window) and opens the grid data (GET jadwal/), then repeats: think, rewrite
one of its own pekerjaan over 20 consecutive tahapan (total kept at 100 %, other cells of the
row removed), and save with the version it holds (required). The save's answer keeps the
planner current without re-reading: its own cells, the cells of every pekerjaan someone else
changed since its version (`updated_elsewhere`, and the realisasi in `realisasi_elsewhere`) and
the new version; it re-reads only when the answer says `reload` (the columns changed) or on a
409 (someone changed the same pekerjaan: re-read and retry). `--reread` re-reads before every
edit instead, as the old client did. Now and then a planner with its own project switches the
time scale (weekly <-> monthly) and re-reads.

In the shared project a penyunting does exactly that on its rows. A pengawas records realisasi
instead (POST realisasi/save/): one of its rows rewritten over up to 20 consecutive periods that
have started (20-100 % in all, the row's other realisasi cells removed), kept current from the
answers the same way (`updated_elsewhere` for the realisasi, `plan_elsewhere` for the plan). A
pembaca only reads, GET jadwal/ or GET kurva-s/ after each pause; any answer but 200 to a read
is an error. Once, at a random moment of the first half of the run, every member tries one
write its peran does not allow: a pengawas a plan save of its rows, a pembaca a realisasi save,
a penyunting making itself pemilik (POST anggota/). Each must be answered 403 with a JSON
refusal (`{"ok": false, "error": ...}`): these are expected 403s, anything else is an error.

Afterwards: every row's last accepted plan save and realisasi save are compared with the
database; each project's schedule version must have moved by exactly the number of accepted
writes that changed something (plan saves, realisasi saves and switches all go through the one
write gate, which moves the version once per write that changed something; a save that changes
nothing keeps it), and the audit rows written during the run (`JadwalLog`) must be exactly those
writes, per project, user and action. The refused writes must have left nothing: the team as
seeded, the plan of the pengawas rows as seeded, no realisasi outside the pengawas rows, no
audit row for an action its writer's peran does not allow. Then each planner makes one last
save with no changes (a pembaca re-reads) and applies its answer, after which its copy of the
whole grid, plan and realisasi, must equal the database (the catch-up answers lose nothing).

Reported: requests/s, p50/p95/p99/max per endpoint as the client saw them and as gunicorn
logged them, errors (anything but 200, the expected 409s and the expected 403s), 409s and
retries, saves accepted per planner and per peran, the expected 403s, the pembaca's reads and
the planners that never saved. Exit status 1 when a request failed unexpectedly, a save is
missing from the database, a refused write left a trace or a planner's copy went wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "load-test-planner"  # noqa: S105 - throwaway users in a throwaway database
SHARED_OWNER = "shared"  # owns the shared project, takes no part in the load
# The values of dashboard.models.Peran (not imported: Django is set up only in seed()).
PEMILIK, PENYUNTING, PENGAWAS, PEMBACA = "pemilik", "penyunting", "pengawas", "pembaca"
PLAN, REALISASI = "plan", "realisasi"  # the two layers a planner saves
SAVE_URL = {PLAN: "jadwal/save/", REALISASI: "realisasi/save/"}
LOGGED_ACTION = {PLAN: "save", REALISASI: "realisasi_save"}  # JadwalLog.Action of each save
REFUSED = "refused write (403)"  # the one write each member's peran does not allow
ENDPOINTS = (
    "login",
    "GET jadwal/",
    "GET kurva-s/",
    "POST jadwal/save/",
    "POST realisasi/save/",
    "POST regenerate-tahapan/",
    REFUSED,
)


# --- setup ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--planners", type=int, default=50)
    parser.add_argument(
        "--shared", type=int, default=6, help="Members of the one shared project's team."
    )
    parser.add_argument(
        "--disjoint",
        type=int,
        metavar="N",
        help="Only the shared project: N members, each saving its own rows (no switches).",
    )
    parser.add_argument(
        "--pengawas",
        type=int,
        help="Shared-project members recording realisasi (default 1 from 2 members, else 0).",
    )
    parser.add_argument(
        "--pembaca",
        type=int,
        help="Shared-project members who only read (default 1 from 4 members, else 0).",
    )
    parser.add_argument(
        "--reread", action="store_true", help="Re-read the grid before every edit (old client)."
    )
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of load.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers.")
    parser.add_argument("--pekerjaan", type=int, default=100, help="Per generated project.")
    parser.add_argument("--cells", type=int, default=20, help="Cells edited per save.")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 4.0),
        metavar=("MIN", "MAX"),
        help="Seconds a planner pauses between actions (default 1 4).",
    )
    parser.add_argument("--switch-every", type=float, default=20.0, help="Min s between switches.")
    parser.add_argument("--port", type=int, default=8460)
    parser.add_argument(
        "--pg",
        default=os.environ.get("DEPLOY_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="An existing PostgreSQL database to connect to (the load database is created "
        "beside it).",
    )
    parser.add_argument("--redis", action="store_true", help="Cache in Redis (REDIS_URL).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    if args.disjoint is not None:
        if args.disjoint < 1:
            parser.error("--disjoint needs at least one planner")
        args.planners = args.shared = args.disjoint
    elif not 0 <= args.shared < args.planners:
        parser.error("--shared must be at least 0 and fewer than --planners")
    members = args.shared
    if args.pengawas is None:
        args.pengawas = 1 if members >= 2 else 0
    if args.pembaca is None:
        args.pembaca = 1 if members >= 4 else 0
    if members and not (0 <= args.pengawas and 0 <= args.pembaca < members - args.pengawas):
        parser.error("--pengawas and --pembaca must leave at least one penyunting")
    if not members:
        args.pengawas = args.pembaca = 0
    return args


def create_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production_env(database_url: str, work: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "GUNICORN_", "SENTRY_"))
    }
    env.update(
        ENV_FILE="",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{args.port}",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(work / "staticfiles"),
        # Plain http on loopback; every other production default stays.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_ACCESS_LOG=str(work / "access.log"),
        DJANGO_LOG_FILE=str(work / "django-error.log"),
    )
    if args.redis:
        env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
        env["CACHE_KEY_PREFIX"] = f"deploy_load_{os.getpid()}"
    else:
        env.pop("REDIS_URL", None)
    return env


@dataclass
class Plan:
    username: str
    project_id: int
    # The pekerjaan this planner edits (a pembaca edits none: where its refused write aims).
    rows: list[int]
    peran: str  # in the project: pemilik of its own, or its peran in the shared one's team
    may_switch: bool


def team_of(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(username, peran) of the shared project's members: penyunting, pengawas, pembaca."""
    penyunting = args.shared - args.pengawas - args.pembaca
    return [
        *((f"penyunting{k:02d}", PENYUNTING) for k in range(penyunting)),
        *((f"pengawas{k:02d}", PENGAWAS) for k in range(args.pengawas)),
        *((f"pembaca{k:02d}", PEMBACA) for k in range(args.pembaca)),
    ]


def seed(args: argparse.Namespace) -> list[Plan]:
    """Users, projects and the shared project's team, written in-process through the app's
    own services."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from detail_project.demo import generate_large_project
    from detail_project.demo_schedule import fill_schedule
    from detail_project.models import Pekerjaan
    from detail_project.services.team import member_add

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    user_model = get_user_model()
    password = make_password(PASSWORD)  # hashed once: 50 users need not cost 50 hashes
    solo = args.planners - args.shared
    owners = [f"planner{index:02d}" for index in range(solo)]
    team = team_of(args) if args.shared else []
    if args.shared:
        owners.append(SHARED_OWNER)
    user_model.objects.bulk_create(
        user_model(username=name, password=password, email=f"{name}@example.com")
        for name in [*owners, *(username for username, _ in team)]
    )
    plans: list[Plan] = []
    start = dt.date(2026, 1, 5)
    # The shared project is under way whatever the day: realisasi needs periods that started
    # (today in the site's time zone, as the server's clock says).
    today = timezone.localdate()
    shared_start = today - dt.timedelta(days=today.weekday() + 7 * 26)
    for index, name in enumerate(owners):
        owner = user_model.objects.get(username=name)
        project = generate_large_project(
            owner=owner,
            pekerjaan=args.pekerjaan,
            klasifikasi=4,
            subs_per_klasifikasi=3,
            seed=args.seed + index,
            start=shared_start if name == SHARED_OWNER else start,
            days=364,
            name=f"Load test {name}",
        )
        fill_schedule(project=project, user=owner, mode="weekly", fill=0.3, seed=args.seed + index)
        rows = list(
            Pekerjaan.objects.filter(project=project).order_by("id").values_list("id", flat=True)
        )
        if name != SHARED_OWNER:
            plans.append(Plan(name, project.pk, rows, PEMILIK, may_switch=True))
            continue
        for username, peran in team:
            member_add(project=project, by=owner, username=username, peran=peran)
        editors = [(username, peran) for username, peran in team if peran != PEMBACA]
        plans.extend(
            Plan(username, project.pk, rows[k :: len(editors)], peran, may_switch=False)
            for k, (username, peran) in enumerate(editors)
        )
        # A pembaca's refused realisasi save aims at the first penyunting's rows, where nobody
        # records realisasi: had it gone through, the audit would see it there.
        plans.extend(
            Plan(username, project.pk, rows[0 :: len(editors)], peran, may_switch=False)
            for username, peran in team
            if peran == PEMBACA
        )
    return plans


def port_in_use(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start_gunicorn(env: dict[str, str], work: Path) -> subprocess.Popen:
    log = (work / "gunicorn.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_ready(process: subprocess.Popen, work: Path, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {(work / 'gunicorn.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:  # refused, reset or timed out while the workers start
            time.sleep(0.2)
    raise SystemExit("gunicorn did not become ready within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the planners -----------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    gave_up: int = 0
    reads: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # why a planner read
    caught_up: int = 0  # pekerjaan rows taken from `updated_elsewhere` instead of a re-read
    caught_up_realisasi: int = 0  # the same for the realisasi
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # 403s, per peran
    client_cpu: float = 0.0  # CPU cores this process used while driving the load

    def record(self, endpoint: str, status: int, seconds: float) -> None:
        self.latencies[endpoint].append(seconds * 1000)
        self.statuses[endpoint][status] += 1


@dataclass
class Ledger:
    """What the server accepted, to compare with the database afterwards."""

    rows: dict[tuple[int, int], dict[int, int]] = field(default_factory=dict)  # the plan
    realisasi: dict[tuple[int, int], dict[int, int]] = field(default_factory=dict)
    writes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    # The audit rows these writes must have left: (project, username, JadwalLog action).
    logged: Counter[tuple[int, str, str]] = field(default_factory=Counter)
    saves: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # per layer
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # keep the version
    switches: int = 0

    def saved(
        self,
        username: str,
        project_id: int,
        pekerjaan_id: int,
        cells: dict[int, int],
        *,
        changed: bool,
        layer: str,
    ) -> None:
        (self.rows if layer == PLAN else self.realisasi)[(project_id, pekerjaan_id)] = cells
        self.saves[layer] += 1
        if changed:
            self.writes[project_id] += 1
            self.logged[(project_id, username, LOGGED_ACTION[layer])] += 1
        else:
            self.unchanged[layer] += 1

    def switched(self, username: str, project_id: int) -> None:
        # The switch gives the cells new tahapan: only saves after it can be compared by id.
        for key in [key for key in self.rows if key[0] == project_id]:
            del self.rows[key]
        self.writes[project_id] += 1
        self.logged[(project_id, username, "regenerate")] += 1
        self.switches += 1


def hundredths(value: float) -> int:
    return round(value * 100)


def percent(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def row_changes(
    pekerjaan_id: int, cells: dict[int, int], current: dict[int, int]
) -> list[dict[str, Any]]:
    """The save's changes that make one row exactly `cells` (hundredths per tahapan): the new
    values, and 0 for each cell of `current` that is not among them."""
    changes = [
        {"pekerjaan_id": pekerjaan_id, "tahapan_id": t, "proporsi": percent(v)}
        for t, v in cells.items()
    ]
    changes += [
        {"pekerjaan_id": pekerjaan_id, "tahapan_id": t, "proporsi": 0}
        for t in current
        if t not in cells
    ]
    return changes


def spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` positive integers at random."""
    weights = [rng.randint(1, 100) for _ in range(parts)]
    values = [total * weight // sum(weights) for weight in weights]
    values[0] += total - sum(values)
    return values


Cells = dict[int, dict[int, int]]  # pekerjaan -> tahapan -> hundredths


def apply_rows(copy: Cells, rows: dict[str, Any]) -> int:
    """Replace the rows of an `updated_elsewhere`-shaped answer in `copy`; how many."""
    for pekerjaan_id in rows["pekerjaan"]:
        copy[int(pekerjaan_id)] = {}
    for p, t, v in rows["assignments"]:
        copy[int(p)][int(t)] = hundredths(v)
    return len(rows["pekerjaan"])


class Planner:
    """One person at the grid: its own copy of the schedule, kept current from save answers."""

    def __init__(self, plan: Plan, base: str, stats: Stats, ledger: Ledger, rng, args) -> None:
        import httpx

        self.plan = plan
        self.name = plan.username
        self.peran = plan.peran
        self.stats = stats
        self.ledger = ledger
        self.rng = rng
        self.args = args
        self.api = f"/detail_project/api/project/{plan.project_id}/"
        self.client = httpx.AsyncClient(base_url=base, timeout=60.0)
        self.last_switch = time.monotonic()
        # The planner's copy of the grid: version, mode, columns and cells (hundredths) of the
        # plan and of the realisasi, and the periods that have started (realisasi takes those).
        self.version: int | None = None
        self.mode = ""
        self.tahapan: list[int] = []
        self.started: list[int] = []
        self.cells: Cells = defaultdict(dict)
        self.realisasi: Cells = defaultdict(dict)
        self.attempts = 0  # saves answered 200 or 409
        self.accepted = 0
        self.conflicts = 0
        self.looks: dict[str, int] = defaultdict(int)  # a pembaca's reads, per endpoint
        self.refused_reads = 0  # reads answered 403: never expected
        self.refuse_at: float | None = None  # when to try the write its peran does not allow
        self.refused = 0  # that write, answered 403 as it should be

    async def request(self, endpoint: str, method: str, url: str, **kwargs: Any):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            self.stats.record(endpoint, 0, time.perf_counter() - started)
            self.stats.errors.append(f"{endpoint}: {type(exc).__name__}: {exc}")
            return None
        self.stats.record(endpoint, response.status_code, time.perf_counter() - started)
        if method == "GET" and response.status_code == 403:
            self.refused_reads += 1
        return response

    def unexpected(self, endpoint: str, response) -> None:
        if response is not None:
            self.stats.errors.append(
                f"{endpoint} ({self.name}, {self.peran}): {response.status_code} "
                f"{response.text[:200]}"
            )

    async def login(self) -> bool:
        """Log in, then check the team list names this planner's peran (not timed)."""
        page = await self.client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or token is None:
            self.stats.errors.append(f"login page: {page.status_code}")
            return False
        response = await self.request(
            "login",
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": self.plan.username,
                "password": PASSWORD,
            },
        )
        if response is None or response.status_code != 302:
            self.unexpected("login", response)
            return False
        team = await self.client.get(self.api + "anggota/")
        peran = team.json().get("peran") if team.status_code == 200 else None
        if peran != self.peran:
            self.stats.errors.append(
                f"GET anggota/ ({self.name}): {team.status_code}, peran {peran!r}, "
                f"expected {self.peran!r}"
            )
            return False
        return True

    def headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    async def read(self, why: str) -> bool:
        """Replace the whole copy with GET jadwal/ (`why` is counted)."""
        self.stats.reads[why] += 1
        response = await self.request("GET jadwal/", "GET", self.api + "jadwal/")
        if response is None or response.status_code != 200:
            self.unexpected("GET jadwal/", response)
            return False
        data = response.json()
        self.version = data["version"]
        self.mode = data["mode"]
        self.tahapan = [t["id"] for t in data["tahapan"]]
        today = dt.date.fromisoformat(data["today"])
        periods = sorted(
            (dt.date.fromisoformat(t["tanggal_mulai"]), t["id"])
            for t in data["tahapan"]
            if t["is_auto_generated"] and t["tanggal_mulai"]
        )
        self.started = [pk for start, pk in periods if start <= today]
        self.cells = defaultdict(dict)
        for p, t, v in data["assignments"]:
            self.cells[int(p)][int(t)] = hundredths(v)
        self.realisasi = defaultdict(dict)
        for p, t, v in data["realisasi"]:
            self.realisasi[int(p)][int(t)] = hundredths(v)
        return True

    def catch_up(self, answer: dict[str, Any], layer: str) -> None:
        """Apply a save's answer: the rows others changed since my version, of the plan and
        of the realisasi (each save names the other layer's differently), then its version."""
        if layer == PLAN:
            plan, realisasi = answer["updated_elsewhere"], answer["realisasi_elsewhere"]
        else:
            plan, realisasi = answer["plan_elsewhere"], answer["updated_elsewhere"]
        self.stats.caught_up += apply_rows(self.cells, plan)
        self.stats.caught_up_realisasi += apply_rows(self.realisasi, realisasi)
        self.version = answer["version"]

    def edit(self) -> tuple[int, dict[int, int], list[dict[str, Any]]]:
        """One of my rows rewritten over `--cells` consecutive tahapan (100 % in all)."""
        pekerjaan_id = self.rng.choice(self.plan.rows)
        current = self.cells.get(pekerjaan_id, {})
        span = min(self.args.cells, len(self.tahapan))
        first = self.rng.randrange(0, len(self.tahapan) - span + 1)
        cells = dict(
            zip(self.tahapan[first : first + span], spread(10_000, span, self.rng), strict=True)
        )
        return pekerjaan_id, cells, row_changes(pekerjaan_id, cells, current)

    def edit_realisasi(self) -> tuple[int, dict[int, int], list[dict[str, Any]]] | None:
        """The realisasi of one of my rows rewritten over up to `--cells` consecutive periods
        that have started, 20-100 % in all; None when no period has started."""
        if not self.started:
            return None
        pekerjaan_id = self.rng.choice(self.plan.rows)
        current = self.realisasi.get(pekerjaan_id, {})
        span = min(self.args.cells, len(self.started))
        first = self.rng.randrange(0, len(self.started) - span + 1)
        values = spread(100 * self.rng.randint(20, 100), span, self.rng)
        cells = {t: v for t, v in zip(self.started[first : first + span], values, strict=True) if v}
        return pekerjaan_id, cells, row_changes(pekerjaan_id, cells, current)

    async def save(self, layer: str) -> None:
        endpoint = f"POST {SAVE_URL[layer]}"
        for _attempt in range(10):
            edited = self.edit() if layer == PLAN else self.edit_realisasi()
            if edited is None:
                self.stats.errors.append(f"{endpoint} ({self.name}): no period has started")
                return
            pekerjaan_id, cells, changes = edited
            body = {"version": self.version, "changes": changes}
            response = await self.request(
                endpoint, "POST", self.api + SAVE_URL[layer], json=body, headers=self.headers()
            )
            if response is not None and response.status_code == 200:
                answer = response.json()
                changed = answer["saved"] + answer["removed"] > 0
                self.ledger.saved(
                    self.name,
                    self.plan.project_id,
                    pekerjaan_id,
                    cells,
                    changed=changed,
                    layer=layer,
                )
                self.attempts += 1
                self.accepted += 1
                (self.cells if layer == PLAN else self.realisasi)[pekerjaan_id] = dict(cells)
                if answer["reload"]:  # the columns changed: cells alone cannot catch up
                    await self.read("reload")
                else:
                    self.catch_up(answer, layer)
                return
            if response is not None and response.status_code == 409:
                self.attempts += 1
                self.conflicts += 1
                self.stats.retries += 1
                if not await self.read("409"):
                    return
                continue
            self.unexpected(endpoint, response)
            return
        self.stats.gave_up += 1

    async def refuse(self) -> None:
        """The one write my peran does not allow: it must be answered 403, a JSON refusal."""
        self.refuse_at = None
        if self.peran == PENGAWAS:
            what, url = "plan save", SAVE_URL[PLAN]
            body: dict[str, Any] = {"version": self.version, "changes": self.edit()[2]}
        elif self.peran == PEMBACA:
            what, url = "realisasi save", SAVE_URL[REALISASI]
            edited = self.edit_realisasi()
            body = {"version": self.version, "changes": edited[2] if edited else []}
        else:
            what, url = "making itself pemilik", "anggota/"
            body = {"username": self.name, "peran": PEMILIK}
        response = await self.request(
            REFUSED, "POST", self.api + url + "?expect=403", json=body, headers=self.headers()
        )
        if response is None:
            return
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code == 403 and answer.get("ok") is False and answer.get("error"):
            self.refused += 1
            self.stats.refused[self.peran] += 1
            return
        self.stats.errors.append(
            f"{REFUSED}: {self.name} ({self.peran}, {what}) answered {response.status_code} "
            f"{response.text[:200]}"
        )

    async def look(self) -> None:
        """A pembaca's read: the grid or the Kurva S; neither may be refused."""
        if self.rng.random() < 0.5:
            self.looks["GET jadwal/"] += 1
            await self.read("pembaca")
            return
        self.looks["GET kurva-s/"] += 1
        response = await self.request("GET kurva-s/", "GET", self.api + "kurva-s/")
        if response is None or response.status_code != 200:
            self.unexpected("GET kurva-s/", response)

    async def sync(self) -> bool:
        """After the run: one save without changes, to catch up from its answer (a pembaca,
        who may not save, reads again). Not timed."""
        if self.peran == PEMBACA:
            return await self.read("sync")
        layer = REALISASI if self.peran == PENGAWAS else PLAN
        response = await self.client.post(
            self.api + SAVE_URL[layer] + "?sync=1",
            json={"version": self.version, "changes": []},
            headers=self.headers(),
        )
        if response.status_code == 409:
            return await self.read("sync")
        if response.status_code != 200:
            self.unexpected("sync", response)
            return False
        answer = response.json()
        if answer["reload"]:
            return await self.read("sync")
        self.catch_up(answer, layer)
        return True

    async def think(self) -> None:
        low, high = self.args.think
        if high > 0:
            await asyncio.sleep(self.rng.uniform(low, high))

    async def run(self, deadline: float) -> None:
        # Planners start over the first seconds, as people do.
        await asyncio.sleep(self.rng.uniform(0, min(3.0, self.args.duration / 10)))
        while time.monotonic() < deadline:
            if self.version is None or (self.args.reread and self.peran != PEMBACA):
                if not await self.read("open" if self.version is None else "before edit"):
                    await asyncio.sleep(1)
                    continue
            await self.think()
            if time.monotonic() >= deadline:
                break
            if self.refuse_at is not None and time.monotonic() >= self.refuse_at:
                await self.refuse()
                continue
            if (
                self.plan.may_switch
                and time.monotonic() - self.last_switch > self.args.switch_every
                and self.rng.random() < 0.15
            ):
                await self.switch()
                continue
            if self.peran == PEMBACA:
                await self.look()
            else:
                await self.save(REALISASI if self.peran == PENGAWAS else PLAN)
            await self.think()
        if self.refuse_at is not None and self.version is not None:
            await self.refuse()  # a run too short to reach its moment: still once

    async def switch(self) -> None:
        mode = "monthly" if self.mode == "weekly" else "weekly"
        response = await self.request(
            "POST regenerate-tahapan/",
            "POST",
            self.api + "regenerate-tahapan/",
            json={"mode": mode, "version": self.version},
            headers=self.headers(),
        )
        self.last_switch = time.monotonic()
        if response is not None and response.status_code == 200:
            answer = response.json()
            if answer["tahapan_created"] or answer["tahapan_deleted"]:
                self.ledger.switched(self.name, self.plan.project_id)
        elif response is None or response.status_code != 409:
            self.unexpected("POST regenerate-tahapan/", response)
        await self.read("switch")


async def drive(
    plans: list[Plan], args: argparse.Namespace
) -> tuple[Stats, Ledger, float, list[Planner]]:
    """Log every planner in (PBKDF2 costs ~0.9 s of CPU each: outside the measured window),
    then run them all for `--duration` seconds, then let each catch up once (not timed)."""
    stats, ledger = Stats(), Ledger()
    base = f"http://127.0.0.1:{args.port}"
    planners = [
        Planner(plan, base, stats, ledger, random.Random(args.seed * 1000 + index), args)
        for index, plan in enumerate(plans)
    ]
    try:
        logged_in = await asyncio.gather(*(planner.login() for planner in planners))
        if not all(logged_in):
            return stats, ledger, 0.0, planners
        login = stats.latencies.pop("login")
        login_statuses = stats.statuses.pop("login")
        cpu, started = time.process_time(), time.monotonic()
        for planner in planners:
            planner.last_switch = started
            if planner.peran != PEMILIK:  # a team member: one refused write in the first half
                planner.refuse_at = started + planner.rng.uniform(0, args.duration / 2)
        await asyncio.gather(*(planner.run(started + args.duration) for planner in planners))
        elapsed = time.monotonic() - started
        stats.client_cpu = (time.process_time() - cpu) / elapsed
        stats.latencies["login"] = login
        stats.statuses["login"] = login_statuses
        for planner in planners:
            if planner.version is not None:
                await planner.sync()
        return stats, ledger, elapsed, planners
    finally:
        await asyncio.gather(*(planner.client.aclose() for planner in planners))


# --- CPU accounting (Linux /proc): who used the cores during the run -------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: str) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds) of a process, None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def cpu_snapshot(gunicorn_pid: int) -> dict[str, float]:
    """CPU seconds so far: the whole machine (busy), gunicorn (master and workers), all
    PostgreSQL processes, and this process (the load client)."""
    totals = {"machine": 0.0, "gunicorn": 0.0, "postgres": 0.0, "client": 0.0}
    try:
        cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return totals
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in cpu[:8])
    totals["machine"] = (user + nice + system + irq + softirq + steal) / TICKS
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _proc_stat(entry.name)
        if stat is None:
            continue
        name, parent, seconds = stat
        if int(entry.name) == gunicorn_pid or parent == gunicorn_pid:
            totals["gunicorn"] += seconds
        elif name == "postgres":
            totals["postgres"] += seconds
    totals["client"] = time.process_time()
    return totals


def cpu_share(before: dict[str, float], after: dict[str, float], seconds: float) -> dict:
    used = {key: (after[key] - before[key]) / seconds for key in before}
    used["other"] = max(0.0, used["machine"] - used["gunicorn"] - used["postgres"] - used["client"])
    return used


# --- afterwards -------------------------------------------------------------------------------


@dataclass
class Before:
    """The database as seeded, for the audits."""

    versions: dict[int, int]  # project -> jadwal_version
    last_log: int  # the last JadwalLog id: rows after it were written during the run
    team: set[tuple[int, str, str]]  # (project, username, peran) of every membership
    # The rows no member may change in a layer: the plan of the pengawas rows (nobody plans
    # them), the realisasi of every row but those (nobody records it there), as seeded.
    plan_kept: dict[tuple[int, int], dict[int, int]]
    realisasi_kept: dict[tuple[int, int], dict[int, int]]
    realisasi_rows: set[tuple[int, int]]  # (project, pekerjaan) where a pengawas records


def db_plan(pekerjaan_ids: set[int]) -> dict[tuple[int, int], dict[int, int]]:
    """(project, pekerjaan) -> tahapan -> hundredths, as stored."""
    from detail_project.models import PekerjaanTahapan

    cells: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    rows = PekerjaanTahapan.objects.filter(pekerjaan_id__in=pekerjaan_ids).values_list(
        "tahapan__project_id", "pekerjaan_id", "tahapan_id", "proporsi_volume"
    )
    for project_id, pekerjaan_id, tahapan_id, value in rows:
        cells[(project_id, pekerjaan_id)][tahapan_id] = int(value * 100)
    return cells


def db_realisasi(project_ids: set[int]) -> dict[tuple[int, int], dict[int, int]]:
    """(project, pekerjaan) -> tahapan -> hundredths of the realisasi, as the grid shows it."""
    from dashboard.models import Project
    from detail_project.selectors.realisasi import realisasi_cells

    cells: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for project in Project.objects.filter(pk__in=project_ids):
        for pekerjaan_id, tahapan_id, value in realisasi_cells(project):
            cells[(project.pk, pekerjaan_id)][tahapan_id] = value
    return cells


def memberships() -> set[tuple[int, str, str]]:
    from dashboard.models import Anggota

    return set(Anggota.objects.values_list("project_id", "user__username", "peran"))


def before_run(plans: list[Plan]) -> Before:
    from dashboard.models import Project
    from detail_project.models import JadwalLog, Pekerjaan

    shared = {plan.project_id for plan in plans if plan.peran != PEMILIK}
    realisasi_rows = {
        (plan.project_id, pekerjaan_id)
        for plan in plans
        if plan.peran == PENGAWAS
        for pekerjaan_id in plan.rows
    }
    every_row = set(Pekerjaan.objects.filter(project_id__in=shared).values_list("project_id", "pk"))
    realisasi = db_realisasi(shared)
    return Before(
        versions=dict(Project.objects.values_list("pk", "jadwal_version")),
        last_log=JadwalLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        team=memberships(),
        plan_kept={
            key: cells
            for key, cells in db_plan({p for _, p in realisasi_rows}).items()
            if key in realisasi_rows
        },
        realisasi_kept={key: realisasi.get(key, {}) for key in every_row - realisasi_rows},
        realisasi_rows=realisasi_rows,
    )


def run_logs(before: Before) -> Counter[tuple[int, str, str]]:
    """(project, username, action) of every audit row written during the run."""
    from detail_project.models import JadwalLog

    return Counter(
        JadwalLog.objects.filter(pk__gt=before.last_log).values_list(
            "project_id", "user__username", "action"
        )
    )


def audit(ledger: Ledger, before: Before) -> list[str]:
    """Every accepted save is in the database, and no write was lost or doubled."""
    from dashboard.models import Project

    problems: list[str] = []
    layers = ((PLAN, ledger.rows), (REALISASI, ledger.realisasi))
    plan = db_plan({pekerjaan for _, pekerjaan in ledger.rows})
    realisasi = db_realisasi({project for project, _ in ledger.realisasi})
    for layer, saved in layers:
        in_db = plan if layer == PLAN else realisasi
        for key, expected in saved.items():
            if in_db.get(key, {}) != expected:
                problems.append(
                    f"project {key[0]} pekerjaan {key[1]} ({layer}): saved {expected}, "
                    f"db {in_db.get(key, {})}"
                )
    versions = dict(Project.objects.values_list("pk", "jadwal_version"))
    for project_id, initial in before.versions.items():
        if versions[project_id] - initial != ledger.writes.get(project_id, 0):
            problems.append(
                f"project {project_id}: version moved {versions[project_id] - initial}, "
                f"{ledger.writes.get(project_id, 0)} writes were accepted"
            )
    logs = run_logs(before)
    for key in sorted(logs.keys() | ledger.logged.keys()):
        if logs[key] != ledger.logged[key]:
            problems.append(
                f"project {key[0]}: {logs[key]} audit rows '{key[2]}' by {key[1]}, "
                f"{ledger.logged[key]} such writes were accepted"
            )
    return problems


def refusals_audit(before: Before) -> list[str]:
    """The writes refused with 403 left nothing in the database."""
    from dashboard.access import allows
    from detail_project.services.gate import REQUIRED_ACTION

    problems: list[str] = []
    team = memberships()
    if team != before.team:
        problems.append(
            f"the team changed: now {sorted(team - before.team)}, gone {sorted(before.team - team)}"
        )
    peran = {(project, username): role for project, username, role in before.team}
    for (project, username, action), count in run_logs(before).items():
        role = peran.get((project, username))
        needed = REQUIRED_ACTION.get(action)
        if role is not None and needed is not None and not allows(role, needed):
            problems.append(
                f"project {project}: {count} audit rows '{action}' by {username}, a {role}"
            )
    plan = db_plan({pekerjaan for _, pekerjaan in before.plan_kept})
    moved = sorted(key for key, cells in before.plan_kept.items() if plan.get(key, {}) != cells)
    if moved:
        problems.append(f"the plan of {len(moved)} pengawas rows changed, e.g. {moved[:5]}")
    realisasi = db_realisasi({project for project, _ in before.realisasi_kept})
    moved = sorted(
        key for key, cells in before.realisasi_kept.items() if realisasi.get(key, {}) != cells
    )
    if moved:
        problems.append(f"realisasi changed outside the pengawas rows in {moved[:5]}")
    return problems


def copies_audit(planners: list[Planner]) -> list[str]:
    """After its last catch-up, each planner's copy of the grid, plan and realisasi, equals
    the database."""
    from detail_project.models import Pekerjaan

    problems: list[str] = []
    projects = {planner.plan.project_id for planner in planners}
    every_row = set(Pekerjaan.objects.filter(project_id__in=projects).values_list("pk", flat=True))
    in_db = {PLAN: db_plan(every_row), REALISASI: db_realisasi(projects)}
    for planner in planners:
        for layer, copy in ((PLAN, planner.cells), (REALISASI, planner.realisasi)):
            mine = {p: cells for p, cells in copy.items() if cells}
            theirs = {
                p: cells
                for (project, p), cells in in_db[layer].items()
                if project == planner.plan.project_id and cells
            }
            wrong = sorted(p for p in mine.keys() | theirs.keys() if mine.get(p) != theirs.get(p))
            if wrong:
                problems.append(
                    f"{planner.name} (project {planner.plan.project_id}): its copy of the "
                    f"{layer} differs from the database in {len(wrong)} pekerjaan, "
                    f"e.g. {wrong[:5]}"
                )
    return problems


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def server_times(access_log: Path) -> dict[str, list[float]]:
    pattern = re.compile(r'"(GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) .* (\d+)ms$')
    times: dict[str, list[float]] = defaultdict(list)
    suffixes = ("jadwal/save/", "realisasi/save/", "regenerate-tahapan/", "jadwal/", "kurva-s/")
    for line in access_log.read_text().splitlines():
        match = pattern.search(line)
        if not match:
            continue
        method, path, _, ms = match.groups()
        if path.endswith("?expect=403"):
            times[REFUSED].append(float(ms))
            continue
        for suffix in suffixes:
            if path.endswith(suffix):
                times[f"{method} {suffix}"].append(float(ms))
                break
        else:
            if path.startswith("/accounts/login/") and method == "POST":
                times["login"].append(float(ms))
    return times


def table(stats: Stats, elapsed: float, server: dict[str, list[float]]) -> tuple[str, dict]:
    lines = [
        f"{'endpoint':<26}{'requests':>9}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
        f"{'409':>6}{'403':>6}{'errors':>7}   server p50/p95/p99 (ms)",
    ]
    results: dict[str, Any] = {}
    total = 0
    for endpoint in ENDPOINTS:
        samples = sorted(stats.latencies.get(endpoint, []))
        if not samples:
            continue
        statuses = stats.statuses[endpoint]
        conflicts = statuses.get(409, 0)
        refused = statuses.get(403, 0)
        expected = (403,) if endpoint == REFUSED else (200, 302, 409)
        errors = sum(n for code, n in statuses.items() if code not in expected)
        in_window = endpoint != "login"  # logins happen before the measured window
        total += len(samples) if in_window else 0
        row = {
            "requests": len(samples),
            "rps": len(samples) / elapsed if in_window else None,
            "p50": percentile(samples, 0.50),
            "p95": percentile(samples, 0.95),
            "p99": percentile(samples, 0.99),
            "max": samples[-1],
            "409": conflicts,
            "403": refused,
            "errors": errors,
        }
        on_server = sorted(server.get(endpoint, []))
        if on_server:
            row["server"] = [percentile(on_server, q) for q in (0.5, 0.95, 0.99)]
        results[endpoint] = row
        server_text = "/".join(f"{v:.0f}" for v in row.get("server", []))
        lines.append(
            f"{endpoint:<26}{row['requests']:>9}"
            + (f"{row['rps']:>8.1f}" if in_window else f"{'-':>8}")
            + f"{row['p50']:>8.0f}"
            f"{row['p95']:>8.0f}{row['p99']:>8.0f}{row['max']:>8.0f}{conflicts:>6}{refused:>6}"
            f"{errors:>7}   {server_text}"
        )
    lines.append(f"{'all (measured window)':<26}{total:>9}{total / elapsed:>8.1f}")
    return "\n".join(lines), results


def team_report(planners: list[Planner], stats: Stats, refusals: list[str]) -> tuple[str, dict]:
    """The shared project's team: saves per peran, the pembaca's reads, the expected 403s."""
    members = [planner for planner in planners if planner.peran != PEMILIK]
    if not members:
        return "", {}
    by_peran = {
        peran: [p for p in members if p.peran == peran] for peran in (PENYUNTING, PENGAWAS, PEMBACA)
    }
    lines = [
        f"shared project (owner {SHARED_OWNER!r}, pemilik, not in the load; a team of "
        f"{len(members)}: "
        + ", ".join(f"{len(group)} {peran}" for peran, group in by_peran.items() if group)
        + ", the editors on disjoint rows):"
    ]
    report: dict[str, Any] = {"team": {peran: len(group) for peran, group in by_peran.items()}}
    for peran, what in ((PENYUNTING, "plan saves"), (PENGAWAS, "realisasi saves")):
        group = by_peran[peran]
        if not group:
            continue
        per = sorted(p.accepted for p in group)
        lines.append(
            f"  {peran}: {sum(per)} {what} accepted, {sum(p.conflicts for p in group)} answered "
            f"409, per member min {per[0]} / median {statistics.median(per):g} / max {per[-1]}, "
            f"{sum(1 for n in per if not n)} never saved"
        )
        report[f"{peran}_saves"] = sum(per)
    readers = by_peran[PEMBACA]
    if readers:
        looks: Counter[str] = Counter()
        for reader in readers:
            looks.update(reader.looks)
        refused_reads = sum(p.refused_reads for p in readers)
        lines.append(
            f"  pembaca: {sum(looks.values())} reads ("
            + ", ".join(f"{endpoint} {n}" for endpoint, n in sorted(looks.items()))
            + f"), refused {refused_reads}"
        )
        report["pembaca_reads"] = dict(looks)
        report["pembaca_refused_reads"] = refused_reads
    tried = {
        PENYUNTING: "making itself pemilik",
        PENGAWAS: "plan save",
        PEMBACA: "realisasi save",
    }
    refused = sum(stats.refused.values())
    lines.append(
        f"  expected 403s: {refused} of {len(members)} members' forbidden writes refused ("
        + ", ".join(
            f"{peran} {stats.refused.get(peran, 0)}/{len(group)} {tried[peran]}"
            for peran, group in by_peran.items()
            if group
        )
        + "); none reached the database: "
        + ("OK" if not refusals else f"{len(refusals)} PROBLEMS")
    )
    report["expected_403"] = dict(stats.refused)
    return "\n".join(lines), report


def main() -> int:
    args = parse_args()
    if port_in_use(args.port):
        raise SystemExit(f"port {args.port} on 127.0.0.1 is already in use (--port)")
    name = f"deploy_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="jadwal-load-"))
    database_url = create_database(args.pg, name)
    env = production_env(database_url, work, args)
    os.environ.update(env)
    gunicorn = None
    try:
        began = time.monotonic()
        plans = seed(args)
        before = before_run(plans)
        penyunting = args.shared - args.pengawas - args.pembaca
        print(
            f"seeded {len(before.versions)} projects × {args.pekerjaan} pekerjaan for "
            f"{len(plans)} planners ({args.shared} in the team of one shared project: "
            f"{penyunting} penyunting, {args.pengawas} pengawas, {args.pembaca} pembaca; "
            f"each editor its own rows) in {time.monotonic() - began:.0f} s",
            flush=True,
        )
        from django.db import connections

        connections.close_all()
        gunicorn = start_gunicorn(env, work)
        wait_ready(gunicorn, work, args.port)
        print(
            f"gunicorn: {args.workers} workers on 127.0.0.1:{args.port}; "
            f"{args.planners} planners for {args.duration:.0f} s "
            f"(think {args.think[0]}-{args.think[1]} s)",
            flush=True,
        )
        import logging

        logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
        load_before = os.getloadavg()[0]
        cpu_before, clock = cpu_snapshot(gunicorn.pid), time.monotonic()
        stats, ledger, elapsed, planners = asyncio.run(drive(plans, args))
        cpu = cpu_share(cpu_before, cpu_snapshot(gunicorn.pid), time.monotonic() - clock)
        load_after = os.getloadavg()[0]
        stop(gunicorn)
        gunicorn = None
        problems = audit(ledger, before)
        refusals = refusals_audit(before)
        copies = copies_audit(planners)
        text, results = table(stats, elapsed, server_times(work / "access.log"))
        errors = sum(row["errors"] for row in results.values()) + len(stats.errors)
        save = results.get("POST jadwal/save/", {})
        print()
        print(text)
        print()
        attempts = sum(planner.attempts for planner in planners)
        accepted = ledger.saves[PLAN] + ledger.saves[REALISASI]
        savers = [planner for planner in planners if planner.peran != PEMBACA]
        never = [planner.name for planner in savers if not planner.accepted]
        print(
            f"accepted saves {accepted}: plan {ledger.saves[PLAN]} ({ledger.unchanged[PLAN]} "
            f"changed nothing), realisasi {ledger.saves[REALISASI]} "
            f"({ledger.unchanged[REALISASI]} changed nothing); 409s {stats.retries}, acceptance "
            f"{accepted / attempts if attempts else 0:.1%} of {attempts} answered saves, saves "
            f"given up after 10 tries {stats.gave_up}, mode switches {ledger.switches}; "
            f"planners that never saved: {len(never)} of {len(savers)}"
        )
        team_text, team = team_report(planners, stats, refusals)
        if team_text:
            print(team_text)
        for problem in refusals[:20]:
            print("  " + problem)
        print(
            "grid reads: "
            + ", ".join(f"{why} {count}" for why, count in sorted(stats.reads.items()))
            + f"; rows caught up from save answers: plan {stats.caught_up}, realisasi "
            f"{stats.caught_up_realisasi}"
        )
        print(
            f"CPU cores used while driving the load (logins included), of {os.cpu_count()}: "
            f"machine {cpu['machine']:.2f} = gunicorn {cpu['gunicorn']:.2f} + PostgreSQL "
            f"{cpu['postgres']:.2f} + load client {cpu['client']:.2f} + other processes "
            f"{cpu['other']:.2f}; load average before {load_before:.1f}, after {load_after:.1f}"
            + (
                "  [other work shared the machine: latencies include it]"
                if cpu["other"] > 0.2
                else ""
            )
        )
        print(
            f"nothing lost: {len(ledger.rows)} rows' last accepted plan saves and "
            f"{len(ledger.realisasi)} rows' last realisasi saves compared with the database, "
            f"{len(before.versions)} projects' versions and "
            f"{sum(ledger.logged.values())} audit rows checked: "
            + ("OK" if not problems else f"{len(problems)} PROBLEMS")
        )
        for problem in problems[:20]:
            print("  " + problem)
        print(
            f"clients current: after one last empty save each (a pembaca re-reads), "
            f"{len(planners) - len({c.split(' ')[0] for c in copies})} of {len(planners)} "
            f"planners' copies of the grid (plan and realisasi) equal the database"
        )
        for problem in copies[:20]:
            print("  " + problem)
        for error in stats.errors[:20]:
            print("  error: " + error)
        verdict = "met" if save and save["p95"] < 300 and not errors else "NOT met"
        print(
            f"target (0 unexpected errors, p95 save < 300 ms): {verdict} "
            f"(errors {errors}, p95 save {save.get('p95', float('nan')):.0f} ms)"
        )
        report = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
            "cpus": os.cpu_count(),
            "elapsed_s": elapsed,
            "endpoints": results,
            "accepted_saves": ledger.saves[PLAN],
            "unchanged_saves": ledger.unchanged[PLAN],
            "accepted_realisasi_saves": ledger.saves[REALISASI],
            "unchanged_realisasi_saves": ledger.unchanged[REALISASI],
            "answered_saves": attempts,
            "planners_never_saved": never,
            "accepted_per_planner": {p.name: p.accepted for p in savers},
            "shared_project": team,
            "switches": ledger.switches,
            "retries_409": stats.retries,
            "gave_up": stats.gave_up,
            "reads": dict(stats.reads),
            "caught_up_rows": stats.caught_up,
            "caught_up_realisasi_rows": stats.caught_up_realisasi,
            "stale_copies": copies,
            "client_cpu_cores": stats.client_cpu,
            "load_average_before_after": [load_before, load_after],
            "cpu_cores_used": cpu,
            "errors": errors,
            "lost": problems,
            "refusals_left_traces": refusals,
            "median_all_ms": statistics.median(
                [v for values in stats.latencies.values() for v in values] or [0]
            ),
        }
        target = args.json or ROOT / "bench" / "results" / "load.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, indent=2))
        print(f"results: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        return 1 if problems or refusals or copies or errors else 0
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        drop_database(args.pg, name)
        if args.redis:
            import redis

            client = redis.Redis.from_url(env["REDIS_URL"])
            keys = list(client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*"))
            if keys:
                client.delete(*keys)
        subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    sys.exit(main())
