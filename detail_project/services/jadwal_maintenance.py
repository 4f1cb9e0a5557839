"""Maintenance of schedules, for the management commands: repair day plans that disagree with
their cells, rescale totals to 100 %, and delete stale generated tahapan."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dashboard.models import GENERATED_MODES, Project
from detail_project import scheduling
from detail_project.models import JadwalLog, Pekerjaan, PekerjaanTahapan, TahapPelaksanaan
from detail_project.scheduling import FULL
from detail_project.selectors.cells import assignment_hundredths
from detail_project.selectors.plans import generated_tahapan, plans_from_cells, plans_load
from detail_project.services.gate import User, jadwal_write
from detail_project.services.jadwal_save import cells_apply, to_decimal
from detail_project.services.plans import plans_store


@dataclass(frozen=True, slots=True)
class TotalFix:
    pekerjaan_id: int
    kode_pekerjaan: str
    uraian: str
    old_total: Decimal
    new_total: Decimal


@dataclass
class FixReport:
    fixes: list[TotalFix] = field(default_factory=list)
    zero_total: list[tuple[int, str, str]] = field(default_factory=list)
    repaired: list[tuple[int, str, str]] = field(default_factory=list)
    version: int | None = None


def plan_cell_mismatches(project: Project) -> list[int]:
    """Pekerjaan whose day plan, projected on the generated tahapan, differs from their cells
    in any cell (a full check; `plan_mismatches` compares totals in one query)."""
    tahapan = generated_tahapan(project)
    bins = scheduling.Bins([row.period for row in tahapan]) if tahapan else None
    index = {row.pk: position for position, row in enumerate(tahapan)}
    cells: dict[int, list[int]] = defaultdict(lambda: [0] * len(tahapan))
    for pekerjaan_id, tahapan_id, hundredths in assignment_hundredths(
        PekerjaanTahapan.objects.filter(tahapan_id__in=list(index))
    ):
        cells[pekerjaan_id][index[tahapan_id]] = hundredths
    plans = plans_load(project)
    mismatched = []
    for pekerjaan_id in sorted(set(cells) | {pk for pk, plan in plans.items() if plan}):
        plan = plans.get(pekerjaan_id, scheduling.EMPTY)
        projected = scheduling.plan_project(plan, bins) if bins else []
        if projected != cells.get(pekerjaan_id, [0] * len(tahapan)) or (not bins and plan):
            mismatched.append(pekerjaan_id)
    return mismatched


def jadwal_fix_totals(*, project: Project, user: User, dry_run: bool = False) -> FixReport:
    """Repair day plans that disagree with their cells (rebuilt from the cells, which are what
    the planner last saw), then rescale every pekerjaan whose total is > 0 and ≠ 100 to exactly
    100 (largest remainder keeps the shape; generated cells write through to the days).
    0-total pekerjaan are listed, not invented. With `dry_run` nothing is written."""
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.FIX) as write:
        locked = write.project
        names = {
            pk: (kode, uraian)
            for pk, kode, uraian in Pekerjaan.objects.filter(project=locked)
            .order_by("ordering_index", "id")
            .values_list("pk", "kode_pekerjaan", "uraian")
        }
        report = FixReport()
        mismatched = plan_cell_mismatches(locked)
        report.repaired = [(pk, *names.get(pk, ("", ""))) for pk in mismatched]
        if mismatched and not dry_run:
            rebuilt = plans_from_cells(locked, mismatched)
            plans_store(locked, rebuilt, version=write.next_version)
            write.changed(rebuilt, stamped=True)
            write.detail["repaired"] = mismatched

        cells_by_pekerjaan: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pekerjaan_id, tahapan_id, proporsi in (
            PekerjaanTahapan.objects.filter(tahapan__project=locked)
            .order_by("pekerjaan_id", "-tahapan__is_auto_generated", "tahapan__urutan", "id")
            .values_list("pekerjaan_id", "tahapan_id", "proporsi_volume")
        ):
            cells_by_pekerjaan[pekerjaan_id].append((tahapan_id, int(proporsi.scaleb(2))))
        wanted: dict[tuple[int, int], int] = {}
        for pekerjaan_id in names:
            kode, uraian = names[pekerjaan_id]
            cells = cells_by_pekerjaan.get(pekerjaan_id, [])
            total = sum(value for _, value in cells)
            if total == 0:
                report.zero_total.append((pekerjaan_id, kode, uraian))
                continue
            if total == FULL:
                continue
            scaled = scheduling.rescale_to_total([value for _, value in cells], FULL)
            for (tahapan_id, before), after in zip(cells, scaled, strict=True):
                if after != before:
                    wanted[(pekerjaan_id, tahapan_id)] = after
            report.fixes.append(
                TotalFix(pekerjaan_id, kode, uraian, to_decimal(total), to_decimal(FULL))
            )
        if dry_run:
            transaction.set_rollback(True)
            return report
        if wanted:
            cells_apply(write, wanted)
            write.detail["pekerjaan"] = [fix.pekerjaan_id for fix in report.fixes]
    report.version = write.version if write.touched else None
    return report


@dataclass
class CleanupReport:
    deleted: int = 0
    by_project: dict[int, int] = field(default_factory=dict)


def tahapan_cleanup_old(*, days: int, dry_run: bool = False) -> CleanupReport:
    """Delete old, empty, *stale* generated tahapan.

    The deployment guide deletes every empty auto-generated tahapan older than `days`. In a live
    schedule that would punch holes into the time scale (the weeks nobody has planned yet are
    empty too), so only tahapan that no longer belong to their project's time scale go: those
    of another generated mode than the project's current one, or lying outside the project's
    dates. Each project touched gets a new version and an audit row.
    """
    cutoff = timezone.now() - dt.timedelta(days=days)
    candidates = (
        TahapPelaksanaan.objects.filter(
            is_auto_generated=True, created_at__lt=cutoff, pekerjaan_items__isnull=True
        )
        .select_related("project")
        .order_by("project_id", "urutan")
    )
    stale: dict[int, list[int]] = defaultdict(list)
    for tahapan in candidates:
        project = tahapan.project
        other_mode = (
            project.jadwal_mode in GENERATED_MODES
            and tahapan.generation_mode != project.jadwal_mode
        )
        outside = (tahapan.tanggal_selesai and tahapan.tanggal_selesai < project.tanggal_mulai) or (
            tahapan.tanggal_mulai and tahapan.tanggal_mulai > project.tanggal_selesai
        )
        if other_mode or outside:
            stale[project.pk].append(tahapan.pk)
    report = CleanupReport(
        deleted=sum(len(ids) for ids in stale.values()),
        by_project={pk: len(ids) for pk, ids in stale.items()},
    )
    if dry_run:
        return report
    for project_id, ids in stale.items():
        with jadwal_write(
            project=project_id, user=None, action=JadwalLog.Action.TAHAPAN_DELETE
        ) as write:
            deleted, _ = TahapPelaksanaan.objects.filter(
                pk__in=ids, pekerjaan_items__isnull=True
            ).delete()
            write.touch()
            write.detail.update(cleanup=True, tahapan_ids=ids, days=days)
            report.by_project[project_id] = deleted
    report.deleted = sum(report.by_project.values())
    return report
