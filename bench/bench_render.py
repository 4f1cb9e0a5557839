"""Browser benchmark of the Jadwal Pekerjaan grid (SPEC §7) in headless Chromium.

    python bench/bench_render.py                      # 100 and 1,000 pekerjaan, 3 runs each
    python bench/bench_render.py --sizes 1000 --runs 5
    python bench/bench_render.py --scales weekly      # 104 weekly columns only

It builds a throwaway SQLite database in a temporary directory (migrate, collectstatic, the
`generate_large_project` command with a schedule), starts `manage.py runserver` on it with
DEBUG off (hashed, compressed static files served by WhiteNoise, as in production), logs in
through the login form and measures, for 100 and 1,000 pekerjaan × 104 weekly and × 730 daily
columns:

- first usable grid: from navigation start to the page's `jadwal-grid-ready` mark (the grid
  has drawn its first rows and takes input); HTML is the time the page's HTML took to arrive;
- scroll frames: requestAnimationFrame intervals while the mouse wheel scrolls the grid down
  (60 turns of 120 px) and then right (60 of 240 px), as p50 / p95 in milliseconds
  (16.7 ms = 60 fps).

Medians of --runs page loads. Prints a Markdown table; writes nothing anywhere else.
Needs Chromium (Debian: apt-get install chromium) and Playwright for Python; see DEVELOPERS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "bench"
PASSWORD = "bench-password-not-secret"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Days giving exactly 104 weeks (Monday to Sunday) or 730 days from the generator's start.
SCALES = {"weekly": 728, "daily": 730}

START_FRAMES = """() => {
    window.__frames = [];
    window.__framesRunning = true;
    let last = performance.now();
    const tick = (now) => {
        window.__frames.push(now - last);
        last = now;
        if (window.__framesRunning) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""
STOP_FRAMES = """() => { window.__framesRunning = false; return window.__frames.slice(1); }"""


def chromium() -> str:
    found = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE") or shutil.which("chromium")
    if not found and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if not found:
        sys.exit("Chromium not found: apt-get install chromium (see DEVELOPERS.md)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "DEBUG": "false",
            "SECRET_KEY": "render-benchmark-only",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(workdir / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
            "BENCH_PORT": str(port),
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout.strip()


def prepare(env: dict[str, str], sizes: list[int], scales: list[str]) -> dict[tuple, int]:
    print("Preparing a throwaway database (migrate, collectstatic, projects)...", file=sys.stderr)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "createsuperuser", "--noinput", "--username", USERNAME, "--email", "b@example.com")
    projects = {}
    for size in sizes:
        for scale in scales:
            output = manage(
                env,
                "generate_large_project",
                "--pekerjaan",
                str(size),
                "--owner",
                USERNAME,
                "--days",
                str(SCALES[scale]),
                "--schedule",
                scale,
                "--name",
                f"Bench {size} {scale}",
                "-v",
                "0",
            )
            projects[(size, scale)] = int(output.splitlines()[-1])
    return projects


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - local server
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer at {url}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


FIRST_CELL = """() => {
    const cell = document.querySelector("revogr-data[type='rgRow'][col-type='rgCol'] .rgCell");
    return cell ? `${cell.dataset.rgrow}:${cell.dataset.rgcol}` : "";
}"""


def scroll(page, dx: int, dy: int, steps: int = 60) -> list[float]:
    """Turn the mouse wheel `steps` times over the grid; the frame intervals meanwhile."""
    before = page.evaluate(FIRST_CELL)
    page.evaluate(START_FRAMES)
    for _ in range(steps):
        page.mouse.wheel(dx, dy)
        page.wait_for_timeout(16)
    page.wait_for_timeout(150)
    frames = page.evaluate(STOP_FRAMES)
    if page.evaluate(FIRST_CELL) == before:
        sys.exit(f"the grid did not scroll ({dx}, {dy}): the measurement would be meaningless")
    return frames


def measure(page, base: str, project_id: int) -> dict[str, float]:
    page.goto(f"{base}/detail_project/project/{project_id}/jadwal-pekerjaan/")
    page.wait_for_selector("#jadwal-app[data-state='ready']", timeout=60_000)
    timing = page.evaluate(
        """() => {
            const nav = performance.getEntriesByType("navigation")[0];
            const mark = performance.getEntriesByName("jadwal-grid-ready")[0];
            return {ready: mark.startTime, html: nav.responseEnd,
                    columns: Number(document.querySelector("revo-grid").dataset.columnCount)};
        }"""
    )
    page.wait_for_timeout(300)
    box = page.locator("revo-grid").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6)
    down = scroll(page, 0, 120)
    right = scroll(page, 240, 0)
    return {
        "ready": timing["ready"],
        "html": timing["html"],
        "columns": timing["columns"],
        "down50": percentile(down, 0.5),
        "down95": percentile(down, 0.95),
        "right50": percentile(right, 0.5),
        "right95": percentile(right, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--scales", nargs="+", choices=list(SCALES), default=list(SCALES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    executable = chromium()
    with tempfile.TemporaryDirectory(prefix="jadwal-render-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = environment(workdir, port)
        projects = prepare(env, args.sizes, args.scales)
        command = [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}"]
        server = subprocess.Popen(
            [*command, "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        rows = []
        try:
            wait_for(f"{base}/health/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", USERNAME)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()
                for (size, scale), project_id in projects.items():
                    print(f"Measuring {size} pekerjaan, {scale}...", file=sys.stderr)
                    measure(page, base, project_id)  # warm caches (static files, the server)
                    runs = [measure(page, base, project_id) for _ in range(args.runs)]
                    rows.append((size, scale, runs))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    print("### Grid render in headless Chromium\n")
    print(
        f"Machine: {os.cpu_count()} CPU, {platform.machine()}, {platform.platform()}; "
        f"Chromium at {executable}; median of {args.runs} loads after one warm-up; "
        "viewport 1400×900; SQLite, runserver, DEBUG off.\n"
    )
    print(
        "| pekerjaan | columns | first usable grid (ms) | HTML received (ms) "
        "| scroll ↓ p50 / p95 (ms) | scroll → p50 / p95 (ms) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for size, scale, runs in rows:

        def median(key: str, runs: list[dict[str, float]] = runs) -> float:
            return statistics.median(run[key] for run in runs)

        print(
            f"| {size:,} | {int(median('columns'))} {scale} | {median('ready'):.0f} "
            f"| {median('html'):.0f} | {median('down50'):.1f} / {median('down95'):.1f} "
            f"| {median('right50'):.1f} / {median('right95'):.1f} |"
        )


if __name__ == "__main__":
    main()
