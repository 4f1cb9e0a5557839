"""Reads of the time-phased plan: stored day plans, the generated tahapan they project onto,
plans rebuilt from cells, and the check that plans and cells agree. Constant query counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Sum

from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import DayPlanRecord, PekerjaanTahapan, RencanaHarian, TahapPelaksanaan
from detail_project.scheduling import DayPlan, Period
from detail_project.selectors.cells import assignment_hundredths


@dataclass(frozen=True, slots=True)
class GeneratedTahapan:
    pk: int
    period: Period
    mode: str


def generated_tahapan(project: Project) -> list[GeneratedTahapan]:
    """The generated tahapan (the current time scale), in time order."""
    rows = (
        TahapPelaksanaan.objects.filter(
            project=project,
            is_auto_generated=True,
            tanggal_mulai__isnull=False,
            tanggal_selesai__isnull=False,
        )
        .order_by("tanggal_mulai", "urutan", "id")
        .values_list("pk", "tanggal_mulai", "tanggal_selesai", "generation_mode")
    )
    return [GeneratedTahapan(pk, Period(start, end), mode) for pk, start, end, mode in rows]


def plans_load(
    project: Project,
    pekerjaan_ids: Iterable[int] | None = None,
    *,
    layer: type[DayPlanRecord] = RencanaHarian,
) -> dict[int, DayPlan]:
    """Stored day plans by pekerjaan id (pekerjaan without a stored one are absent), of the
    plan (`RencanaHarian`, the default) or of the work done (`RealisasiHarian`)."""
    rows = layer.objects.filter(project=project)
    if pekerjaan_ids is not None:
        rows = rows.filter(pekerjaan_id__in=list(pekerjaan_ids))
    plans = {}
    for pk, start, data in rows.values_list("pekerjaan_id", "mulai", "hari"):
        plan = scheduling.plan_decode(None if start is None else start.toordinal(), data)
        plans[pk] = plan
    return plans


def plans_from_cells(
    project: Project, pekerjaan_ids: Iterable[int] | None = None
) -> dict[int, DayPlan]:
    """Plans rebuilt from the generated cells (each spread evenly over its tahapan's days),
    for every pekerjaan of the project or only the given ones; empty plans included."""
    periods = {row.pk: row.period for row in generated_tahapan(project)}
    cells = PekerjaanTahapan.objects.filter(tahapan_id__in=list(periods))
    wanted = None
    if pekerjaan_ids is not None:
        wanted = set(pekerjaan_ids)
        cells = cells.filter(pekerjaan_id__in=wanted)
    by_pekerjaan: dict[int, list[tuple[Period, int]]] = defaultdict(list)
    for pekerjaan_id, tahapan_id, hundredths in assignment_hundredths(cells):
        by_pekerjaan[pekerjaan_id].append((periods[tahapan_id], hundredths))
    plans = {pk: scheduling.plan_from_cells(items) for pk, items in by_pekerjaan.items()}
    for pk in wanted or ():
        plans.setdefault(pk, scheduling.EMPTY)
    return plans


def _tables() -> dict[str, str]:
    names = {
        "pekerjaan": "detail_project_pekerjaan",
        "plan": RencanaHarian._meta.db_table,
        "cells": PekerjaanTahapan._meta.db_table,
        "tahapan": TahapPelaksanaan._meta.db_table,
    }
    return {name: connection.ops.quote_name(table) for name, table in names.items()}


def generated_cell_total(project: Project) -> int:
    """Σ hundredths of every cell of the project's generated tahapan (one aggregate, summed
    exactly by PostgreSQL and in floating point by SQLite, then rounded: the error of a sum of
    a few hundred thousand two-decimal values is far below half a hundredth)."""
    q = _tables()
    sql = (
        "SELECT COALESCE(SUM(c.proporsi_volume), 0) "  # noqa: S608 - names from model metadata
        f"FROM {q['cells']} c JOIN {q['tahapan']} t ON t.id = c.tahapan_id "
        f"WHERE c.pekerjaan_id IN (SELECT id FROM {q['pekerjaan']} WHERE project_id = %s) "
        "AND t.is_auto_generated"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk])
        return hundredths_of_sum(cursor.fetchone()[0])


def hundredths_of_sum(value: object) -> int:
    """A database SUM of proporsi (Decimal on PostgreSQL, float on SQLite) in hundredths."""
    return int((Decimal(str(value)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def plan_mismatches(
    project: Project, *, generated_total: int | None = None, planned_total: int | None = None
) -> list[int]:
    """Pekerjaan whose stored plan does not add up to their generated cells.

    Every write keeps the two in step, so a mismatch means the cells were changed outside the
    app (raw SQL, a restored table). First the project's sums are compared (Σ plan totals, and
    Σ generated cells, unless the caller already has them from a scan of its own); only when they
    differ does a per-pekerjaan query name the pekerjaan. (Changes that cancel out across
    pekerjaan pass this check; `fix_tahapan_assignments` compares every cell.) The time-scale
    switch repairs what it finds; `GET jadwal/` and `GET kurva-s/` report it.
    """
    if generated_total is None:
        generated_total = generated_cell_total(project)
    if planned_total is None:
        planned = RencanaHarian.objects.filter(project=project).aggregate(total=Sum("total"))
        planned_total = planned["total"] or 0
    if planned_total == generated_total:
        return []
    q = _tables()
    sql = (
        f"SELECT p.id FROM {q['pekerjaan']} p "  # noqa: S608 - table names from model metadata
        f"LEFT JOIN {q['plan']} r ON r.pekerjaan_id = p.id "
        "LEFT JOIN (SELECT c.pekerjaan_id AS pid, "
        "SUM(CAST(ROUND(c.proporsi_volume * 100) AS INTEGER)) AS s "
        f"FROM {q['cells']} c JOIN {q['tahapan']} t ON t.id = c.tahapan_id "
        f"WHERE c.pekerjaan_id IN (SELECT id FROM {q['pekerjaan']} WHERE project_id = %s) "
        "AND t.is_auto_generated GROUP BY c.pekerjaan_id) g "
        "ON g.pid = p.id "
        "WHERE p.project_id = %s AND COALESCE(r.total, 0) <> COALESCE(g.s, 0) ORDER BY p.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk, project.pk])
        return [row[0] for row in cursor.fetchall()]
