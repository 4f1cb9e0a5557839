"""Gunicorn settings for Jadwal Pekerjaan, read by `gunicorn config.wsgi:application` when
started from the project folder (or given with `-c gunicorn.conf.py`).

Every value can be changed through the environment or the `.env` file the application reads
(see .env.example), or on the command line, which wins over this file:

    GUNICORN_BIND           where to listen (127.0.0.1:8000; 0.0.0.0:8000 in Docker)
    GUNICORN_WORKERS        worker processes (default: 2 × CPU cores + 1, at most 12)
    GUNICORN_THREADS        threads per worker (default 1: sync workers)
    GUNICORN_TIMEOUT        seconds before a silent worker is restarted (default 60)
    GUNICORN_MAX_REQUESTS   recycle a worker after this many requests (default 1000, 0 = never)
    GUNICORN_ACCESS_LOG     "-" for stdout (default), a file path, or "" for none
    GUNICORN_LOG_LEVEL      debug, info (default), warning, error, critical

The access log goes to stdout and errors to stderr, so journald and Docker collect both; each
access line ends with the time taken in milliseconds.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from config.env import load_dotenv  # noqa: E402 - needs the project folder on sys.path

# The same file the Django settings read, so GUNICORN_* can live beside the other settings.
if "ENV_FILE" not in os.environ:
    load_dotenv(HERE / ".env")
elif os.environ["ENV_FILE"].strip():
    load_dotenv((HERE / os.environ["ENV_FILE"].strip()).resolve())


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise SystemExit(f"{name}={value} must be at least {minimum}")
    return value


bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
# The usual rule for sync workers: two per core plus one. Capped: each worker holds a
# database connection, and PostgreSQL's default max_connections is 100.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12), minimum=1)
threads = _int("GUNICORN_THREADS", 1, minimum=1)
# A mode switch of a 2-year daily schedule or a 5 MB RAB import takes seconds, not minutes.
timeout = _int("GUNICORN_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
keepalive = 5
# Recycling workers now and then bounds the memory any slow leak can take.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Heartbeat files in memory, not on a disk that may stall (recommended for containers).
if os.path.isdir("/dev/shm"):  # noqa: S108 - a RAM-backed folder, not a temp file name
    worker_tmp_dir = "/dev/shm"  # noqa: S108

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
capture_output = True

# Recent gunicorn releases open a control socket in the home folder: two instances on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True

proc_name = "jadwal-pekerjaan"
wsgi_app = "config.wsgi:application"


def post_worker_init(worker: object) -> None:
    """Load the URL configuration (every view module and the API schemas) and the static
    files manifest before the first request, and start the RAB import's fork server
    (detail_project/importing/sandbox.py), so a fresh worker does not make a planner wait."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import get_resolver

    from detail_project.importing import sandbox

    sandbox.warm_up()

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    try:
        staticfiles_storage.url("detail_project/js/kelola_tahapan_grid.js")
    except ValueError:
        pass  # no manifest yet (collectstatic not run): the first page will say so
