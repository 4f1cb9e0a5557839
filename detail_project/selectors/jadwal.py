"""Reads of the schedule, shaped for the grid and the API, with a constant number of queries.

Nothing here loops over pekerjaan with a query inside: every read is a handful of set-based
queries whatever the size of the project (pinned by tests at 10 and 1,000 pekerjaan).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum

from dashboard.models import Project
from detail_project import clock
from detail_project.models import (
    JadwalLog,
    Pekerjaan,
    PekerjaanTahapan,
    RencanaHarian,
    TahapPelaksanaan,
)
from detail_project.scheduling import Period
from detail_project.selectors.cells import (
    assignment_hundredths,
    project_cells,
    tahapan_queryset,
)
from detail_project.selectors.kurva_s import axis_bins
from detail_project.selectors.plans import (
    GeneratedTahapan,
    generated_cell_total,
    hundredths_of_sum,
    plan_mismatches,
)
from detail_project.selectors.rab import rab_tree
from detail_project.selectors.realisasi import realisasi_changes_since, realisasi_json
from detail_project.selectors.team import history_logs

logger = logging.getLogger(__name__)
HUNDRED = Decimal("100")
ZERO = Decimal("0")
CENT = Decimal("0.01")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def tahapan_as_dict(tahapan: TahapPelaksanaan) -> dict[str, Any]:
    return {
        "tahapan_id": tahapan.pk,
        "nama": tahapan.nama,
        "urutan": tahapan.urutan,
        "deskripsi": tahapan.deskripsi,
        "tanggal_mulai": _iso(tahapan.tanggal_mulai),
        "tanggal_selesai": _iso(tahapan.tanggal_selesai),
        "is_auto_generated": tahapan.is_auto_generated,
        "generation_mode": tahapan.generation_mode,
        "created_at": _iso(tahapan.created_at),
    }


def _summary_cache_key(project: Project) -> str:
    # The version changes with every schedule write, so a stale summary can never be served;
    # old keys simply expire.
    return f"tahapan_summary:{project.pk}:{project.jadwal_version}"


def tahapan_summary(
    project: Project, *, known: Mapping[int, tuple[int, int]] | None = None
) -> list[dict[str, Any]]:
    """`GET tahapan/`: every tahapan with how many pekerjaan it holds and their summed share.

    `known` gives (cells, hundredths) of the generated tahapan when the caller has just
    written them (a time-scale switch): only the custom tahapan are then counted by the
    database, not every cell of a 365,000-cell daily schedule again.
    """
    key = _summary_cache_key(project)
    cached = _cache_call(cache.get, key)
    if cached is not None:
        return cached
    rows = tahapan_queryset(project)
    if known is None:
        rows = rows.annotate(
            jumlah_pekerjaan=Count("pekerjaan_items"),
            total_assigned=Sum("pekerjaan_items__proporsi_volume"),
        )
    else:
        counted = {
            row["pk"]: (row["n"], row["total"])
            for row in tahapan_queryset(project)
            .filter(is_auto_generated=False)
            .values("pk")
            .annotate(n=Count("pekerjaan_items"), total=Sum("pekerjaan_items__proporsi_volume"))
        }
    result = []
    for tahapan in rows:
        item = tahapan_as_dict(tahapan)
        if known is None:
            count, total = tahapan.jumlah_pekerjaan, Decimal(tahapan.total_assigned or 0)
        elif tahapan.pk in known:
            count, hundredths = known[tahapan.pk]
            total = Decimal(hundredths).scaleb(-2)
        else:
            count, summed = counted.get(tahapan.pk, (0, None))
            total = Decimal(summed or 0)
        item["jumlah_pekerjaan"] = count
        item["total_assigned_proportion"] = float(total.quantize(CENT))
        result.append(item)
    _cache_call(cache.set, key, result, settings.JADWAL_SUMMARY_CACHE_SECONDS)
    return result


def _cache_call(method: Any, *args: Any) -> Any:
    """The cache only saves time: when it is down (Redis restarting), answer from the
    database instead of failing the request."""
    try:
        return method(*args)
    except Exception:  # noqa: BLE001 - any cache backend error
        logger.warning("cache unavailable; tahapan summary read from the database", exc_info=True)
        return None


@dataclass(frozen=True, slots=True)
class PekerjaanTotal:
    pekerjaan_id: int
    kode_pekerjaan: str
    uraian: str
    volume: Decimal
    satuan: str
    total: Decimal


def pekerjaan_totals(project: Project, *, having: Q | None = None) -> list[PekerjaanTotal]:
    """Each pekerjaan of the project with the sum of its proporsi (0 when unscheduled)."""
    queryset = (
        Pekerjaan.objects.filter(project=project)
        .annotate(total=Sum("tahapan_items__proporsi_volume"))
        .order_by(
            "sub_klasifikasi__klasifikasi__ordering_index",
            "sub_klasifikasi__klasifikasi_id",
            "sub_klasifikasi__ordering_index",
            "sub_klasifikasi_id",
            "ordering_index",
            "id",
        )
        .values_list("id", "kode_pekerjaan", "uraian", "volume", "satuan", "total")
    )
    if having is not None:
        queryset = queryset.filter(having)
    # SQLite sums decimals in floating point; every true total is a multiple of 0.01.
    return [
        PekerjaanTotal(pk, kode, uraian, volume, satuan, Decimal(total or 0).quantize(CENT))
        for pk, kode, uraian, volume, satuan, total in queryset
    ]


def tahapan_validation(project: Project) -> dict[str, Any]:
    """`GET tahapan/validate/`: pekerjaan whose total is not exactly 100 %."""
    totals = pekerjaan_totals(project)
    issues = []
    for row in totals:
        if row.total == HUNDRED:
            continue
        issue: dict[str, Any] = {
            "pekerjaan_id": row.pekerjaan_id,
            "pekerjaan_nama": row.uraian,
            "kode_pekerjaan": row.kode_pekerjaan,
            "total_proporsi": float(row.total),
        }
        if row.total < HUNDRED:
            issue["missing"] = float(HUNDRED - row.total)
        else:
            issue["excess"] = float(row.total - HUNDRED)
        issues.append(issue)
    return {
        "valid": not issues,
        "issues": issues,
        "valid_count": len(totals) - len(issues),
        "invalid_count": len(issues),
    }


def tahapan_unassigned(project: Project) -> list[dict[str, Any]]:
    """`GET tahapan/unassigned/`: pekerjaan with less than 100 % scheduled."""
    return [
        {
            "pekerjaan_id": row.pekerjaan_id,
            "kode_pekerjaan": row.kode_pekerjaan,
            "uraian": row.uraian,
            "volume": float(row.volume),
            "satuan": row.satuan,
            "total_assigned": float(row.total),
            "remaining": float(HUNDRED - row.total),
        }
        for row in pekerjaan_totals(project)
        if row.total < HUNDRED
    ]


def pekerjaan_assignments(project: Project, pekerjaan: Pekerjaan) -> dict[str, Any]:
    rows = (
        PekerjaanTahapan.objects.filter(pekerjaan=pekerjaan, tahapan__project=project)
        .order_by("-tahapan__is_auto_generated", "tahapan__urutan", "tahapan_id")
        .values_list("tahapan_id", "tahapan__nama", "proporsi_volume", "tahapan__urutan")
    )
    rows = list(rows)
    assignments = [
        {"tahapan_id": tid, "tahapan_nama": nama, "proporsi": float(p), "urutan": urutan}
        for tid, nama, p, urutan in rows
    ]
    total = sum((p for _, _, p, _ in rows), ZERO)
    return {
        "pekerjaan_id": pekerjaan.pk,
        "assignments": assignments,
        "total_proporsi": float(total),
    }


def volume_list(project: Project) -> list[dict[str, Any]]:
    rows = (
        Pekerjaan.objects.filter(project=project)
        .order_by("id")
        .values_list("id", "volume", "satuan")
    )
    return [{"pekerjaan_id": pk, "volume": float(v), "satuan": s} for pk, v, s in rows]


def _label_parts(rows: list[dict[str, Any]]) -> None:
    """Add the parts a label is made of, as data: `nomor` (1-based among the generated tahapan
    of the scale) and, for a month, `bulan` / `tahun`. The page formats labels from these in
    the reader's language and never parses `nama`."""
    nomor = 0
    for row in rows:
        row["nomor"] = row["bulan"] = row["tahun"] = None
        if not row["is_auto_generated"]:
            continue
        nomor += 1
        row["nomor"] = nomor
        if row["generation_mode"] == "monthly" and row["tanggal_mulai"]:
            year, month, _ = row["tanggal_mulai"].split("-")
            row["bulan"], row["tahun"] = int(month), int(year)


def jadwal_grid_data(project: Project) -> dict[str, Any]:
    """Everything the grid page needs but its cells (`jadwal_grid_json` adds them, built by the
    database). A constant number of queries whatever the size of the project."""
    rab = rab_tree(project)
    tahapan = [
        {
            "id": t.pk,
            "nama": t.nama,
            "urutan": t.urutan,
            "deskripsi": t.deskripsi,
            "tanggal_mulai": _iso(t.tanggal_mulai),
            "tanggal_selesai": _iso(t.tanggal_selesai),
            "is_auto_generated": t.is_auto_generated,
            "generation_mode": t.generation_mode,
        }
        for t in tahapan_queryset(project).only(
            "id",
            "nama",
            "urutan",
            "deskripsi",
            "tanggal_mulai",
            "tanggal_selesai",
            "is_auto_generated",
            "generation_mode",
        )
    ]
    _label_parts(tahapan)
    generated = sorted(
        (
            GeneratedTahapan(
                row["id"],
                Period(
                    dt.date.fromisoformat(row["tanggal_mulai"]),
                    dt.date.fromisoformat(row["tanggal_selesai"]),
                ),
                row["generation_mode"],
            )
            for row in tahapan
            if row["is_auto_generated"] and row["tanggal_mulai"] and row["tanggal_selesai"]
        ),
        key=lambda row: row.period.start,
    )
    bins = axis_bins(project, generated=generated)
    tree = [
        {
            "id": klasifikasi.id,
            "name": klasifikasi.name,
            "sub": [
                {
                    "id": sub.id,
                    "name": sub.name,
                    "pekerjaan": [
                        {
                            "id": row.id,
                            "kode": row.kode_pekerjaan,
                            "uraian": row.uraian,
                            "satuan": row.satuan,
                            "volume": float(row.volume),
                            "harga_satuan": float(row.harga_satuan),
                            "jumlah_harga": float(row.jumlah_harga),
                            "biaya": f"{row.jumlah_harga:f}",
                            "bobot": round(float(row.bobot), 6),
                        }
                        for row in sub.pekerjaan
                    ],
                }
                for sub in klasifikasi.subs
            ],
        }
        for klasifikasi in rab.klasifikasi
    ]
    return {
        "version": project.jadwal_version,
        "mode": project.jadwal_mode,
        "week_end_day": project.week_end_day,
        "today": clock.today().isoformat(),
        "project": {
            "id": project.pk,
            "nama": project.nama,
            "tanggal_mulai": _iso(project.tanggal_mulai),
            "tanggal_selesai": _iso(project.tanggal_selesai),
            "total_biaya": float(rab.total_exact),
        },
        "axis": {
            "scale": bins.scale,
            "periods": [
                {
                    "nomor": nomor,
                    "tanggal_mulai": period.start.isoformat(),
                    "tanggal_selesai": period.end.isoformat(),
                    "tahapan_id": tahapan_id,
                }
                for nomor, (period, tahapan_id) in enumerate(
                    zip(bins.periods, bins.tahapan_ids, strict=True), start=1
                )
            ],
        },
        "tahapan": tahapan,
        "tree": tree,
    }


# Writes that change only cells (of the plan or of the realisasi): a client learns of them from
# `updated_elsewhere` / `realisasi_elsewhere`. Anything else (the time scale, tahapan, the RAB)
# makes it reload the whole schedule.
CELL_ACTIONS = (
    JadwalLog.Action.SAVE,
    JadwalLog.Action.ASSIGN,
    JadwalLog.Action.UNASSIGN,
    JadwalLog.Action.FIX,
    JadwalLog.Action.REPAIR,
    JadwalLog.Action.REALISASI_SAVE,
    JadwalLog.Action.BASELINE_CREATE,
    JadwalLog.Action.BASELINE_DELETE,
)


def jadwal_changes_since(
    project: Project,
    *,
    version: int,
    exclude: Iterable[int] = (),
    exclude_realisasi: Iterable[int] = (),
) -> dict[str, Any]:
    """What changed after `version` (the one a client read), for the answer to its save:
    the current cells of every pekerjaan whose plan someone else changed since
    (`updated_elsewhere`), the same for the realisasi (`realisasi_elsewhere`), and whether
    anything but cells changed (`reload`). `exclude`, `exclude_realisasi`: what this save
    changed itself. A few queries, whatever the size of the project."""
    empty = {"pekerjaan": [], "assignments": []}
    if version >= project.jadwal_version:
        return {"updated_elsewhere": empty, "realisasi_elsewhere": empty, "reload": False}
    moved = sorted(
        set(
            RencanaHarian.objects.filter(project=project, version__gt=version).values_list(
                "pekerjaan_id", flat=True
            )
        )
        - set(exclude)
    )
    cells = (
        [
            [p, t, h / 100]
            for p, t, h in assignment_hundredths(
                PekerjaanTahapan.objects.filter(pekerjaan_id__in=moved)
            )
        ]
        if moved
        else []
    )
    reload = (
        JadwalLog.objects.filter(project=project, version__gt=version)
        .exclude(action__in=CELL_ACTIONS)
        .exists()
    )
    return {
        "updated_elsewhere": {"pekerjaan": moved, "assignments": cells},
        "realisasi_elsewhere": realisasi_changes_since(
            project, version=version, exclude=exclude_realisasi
        ),
        "reload": reload,
    }


def jadwal_history(
    project: Project, *, limit: int = 50, user_id: int | None = None
) -> list[dict[str, Any]]:
    logs = history_logs(project, user_id=user_id)[:limit]
    return [
        {
            "id": log.pk,
            "action": log.action,
            "action_label": str(log.get_action_display()),
            "user": log.user.get_username() if log.user else None,
            "created_at": log.created_at.isoformat(),
            "cells": log.cells,
            "version": log.version,
            "detail": log.detail,
        }
        for log in logs
    ]


def _assignments_json(project: Project) -> tuple[str, int, int]:
    """The `assignments` array as JSON text, built by the database where it can (50,000 cells
    then never become Python objects at all: the read is ~4× faster than going through rows),
    and in the same statement the two sums of the plan check: hundredths in generated
    tahapan (from the same scan) and in the stored day plans."""
    cells = _quote(PekerjaanTahapan._meta.db_table)
    tahapan = _quote(TahapPelaksanaan._meta.db_table)
    plans = _quote(RencanaHarian._meta.db_table)
    pekerjaan = _quote(Pekerjaan._meta.db_table)
    # Through the project's pekerjaan: see `selectors.cells.project_cells` for why.
    where = (
        f"FROM {cells} c JOIN {tahapan} t ON t.id = c.tahapan_id "  # noqa: S608
        f"WHERE c.pekerjaan_id IN (SELECT id FROM {pekerjaan} WHERE project_id = %s)"
    )
    planned = f"(SELECT COALESCE(SUM(r.total), 0) FROM {plans} r WHERE r.project_id = %s)"  # noqa: S608
    generated = (
        f"COALESCE(SUM(CASE WHEN t.is_auto_generated THEN c.proporsi_volume END), 0), {planned}"
    )
    if connection.vendor == "postgresql":
        sql = (
            "SELECT COALESCE(json_agg(json_build_array(c.pekerjaan_id, c.tahapan_id, "
            f"c.proporsi_volume))::text, '[]'), {generated} {where}"
        )
    elif connection.vendor == "sqlite":
        sql = (
            "SELECT COALESCE(json_group_array(json_array(c.pekerjaan_id, c.tahapan_id, "
            f"c.proporsi_volume)), '[]'), {generated} {where}"
        )
    else:
        rows = assignment_hundredths(project_cells(project))
        text = json.dumps([[p, t, h / 100] for p, t, h in rows], separators=(",", ":"))
        planned = RencanaHarian.objects.filter(project=project).aggregate(n=Sum("total"))["n"]
        return text, generated_cell_total(project), planned or 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk, project.pk])  # noqa: S608 - names from model metadata
        text, generated_total, planned_total = cursor.fetchone()
        return text, hundredths_of_sum(generated_total), int(planned_total)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _dated_spans(tahapan: list[dict[str, Any]]) -> list[tuple[int, bool, Period]]:
    """(id, generated, dates) of the dated tahapan of `jadwal_grid_data`'s list."""
    return [
        (
            row["id"],
            row["is_auto_generated"],
            Period(
                dt.date.fromisoformat(row["tanggal_mulai"]),
                dt.date.fromisoformat(row["tanggal_selesai"]),
            ),
        )
        for row in tahapan
        if row["tanggal_mulai"] and row["tanggal_selesai"]
    ]


def jadwal_grid_json(project: Project) -> str:
    """`jadwal_grid_data` as JSON text, with `"ok": true` (the API's answer, which the page
    also embeds). The plan check rides on the cell scan: only when the project's plans and its
    generated cells add up differently is the per-pekerjaan query run."""
    assignments, generated, planned = _assignments_json(project)
    data = {
        "ok": True,
        **jadwal_grid_data(project),
        "plan_mismatch": plan_mismatches(project, generated_total=generated, planned_total=planned),
    }
    realisasi = realisasi_json(project, tahapan=_dated_spans(data["tahapan"]))
    head = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return f'{head[:-1]},"assignments":{assignments},"realisasi":{realisasi}}}'
