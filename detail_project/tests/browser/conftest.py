"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright for Python.

Every test gets a fresh database (`transactional_db`), a live server, and a page that records
console errors, uncaught exceptions and dialogs; a test fails if any of them happened. Every
browser context a test opens (the `context` fixture's and any a test makes itself) also records
Content-Security-Policy violations, and a test fails if any page of it had one. Chromium
missing: the tests skip on a workstation and fail when the environment variable CI is "true".
See DEVELOPERS.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dashboard.models import Project
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi, TahapPelaksanaan
from detail_project.services import jadwal_save, jadwal_switch

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"

# The sample RAB: (klasifikasi, sub, kode, uraian, satuan, volume, harga satuan).
RAB = [
    ("Pekerjaan Persiapan", "Umum", "A.1", "Pembersihan lokasi", "ls", "1", "5000000"),
    ("Pekerjaan Persiapan", "Umum", "A.2", "Pengukuran dan bouwplank", "m1", "120", "25000"),
    ("Pekerjaan Struktur", "Pondasi", "B.1", "Galian tanah pondasi", "m3", "85.5", "95000"),
    ("Pekerjaan Struktur", "Pondasi", "B.2", "Pondasi batu kali", "m3", "40", "1150000"),
    ("Pekerjaan Struktur", "Beton", "C.1", "Sloof beton 20x30", "m3", "6.2", "4800000"),
    ("Pekerjaan Struktur", "Beton", "C.2", "Kolom beton 30x30", "m3", "8", "5200000"),
    ("Pekerjaan Struktur", "Beton", "C.3", "Balok beton 25x40", "m3", "7.5", "5400000"),
    ("Pekerjaan Struktur", "Beton", "C.4", "Plat lantai t=12 cm", "m3", "12", "4900000"),
]
# Weekly plan by kode: {week index (0-based): percent}. C.1 is half planned, C.2-C.4 not at all.
WEEKLY_PLAN = {
    "A.1": {0: "100"},
    "A.2": {0: "50", 1: "50"},
    "B.1": {1: "40", 2: "60"},
    "B.2": {2: "30", 3: "70"},
    "C.1": {4: "50"},
}
MONTHLY_PLAN = {
    "A.1": {0: "100"},
    "A.2": {0: "100"},
    "B.1": {0: "60", 1: "40"},
    "B.2": {1: "100"},
    "C.1": {1: "50"},
}
XSS = "<img src=x onerror=alert(1)>"
PASSWORD = "a browser test password"

# Runs in every page before its own scripts: each CSP violation is kept in
# window.__cspViolations (tests can read it at any step) and logged as a console error, which
# the context's console listener below collects. Chromium logs its own "Refused to ... because it
# violates the following Content Security Policy directive" as well; both are collected.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = [
    event.effectiveDirective,
    "blocked " + (event.blockedURI || "?"),
    "at " + (event.sourceFile || event.documentURI) + ":" + event.lineNumber,
    event.sample ? "sample " + JSON.stringify(event.sample) : "",
  ].join(" ").trim();
  window.__cspViolations.push(text);
  console.error("Content Security Policy violation: " + text);
}, true);
"""
CSP_MARKER = "Content Security Policy"


def chromium_path() -> str | None:
    configured = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE")
    if configured:
        return configured if Path(configured).exists() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@dataclass
class CspViolations:
    """Content-Security-Policy violations reported by any page of the running test."""

    found: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)

    def expect(self, fragment: str) -> None:
        """A test that provokes a violation on purpose declares it; it must then appear."""
        self.expected.append(fragment)

    def report(self) -> list[str]:
        # Chromium's message and the listener's both report a violation: no one-to-one count.
        unexpected = [t for t in self.found if not any(f in t for f in self.expected)]
        missing = [f for f in self.expected if not any(f in t for t in self.found)]
        return [f"CSP violation: {text}" for text in unexpected] + [
            f"expected CSP violation never reported: {text}" for text in missing
        ]


# The running test's recorder; every watched context reports into whichever test is running.
_CSP_RECORDER: list[CspViolations] = [CspViolations()]


def watch_csp(context) -> None:
    """Record every CSP violation of every page `context` opens (see CSP_LISTENER)."""
    context.add_init_script(CSP_LISTENER)

    def on_console(message):
        if message.type == "error" and CSP_MARKER in message.text:
            location = message.location.get("url", "") if message.location else ""
            _CSP_RECORDER[0].found.append(f"{message.text} ({location})")

    context.on("console", on_console)


@pytest.fixture(autouse=True)
def csp_violations():
    """Fails the test if any page, in any browser context, reported a CSP violation."""
    recorder = CspViolations()
    _CSP_RECORDER[0] = recorder
    yield recorder
    _CSP_RECORDER[0] = CspViolations()
    found = recorder.report()
    assert not found, "the browser reported CSP violations:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def browser(django_db_setup):
    # Module scope: while Playwright runs, this thread has a running asyncio loop, so the browser
    # must be gone before the next (non-browser) test module touches the database. The test
    # database is created before the loop starts.
    path = chromium_path()
    if path is None:
        message = "Chromium not found (apt-get install chromium); see DEVELOPERS.md"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread; Django would refuse
    # the ORM calls of the tests (and the database flush between them) without this switch.
    # It is set only while this module's browser is alive.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=path,
                args=CHROMIUM_ARGS,
                headless=os.environ.get("PLAYWRIGHT_HEADED") != "1",
            )
            # Every context, also those a test opens itself (a second device, two planners at
            # once), records CSP violations.
            new_context = instance.new_context

            def watched_context(**kwargs: Any):
                created = new_context(**kwargs)
                watch_csp(created)
                return created

            instance.new_context = watched_context
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allow_beforeunload: bool = False
    expected: list[str] = field(default_factory=list)
    tolerated: list[str] = field(default_factory=list)

    def expect_console_error(self, fragment: str) -> None:
        """The browser itself logs refused fetches ("409 (Conflict)", "net::ERR_FAILED") as
        console errors; a test that provokes one declares it, and it must then appear."""
        self.expected.append(fragment)

    def tolerate_console_error(self, fragment: str) -> None:
        """An error that may or may not be logged (the browser's own favicon probe on a page
        without an icon, such as Django's plain 404 page)."""
        self.tolerated.append(fragment)

    def report(self) -> list[str]:
        unexpected = []
        for text in self.console_errors:
            match = next((f for f in self.expected if f in text), None)
            if match is not None:
                self.expected.remove(match)
            elif not any(f in text for f in self.tolerated):
                unexpected.append(text)
        return (
            [f"console error: {text}" for text in unexpected]
            + [f"expected console error never logged: {text}" for text in self.expected]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"unexpected dialog: {text}" for text in self.dialogs]
        )


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (its Accept-Language): English here, so the deployment guide's
    English texts are checked; test_jadwal_indonesian.py overrides it with "id-ID"."""
    return "en-US"


@pytest.fixture
def context(browser, live_server, browser_locale):
    ctx = browser.new_context(
        viewport=VIEWPORT,
        base_url=live_server.url,
        locale=browser_locale,
        timezone_id="Asia/Jakarta",
    )
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, problems):
    page = context.new_page()

    def on_console(message):
        # CSP violations are collected by the context (watch_csp) and reported on their own.
        if message.type == "error" and CSP_MARKER not in message.text:
            location = message.location.get("url", "") if message.location else ""
            problems.console_errors.append(f"{message.text} ({location})")

    def on_dialog(dialog):
        if dialog.type == "beforeunload" and problems.allow_beforeunload:
            problems.allow_beforeunload = False
            dialog.accept()
            return
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    yield page
    found = problems.report()
    assert not found, "the browser reported problems:\n" + "\n".join(found)


def login_as(context, live_server, user) -> None:
    """Reuse a server-side session instead of typing the password (test A uses the form)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def make_tree(project: Project, *, rename: dict[str, str] | None = None) -> dict[str, Pekerjaan]:
    rename = rename or {}
    klasifikasi: dict[str, Klasifikasi] = {}
    subs: dict[tuple[str, str], SubKlasifikasi] = {}
    items: dict[str, Pekerjaan] = {}
    for index, (klas, sub, kode, uraian, satuan, volume, harga) in enumerate(RAB):
        if klas not in klasifikasi:
            klasifikasi[klas] = Klasifikasi.objects.create(
                project=project, name=rename.get(klas, klas), ordering_index=len(klasifikasi)
            )
        if (klas, sub) not in subs:
            subs[(klas, sub)] = SubKlasifikasi.objects.create(
                project=project,
                klasifikasi=klasifikasi[klas],
                name=rename.get(sub, sub),
                ordering_index=len(subs),
            )
        items[kode] = Pekerjaan.objects.create(
            project=project,
            sub_klasifikasi=subs[(klas, sub)],
            kode_pekerjaan=kode,
            uraian=rename.get(kode, uraian),
            satuan=satuan,
            volume=Decimal(volume),
            harga_satuan=Decimal(harga),
            ordering_index=index,
        )
    return items


@dataclass
class Schedule:
    """A project ready for the page, with handles the tests need."""

    project: Project
    owner: Any
    items: dict[str, Pekerjaan]
    tahapan: list[TahapPelaksanaan]

    @property
    def url(self) -> str:
        return f"/detail_project/project/{self.project.pk}/jadwal-pekerjaan/"

    def cell(self, kode: str, period: int) -> str:
        """CSS selector of a grid cell: pekerjaan `kode` in the `period`-th tahapan (0-based)."""
        return f'[data-cell="p{self.items[kode].pk}:{self.tahapan[period].pk}"]'

    def total(self, kode: str) -> str:
        return f'[data-total="p{self.items[kode].pk}"]'

    def refresh(self) -> None:
        self.project.refresh_from_db()
        self.tahapan = list(
            TahapPelaksanaan.objects.filter(project=self.project).order_by(
                "-is_auto_generated", "urutan", "id"
            )
        )


def build_schedule(
    owner,
    *,
    mode: str = "weekly",
    rename: dict[str, str] | None = None,
    start: dt.date = dt.date(2026, 1, 5),
    end: dt.date = dt.date(2026, 3, 29),
):
    """The sample RAB planned over 12 weeks (Monday 5 January to Sunday 29 March 2026 unless
    `start` / `end` say otherwise)."""
    project = Project.objects.create(
        owner=owner,
        nama="Gedung Serbaguna",
        lokasi="Bandung",
        anggaran_owner=Decimal("500000000"),
        tanggal_mulai=start,
        tanggal_selesai=end,
    )
    items = make_tree(project, rename=rename)
    jadwal_switch.tahapan_regenerate(project=project, user=owner, mode=mode)
    project.refresh_from_db()
    tahapan = list(TahapPelaksanaan.objects.filter(project=project).order_by("urutan", "id"))
    plan = WEEKLY_PLAN if mode == "weekly" else MONTHLY_PLAN
    changes = [
        jadwal_save.CellChange(items[kode].pk, tahapan[period].pk, int(Decimal(value) * 100))
        for kode, cells in plan.items()
        for period, value in cells.items()
    ]
    jadwal_save.jadwal_save(
        project=project, user=owner, version=project.jadwal_version, changes=changes
    )
    schedule = Schedule(project=project, owner=owner, items=items, tahapan=tahapan)
    schedule.refresh()
    return schedule


@pytest.fixture
def planner(transactional_db):
    return get_user_model().objects.create_user("planner", "planner@example.com", PASSWORD)


@pytest.fixture
def schedule(planner) -> Schedule:
    """Eight pekerjaan in a 12-week weekly schedule."""
    return build_schedule(planner)


def open_grid(page, schedule: Schedule) -> None:
    page.goto(schedule.url)
    page.wait_for_selector("#jadwal-app[data-state='ready']")


@pytest.fixture
def grid_page(page, context, live_server, schedule):
    """The weekly schedule open in the grid, logged in as its owner."""
    login_as(context, live_server, schedule.owner)
    open_grid(page, schedule)
    return page


def screenshot(page, name: str, **kwargs: Any) -> None:
    """Pictures for docs/USER_GUIDE.md, taken only when SAVE_SCREENSHOTS=1 (CI leaves the
    committed images alone)."""
    if os.environ.get("SAVE_SCREENSHOTS") != "1":
        return
    page.wait_for_timeout(500)  # let fades, dialogs and charts finish moving
    target = DOCS_IMG / f"{name}.png"  # "id/…" for the Indonesian guide's pictures
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), **kwargs)
