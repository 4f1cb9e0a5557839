"""`GET /health/` for load balancers, container health checks and the deployment checks.

It answers without authentication and reveals nothing but readiness: the database answers and
no migration is pending. 200 `{"ok": true, …}` when ready, 503 otherwise. The reason for a
failure goes to the log (and to Sentry when configured), never into the response.

`HealthCheckMiddleware` sits first in MIDDLEWARE and answers the path itself, so a probe that
calls the server by IP address (Docker's healthcheck, a load balancer) is not refused by the
ALLOWED_HOSTS check or redirected to HTTPS. The URL pattern stays for `reverse("health")` and
for setups that leave the middleware out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("config.health")

HEALTH_PATH = "/health/"


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, checks): each check is "ok" or a short word about what is wrong."""
    checks = {"database": "unknown", "migrations": "unknown"}
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: the database is unreachable")
        checks["database"] = "unreachable"
        return False, checks
    checks["database"] = "ok"
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.exception("health: cannot read the migration state")
        checks["migrations"] = "error"
        return False, checks
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:10])
        logger.error("health: %d migration(s) not applied: %s", len(pending), names)
        checks["migrations"] = f"{len(pending)} pending"
        return False, checks
    checks["migrations"] = "ok"
    return True, checks


def health(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response: HttpResponse = JsonResponse(
            {"ok": False, "error": "Method not allowed (use GET)."}, status=405
        )
        response["Allow"] = "GET, HEAD"
        return response
    ready, checks = readiness()
    response = JsonResponse(
        {"ok": ready, "status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH:
            return health(request)
        return self.get_response(request)
