#!/usr/bin/env python3
"""The two commands of the README.

    python3 dev.py up      set everything up and serve http://127.0.0.1:8000 (SQLite, demo data)
    python3 dev.py test    lint, check migrations and run the whole test suite

`up` keeps your data: the demo is created once and then left as you changed it.
    python3 dev.py up --port 8080        serve on another port
    python3 dev.py up --reset-demo       start the demo project afresh (its edits are lost)
`test` passes anything after it to pytest (python3 dev.py test -k kurva -x).

Only the standard library is used here, so it runs on a fresh machine with Python 3.11+.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
STAMP = VENV / ".requirements.sha256"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(arg) for arg in args], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_virtualenv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must explain, not crash, on 3.10
        found = ".".join(map(str, sys.version_info[:2]))
        sys.exit(f"Python 3.11 or newer is needed (found {found}).")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.name}/")
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in REQUIREMENTS)).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    say("installing Python packages (requirements-dev.txt)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements-dev.txt")
    STAMP.write_text(digest)


def ensure_dotenv() -> None:
    """A local `.env` for development: DEBUG on and a secret key of its own."""
    target = ROOT / ".env"
    if target.exists():
        return
    say("writing .env for local development (DEBUG=true, SQLite)")
    lines = [
        "# Local development settings written by `python3 dev.py up`. Not for production.",
        "DEBUG=true",
        f"SECRET_KEY={secrets.token_urlsafe(50)}",
        "ALLOWED_HOSTS=127.0.0.1,localhost",
    ]
    target.write_text("\n".join(lines) + "\n")


def manage(*args: str) -> None:
    run(PYTHON, ROOT / "manage.py", *args)


def port_number(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def up_options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 dev.py up", description="Set up and serve.")
    parser.add_argument("--port", type=port_number, default=8000, help="default 8000")
    parser.add_argument(
        "--reset-demo",
        action="store_true",
        help="start the demo project afresh; without it an existing demo is kept as it is",
    )
    return parser.parse_args(argv)


def up(argv: list[str]) -> None:
    options = up_options(argv)
    ensure_virtualenv()
    ensure_dotenv()
    say("applying migrations")
    manage("migrate", "--noinput")
    if options.reset_demo:
        say("creating the demo user and project afresh")
        manage("seed_demo")
    else:
        say("creating the demo user and project (kept if they exist)")
        manage("seed_demo", "--if-missing")
    address = f"127.0.0.1:{options.port}"
    say(f"serving http://{address} (Ctrl+C stops)")
    manage("runserver", address)


def test(pytest_args: list[str]) -> None:
    ensure_virtualenv()
    env = dict(os.environ)
    say("ruff")
    run(PYTHON, "-m", "ruff", "check", ".", env=env)
    say("migrations are up to date")
    check_env = {**env, "DEBUG": "true", "SECRET_KEY": env.get("SECRET_KEY", "check-only")}
    run(
        PYTHON,
        ROOT / "manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        "--verbosity",
        "0",
        env=check_env,
    )
    database = env.get("DATABASE_URL", "").split("@")[-1] or "SQLite"
    say(f"pytest on {database}")
    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        say("chromium not found: browser tests will be skipped (CI installs it)")
    run(PYTHON, "-m", "pytest", *pytest_args, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"up", "test"}:
        sys.exit(__doc__)
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "up":
        up(rest)
    else:
        test(rest)


if __name__ == "__main__":
    main()
