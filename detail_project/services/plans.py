"""Writing day plans (`RencanaHarian`, `RealisasiHarian`): one statement for any number of
pekerjaan.

Called inside a `jadwal_write` block, which has locked the project; reads are in
`selectors.plans`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import connection
from django.utils import timezone

from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import DayPlanRecord, RencanaHarian
from detail_project.scheduling import DayPlan


def plans_store(
    project: Project,
    plans: Mapping[int, DayPlan],
    *,
    version: int,
    layer: type[DayPlanRecord] = RencanaHarian,
) -> int:
    """Insert or update these day plans (of `layer`: the plan, or the realisasi), stamping them
    with `version`. One statement."""
    if not plans:
        return 0
    table = connection.ops.quote_name(layer._meta.db_table)
    rows = []
    for pekerjaan_id, plan in plans.items():
        start, data = scheduling.plan_encode(plan)
        first = None if start is None else dt.date.fromordinal(start)
        rows.append((pekerjaan_id, first, data, plan.total))
    columns = "pekerjaan_id, project_id, mulai, hari, total, version, updated_at"
    conflict = (
        "ON CONFLICT (pekerjaan_id) DO UPDATE SET mulai = excluded.mulai, hari = excluded.hari, "
        "total = excluded.total, version = excluded.version, updated_at = excluded.updated_at"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, starts, blobs, totals = zip(*rows, strict=True)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT p, %s, m, h, t, %s, %s FROM "  # noqa: S608
                "unnest(%s::bigint[], %s::date[], %s::bytea[], %s::integer[]) AS r(p, m, h, t) "
                f"{conflict}",
                [project.pk, version, now, list(ids), list(starts), list(blobs), list(totals)],
            )
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s) {conflict}",  # noqa: S608
                [
                    (
                        pk,
                        project.pk,
                        connection.ops.adapt_datefield_value(first),
                        data,
                        total,
                        version,
                        stamp,
                    )
                    for pk, first, data, total in rows
                ],
            )
    return len(rows)
