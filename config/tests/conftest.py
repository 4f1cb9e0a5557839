"""Helpers for the configuration and deployment tests.

Tests marked `deploy` start real servers or change a database outside the test database;
they run when JADWAL_DEPLOY_TESTS=1 (`.ci/run` sets it) and are skipped otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / ".env.example"


def env_example_names() -> set[str]:
    """Every NAME of a `NAME=value` or `# NAME=value` line of .env.example."""
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


SETTING_NAMES = env_example_names() | {"ENV_FILE"}


@pytest.fixture(autouse=True)
def _deploy_tests_on_request(request):
    if request.node.get_closest_marker("deploy") and os.environ.get("JADWAL_DEPLOY_TESTS") != "1":
        pytest.skip("deployment test: set JADWAL_DEPLOY_TESTS=1 to run it")


def clean_environ(**overrides: str) -> dict[str, str]:
    """The current environment without any application setting, plus `overrides`; never reads
    a developer's `.env` (ENV_FILE empty)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SETTING_NAMES and key.removesuffix("_FILE") not in SETTING_NAMES
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["ENV_FILE"] = ""
    env.update(overrides)
    return env


def run_python(code: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
