"""Deploy Jadwal Pekerjaan over SSH with Fabric 3 (the deployment guide's "Option B").

    fab -H deploy@jadwal.example.com deploy
    fab -H deploy@jadwal.example.com deploy --code-dir=/srv/jadwal-pekerjaan --branch=main
    fab -H deploy@jadwal.example.com backup --database=jadwal
    fab -H deploy@jadwal.example.com rollback-schema --migration=0003

Defaults come from the environment of the machine running `fab` (JADWAL_CODE_DIR,
JADWAL_VENV, JADWAL_BRANCH, JADWAL_APP_SERVICE, JADWAL_WEB_SERVICE, JADWAL_HEALTH_URL) or the
options above. The server needs the layout of docs/DEPLOYMENT.md: a git checkout in the code
folder with its virtualenv and `.env`, the `gunicorn` systemd unit (deploy/systemd/) and nginx.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

from fabric import task

CODE_DIR = os.environ.get("JADWAL_CODE_DIR", "/srv/jadwal-pekerjaan")
VENV = os.environ.get("JADWAL_VENV", "")  # empty: <code dir>/venv
BRANCH = os.environ.get("JADWAL_BRANCH", "main")
APP_SERVICE = os.environ.get("JADWAL_APP_SERVICE", "gunicorn")
WEB_SERVICE = os.environ.get("JADWAL_WEB_SERVICE", "nginx")
HEALTH_URL = os.environ.get("JADWAL_HEALTH_URL", "http://127.0.0.1:8000/health/")


def _python(code_dir: str, venv: str) -> str:
    return shlex.quote(f"{venv or code_dir.rstrip('/') + '/venv'}/bin/python")


@task(
    auto_shortflags=False,
    help={
        "code_dir": f"Project folder on the server (default {CODE_DIR}).",
        "venv": "Its virtualenv (default <code-dir>/venv).",
        "branch": f"Branch to pull (default {BRANCH}).",
        "app_service": f"systemd unit of gunicorn, restarted (default {APP_SERVICE}; '' skips).",
        "web_service": f"systemd unit of the web server, reloaded (default {WEB_SERVICE}; '' "
        "skips).",
        "health_url": f"Checked after the restart (default {HEALTH_URL}; '' skips).",
    },
)
def deploy(
    c: Any,
    code_dir: str = CODE_DIR,
    venv: str = VENV,
    branch: str = BRANCH,
    app_service: str = APP_SERVICE,
    web_service: str = WEB_SERVICE,
    health_url: str = HEALTH_URL,
) -> None:
    """Pull, install, check, migrate, load the AHSP library, collect static files, restart, and
    check /health/."""
    python = _python(code_dir, venv)
    with c.cd(code_dir):
        c.run(f"git pull --ff-only origin {shlex.quote(branch)}")
        c.run(f"{python} -m pip install --quiet -r requirements.txt")
        # Stops here, before touching the database, if the production settings are wrong.
        c.run(f"{python} manage.py check --deploy --fail-level WARNING")
        c.run(f"{python} manage.py migrate --noinput")
        c.run(f"{python} manage.py import_ahsp")  # idempotent: changes nothing when current
        c.run(f"{python} manage.py collectstatic --noinput")
    if app_service:
        c.sudo(f"systemctl restart {shlex.quote(app_service)}")
    if web_service:
        # The site file did not change with the code: a reload is enough (the guide restarts).
        c.sudo(f"systemctl reload {shlex.quote(web_service)}")
    if health_url:
        c.run(
            "curl -fsS --retry 15 --retry-delay 1 --retry-connrefused --max-time 5 "
            f"{shlex.quote(health_url)}"
        )
    print("Deployment completed.")


@task(
    auto_shortflags=False,
    help={
        "database": "Database name (default jadwal).",
        "user": "Database user (default jadwal).",
        "host": "Database host (default localhost).",
        "backup_dir": "Folder for the dump on the server (default /var/backups/jadwal).",
    },
)
def backup(
    c: Any,
    database: str = "jadwal",
    user: str = "jadwal",
    host: str = "localhost",
    backup_dir: str = "/var/backups/jadwal",
) -> None:
    """pg_dump the database to <backup-dir>/backup_YYYYmmdd_HHMMSS.sql before a deployment."""
    target = f"{backup_dir.rstrip('/')}/backup_$(date +%Y%m%d_%H%M%S).sql"
    c.run(f"mkdir -p {shlex.quote(backup_dir)}")
    c.run(
        f"pg_dump -h {shlex.quote(host)} -U {shlex.quote(user)} -d {shlex.quote(database)} "
        f'> "{target}" && ls -l {shlex.quote(backup_dir)} | tail -n 3'
    )


@task(
    auto_shortflags=False,
    help={
        "migration": "Migration of detail_project to go back to, e.g. 0003.",
        "code_dir": f"Project folder on the server (default {CODE_DIR}).",
        "venv": "Its virtualenv (default <code-dir>/venv).",
    },
)
def rollback_schema(c: Any, migration: str, code_dir: str = CODE_DIR, venv: str = VENV) -> None:
    """Unapply detail_project's migrations after MIGRATION (run before reverting the code)."""
    python = _python(code_dir, venv)
    with c.cd(code_dir):
        c.run(f"{python} manage.py migrate detail_project {shlex.quote(migration)}")
        c.run(f"{python} manage.py showmigrations detail_project")
