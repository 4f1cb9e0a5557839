"""`fab deploy` for real, on this machine: the task runs through a local invoke Context against a
"server" checkout in a temporary folder (a clone of a throwaway repository holding the current
code), with the project's virtualenv and a fresh PostgreSQL database. Only the SSH transport and
the systemd restarts are left out (no SSH server or systemd here).

Marked `deploy`: runs when JADWAL_DEPLOY_TESTS=1 (.ci/run sets it)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from invoke import Context, Result

from config.tests.conftest import ROOT, clean_environ

pytestmark = pytest.mark.deploy

PG_ADMIN = os.environ.get("DEPLOY_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=deploy-test", "-c", "user.email=deploy-test@localhost", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class LocalContext(Context):
    """invoke's Context (its `cd` prefixes included), running commands with subprocess: the task
    sees exactly what it would on a server, without invoke's pipe threads."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__()
        self.env = env

    def run(self, command: str, **kwargs: Any) -> Result:
        full = self._prefix_commands(command)
        done = subprocess.run(
            ["bash", "-c", full],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"{full}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        return Result(stdout=done.stdout, stderr=done.stderr, exited=0, command=full)

    def sudo(self, command: str, **kwargs: Any) -> Result:
        raise AssertionError(f"no sudo here: {command}")


@pytest.fixture
def database():
    import psycopg

    name = f"deploy_fab_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is needed for the Fabric deployment test: {exc}")
    admin.execute(f"CREATE DATABASE {name}")
    yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


@pytest.fixture
def server_checkout(tmp_path):
    """origin: a repository with the current code (tracked and new files, as in the working
    tree); server: its clone, one commit behind, as a server waiting for `git pull`."""
    origin = tmp_path / "origin"
    origin.mkdir()
    files = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT)
    git("init", "--quiet", "--initial-branch=main", cwd=origin)
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = origin / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    git("add", "--all", cwd=origin)
    git("commit", "--quiet", "-m", "release 1", cwd=origin)
    server = tmp_path / "server"
    git("clone", "--quiet", str(origin), str(server), cwd=tmp_path)
    (origin / "RELEASE").write_text("2\n")
    git("add", "RELEASE", cwd=origin)
    git("commit", "--quiet", "-m", "release 2", cwd=origin)
    return server


def test_fab_deploy_pulls_installs_checks_migrates_and_collects(
    server_checkout, database, tmp_path
):
    import fabfile

    static_root = tmp_path / "staticfiles"
    env = clean_environ(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="jadwal.example.com",
        CSRF_TRUSTED_ORIGINS="https://jadwal.example.com",
        DATABASE_URL=database,
        STATIC_ROOT=str(static_root),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    c = LocalContext(env)
    fabfile.deploy(
        c,
        code_dir=str(server_checkout),
        venv=str(Path(sys.executable).parent.parent),
        branch="main",
        app_service="",  # no systemd here: `systemctl restart gunicorn` is not runnable
        web_service="",
        health_url="",
    )
    assert (server_checkout / "RELEASE").read_text() == "2\n"  # pulled
    assert (static_root / "staticfiles.json").is_file()
    assert (static_root / "detail_project/js/kelola_tahapan_grid.js").is_file()
    shown = c.run(
        f"cd {server_checkout} && {sys.executable} manage.py showmigrations detail_project"
    ).stdout
    assert "[X] 0002_add_tahapan_models" in shown
    assert "[X] 0003_add_tahapan_flags" in shown
    assert "[ ]" not in shown
