"""`GET /health/` for load balancers and the deployment checks.

It answers without authentication and reveals nothing but readiness: the database answers and
no migration is pending.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    except Exception:  # noqa: BLE001 - any failure means "not ready"; details stay in logs
        checks.setdefault("database", "unreachable")
        checks.setdefault("migrations", "unknown")
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"ok": healthy, "status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
