"""`GET /health/`: 200 when the database answers and every migration is applied, 503 otherwise;
JSON, no login, nothing secret, the reason logged."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.db import OperationalError, connection
from django.db.migrations import Migration
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from config.tests.conftest import clean_environ, run_manage, run_python

pytestmark = pytest.mark.django_db


def test_it_lives_at_health():
    assert reverse("health") == "/health/"


def test_it_answers_200_when_ready(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "ok": True,
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok"},
    }


def test_it_needs_no_login_and_sets_no_cookie(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert not response.cookies


def test_it_is_never_cached(client):
    cache_control = client.get("/health/")["Cache-Control"]
    assert "no-cache" in cache_control
    assert "max-age=0" in cache_control


def test_it_answers_head(client):
    response = client.head("/health/")
    assert response.status_code == 200
    assert response.content == b""


def test_it_refuses_other_methods(client):
    response = client.post("/health/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_it_answers_probes_by_ip_address_and_over_plain_http(settings):
    # Docker's healthcheck and load balancers call http://<container ip>:8000/health/.
    settings.ALLOWED_HOSTS = ["jadwal.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/health/", HTTP_HOST="172.18.0.3:8000")
    assert response.status_code == 200
    # Everything else still gets the host check and the redirect.
    assert Client().get("/accounts/login/", HTTP_HOST="172.18.0.3:8000").status_code == 400
    assert Client().get("/accounts/login/", HTTP_HOST="jadwal.example.com").status_code == 301


def _pending(monkeypatch):
    fake = Migration("0099_not_yet_applied", "detail_project")
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(fake, False)])


def test_it_answers_503_when_a_migration_is_pending(client, monkeypatch, caplog):
    _pending(monkeypatch)
    with caplog.at_level(logging.ERROR, logger="config.health"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "ok": False,
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "1 pending"},
    }
    assert "detail_project.0099_not_yet_applied" in caplog.text


def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.9), port 5432 failed')

    monkeypatch.setattr(connection, "cursor", refuse)
    with caplog.at_level(logging.ERROR, logger="config.health"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unreachable", "migrations": "unknown"}
    # The reason is logged with its traceback, and never shown to the caller.
    (record,) = [r for r in caplog.records if r.name == "config.health"]
    assert record.exc_info is not None
    assert "10.0.0.9" in caplog.text
    assert b"10.0.0.9" not in response.content


def test_it_answers_503_when_the_migration_state_cannot_be_read(client, monkeypatch, caplog):
    def broken(self, targets):
        raise RuntimeError("migration graph is inconsistent")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "migrations": "error"}
    assert "migration graph is inconsistent" in caplog.text


# --- the real thing, in a fresh process -------------------------------------------------------

PROBE = (
    "import django, json; django.setup(); from django.test import Client; "
    "r = Client().get('/health/'); print(r.status_code, json.dumps(r.json()))"
)


def test_a_real_pending_migration_and_then_migrate(tmp_path):
    env = clean_environ(
        DEBUG="false",
        SECRET_KEY="health-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'health.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    partly = run_manage("migrate", "detail_project", "0003", "--noinput", env=env)
    assert partly.returncode == 0, partly.stderr

    result = run_python(PROBE, env)
    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    checks = json.loads(body)["checks"]
    assert checks["database"] == "ok"
    assert re.fullmatch(r"\d+ pending", checks["migrations"])
    assert "migration(s) not applied" in result.stderr  # logged, with their names

    assert run_manage("migrate", "--noinput", env=env).returncode == 0
    result = run_python(PROBE, env)
    assert result.stdout.startswith("200 "), result.stderr


def test_a_real_unreachable_database():
    env = clean_environ(
        DEBUG="false",
        SECRET_KEY="health-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = run_python(PROBE, env)
    status, body = result.stdout.split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body)["checks"] == {"database": "unreachable", "migrations": "unknown"}
    assert "health: the database is unreachable" in result.stderr
    assert "OperationalError" in result.stderr
