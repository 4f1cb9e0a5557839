"""Writes of the schedule: the grid save, the time-scale switch, and the totals fix.

Every function is one transaction that first locks the project row (`select_for_update`), so
concurrent writers queue instead of interleaving; checks the schedule version the client last
saw (409 when someone else saved in between); validates everything before the first write; and
leaves an audit row (`JadwalLog`). A failure anywhere rolls the whole write back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from dashboard.models import JadwalMode, Project
from detail_project import scheduling
from detail_project.models import (
    JadwalLog,
    Pekerjaan,
    PekerjaanTahapan,
    TahapPelaksanaan,
)
from detail_project.selectors.jadwal import assignment_hundredths
from detail_project.services.cells import cells_delete, cells_insert, cells_upsert
from detail_project.services.errors import ServiceError, StaleVersion

User = AbstractBaseUser | AnonymousUser | None
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
MAX_CELL = 10_000  # 100.00 % in hundredths
GENERATED_MODES = (JadwalMode.DAILY, JadwalMode.WEEKLY, JadwalMode.MONTHLY)


def to_decimal(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


def to_hundredths(value: Decimal) -> int:
    return int(value.scaleb(2))


# --- shared steps -------------------------------------------------------------------------


def lock_project(project: Project) -> Project:
    """Re-read the project row under a write lock; concurrent schedule writers wait here."""
    return Project.objects.select_for_update().get(pk=project.pk)


def check_version(project: Project, version: int | None) -> None:
    if version is not None and version != project.jadwal_version:
        raise StaleVersion(
            gettext(
                "Someone else saved this schedule since you opened it (your version %(yours)s, "
                "current %(current)s). Reload to see their changes."
            )
            % {"yours": version, "current": project.jadwal_version},
            version=project.jadwal_version,
        )


def record_write(
    project: Project,
    *,
    user: User,
    action: str,
    cells: int = 0,
    detail: dict[str, Any] | None = None,
    **fields: Any,
) -> int:
    """Bump the schedule version (and any project `fields`), write the audit row, and return
    the new version."""
    new_version = project.jadwal_version + 1
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(
        jadwal_version=new_version, updated_at=now, **fields
    )
    project.jadwal_version = new_version
    project.updated_at = now
    for name, value in fields.items():
        setattr(project, name, value)
    JadwalLog.objects.create(
        project=project,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        cells=cells,
        version=new_version,
        detail=detail or {},
    )
    return new_version


def refuse_unknown_ids(
    project: Project, *, pekerjaan_ids: Iterable[int] = (), tahapan_ids: Iterable[int] = ()
) -> None:
    """Ids that are not this project's refuse the whole request, listing them."""
    wanted_p = set(pekerjaan_ids)
    wanted_t = set(tahapan_ids)
    missing_p: list[int] = []
    missing_t: list[int] = []
    if wanted_p:
        found = Pekerjaan.objects.filter(project=project, pk__in=wanted_p).values_list(
            "pk", flat=True
        )
        missing_p = sorted(wanted_p - set(found))
    if wanted_t:
        found = TahapPelaksanaan.objects.filter(project=project, pk__in=wanted_t).values_list(
            "pk", flat=True
        )
        missing_t = sorted(wanted_t - set(found))
    problems = []
    if missing_p:
        problems.append(gettext("unknown pekerjaan_id %s") % _id_list(missing_p))
    if missing_t:
        problems.append(gettext("unknown tahapan_id %s") % _id_list(missing_t))
    if problems:
        raise ServiceError(
            gettext("Nothing was saved: %s in this project.") % "; ".join(problems),
            unknown_pekerjaan_ids=missing_p,
            unknown_tahapan_ids=missing_t,
        )


def _id_list(ids: Sequence[int], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")


def refuse_totals_above_100(project: Project, pekerjaan_ids: Iterable[int]) -> None:
    """Run after writing, inside the transaction: a pekerjaan cannot be planned beyond 100 %."""
    ids = set(pekerjaan_ids)
    if not ids:
        return
    # A pekerjaan's cells all lie in its own project's tahapan, so no join is needed here.
    over = dict(
        PekerjaanTahapan.objects.filter(pekerjaan_id__in=ids)
        .values("pekerjaan_id")
        .annotate(total=Sum("proporsi_volume"))
        # SQLite sums decimals as floats (52 cells of 1.92/1.93 give 100.00000000000001);
        # true totals are multiples of 0.01, so anything over 100.005 is really over.
        .filter(total__gt=HUNDRED + Decimal("0.005"))
        .order_by("pekerjaan_id")
        .values_list("pekerjaan_id", "total")[:20]
    )
    if not over:
        return
    rows = Pekerjaan.objects.filter(project=project, pk__in=over).order_by("pk")
    names = "; ".join(
        f"{row.kode_pekerjaan or row.pk} ({row.uraian[:40]}) "
        f"{Decimal(over[row.pk]).quantize(CENT)} %"
        for row in rows.only("pk", "kode_pekerjaan", "uraian")
    )
    raise ServiceError(
        gettext("Nothing was saved: a pekerjaan cannot be planned beyond 100 %% (%s).") % names,
        over_100=sorted(over),
    )


# --- the grid save ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellChange:
    pekerjaan_id: int
    tahapan_id: int
    hundredths: int  # 0 removes the cell


@dataclass(frozen=True, slots=True)
class SaveResult:
    version: int
    saved: int
    removed: int


def jadwal_save(
    *, project: Project, user: User, version: int | None, changes: Sequence[CellChange]
) -> SaveResult:
    """Apply every changed cell of the grid at once: all or nothing.

    A cell listed twice takes its last value, as typing twice in a spreadsheet would.
    """
    with transaction.atomic():
        project = lock_project(project)
        check_version(project, version)
        merged: dict[tuple[int, int], int] = {}
        for change in changes:
            if not 0 <= change.hundredths <= MAX_CELL:
                raise ServiceError(gettext("proporsi must be between 0 and 100."))
            merged[(change.pekerjaan_id, change.tahapan_id)] = change.hundredths
        if not merged:
            return SaveResult(version=project.jadwal_version, saved=0, removed=0)
        refuse_unknown_ids(
            project,
            pekerjaan_ids={p for p, _ in merged},
            tahapan_ids={t for _, t in merged},
        )
        upserts = [(p, t, to_decimal(h)) for (p, t), h in merged.items() if h > 0]
        removals = [(p, t) for (p, t), h in merged.items() if h == 0]
        removed = cells_delete(removals)
        saved = cells_upsert(upserts)
        refuse_totals_above_100(project, {p for p, _, _ in upserts})
        new_version = record_write(
            project,
            user=user,
            action=JadwalLog.Action.SAVE,
            cells=len(merged),
            detail={"saved": saved, "removed": removed},
        )
    return SaveResult(version=new_version, saved=saved, removed=removed)


# --- the time-scale switch ----------------------------------------------------------------


@dataclass
class RegenerateResult:
    mode: str
    version: int
    tahapan_deleted: int = 0
    tahapan_created: int = 0
    converted_assignments: int = 0
    clamped: list[dict[str, Any]] = field(default_factory=list)
    spilled: list[dict[str, Any]] = field(default_factory=list)
    unchanged: bool = False


def _unique_label(label: str, taken: set[str]) -> str:
    candidate = label
    suffix = 2
    while candidate in taken:
        candidate = f"{label} ({suffix})"
        suffix += 1
    taken.add(candidate)
    return candidate


def tahapan_regenerate(
    *,
    project: Project,
    user: User,
    mode: str,
    week_end_day: int | None = None,
    convert_assignments: bool = True,
    version: int | None = None,
) -> RegenerateResult:
    """Switch the project's time scale (SPEC §4).

    daily / weekly / monthly replace the auto-generated tahapan and carry their assignments
    over exactly (`scheduling.convert_assignments`); custom tahapan and their cells are never
    touched. "custom" generates nothing and changes nothing but the mode. One transaction: if
    anything fails, the schedule is exactly as it was.
    """
    if mode not in JadwalMode.values:
        raise ServiceError(
            gettext("Unknown mode %(mode)r: use one of daily, weekly, monthly, custom.")
            % {"mode": mode}
        )
    if week_end_day is not None and not 0 <= week_end_day <= 6:
        raise ServiceError(gettext("week_end_day must be 0 (Monday) … 6 (Sunday)."))
    with transaction.atomic():
        project = lock_project(project)
        check_version(project, version)
        week_end = project.week_end_day if week_end_day is None else week_end_day
        if mode == JadwalMode.CUSTOM:
            new_version = record_write(
                project,
                user=user,
                action=JadwalLog.Action.REGENERATE,
                detail={"mode": mode},
                jadwal_mode=mode,
            )
            return RegenerateResult(mode=mode, version=new_version)

        periods = scheduling.generate_periods(
            mode, project.tanggal_mulai, project.tanggal_selesai, week_end_day=week_end
        )
        old = list(
            TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True)
            .order_by("urutan", "id")
            .values_list("id", "tanggal_mulai", "tanggal_selesai", "generation_mode")
        )
        if _same_time_scale(old, periods, mode):
            new_version = record_write(
                project,
                user=user,
                action=JadwalLog.Action.REGENERATE,
                detail={"mode": mode, "unchanged": True},
                jadwal_mode=mode,
                week_end_day=week_end,
            )
            return RegenerateResult(mode=mode, version=new_version, unchanged=True)

        old_ids = [row[0] for row in old]
        result = _convert_existing(old, periods) if convert_assignments else None
        PekerjaanTahapan.objects.filter(tahapan_id__in=_auto_ids_subquery(project)).delete()
        deleted = (
            TahapPelaksanaan.objects.filter(pk__in=old_ids)
            .delete()[1]
            .get(TahapPelaksanaan._meta.label, 0)
        )
        new_ids = _create_generated_tahapan(project, mode, periods)
        converted = 0
        if result is not None:
            converted = cells_insert(
                (pekerjaan_id, new_ids[index], value)
                for (pekerjaan_id, index), value in result.cells.items()
            )
        clamped = [
            {"pekerjaan_id": p, "proporsi": float(to_decimal(v))}
            for p, v in sorted((result.clamped if result else {}).items())
            if v
        ]
        spilled = [
            {"pekerjaan_id": p, "proporsi": float(to_decimal(v))}
            for p, v in sorted((result.spilled if result else {}).items())
            if v
        ]
        new_version = record_write(
            project,
            user=user,
            action=JadwalLog.Action.REGENERATE,
            cells=converted,
            detail={
                "mode": mode,
                "week_end_day": week_end,
                "tahapan_deleted": deleted,
                "tahapan_created": len(new_ids),
                "convert_assignments": convert_assignments,
                "clamped": clamped,
            },
            jadwal_mode=mode,
            week_end_day=week_end,
        )
    return RegenerateResult(
        mode=mode,
        version=new_version,
        tahapan_deleted=deleted,
        tahapan_created=len(new_ids),
        converted_assignments=converted,
        clamped=clamped,
        spilled=spilled,
    )


def _auto_ids_subquery(project: Project):
    return TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True).values("pk")


def _same_time_scale(
    old: Sequence[tuple[int, Any, Any, str]], periods: Sequence[scheduling.Period], mode: str
) -> bool:
    """True when the generated tahapan already are exactly these periods: keep them (and their
    ids) instead of deleting and recreating identical rows."""
    if len(old) != len(periods):
        return False
    return all(
        generation_mode == mode and start == period.start and end == period.end
        for (_, start, end, generation_mode), period in zip(old, periods, strict=True)
    )


def _convert_existing(
    old: Sequence[tuple[int, Any, Any, str]], periods: Sequence[scheduling.Period]
) -> scheduling.ConversionResult:
    old_periods = {
        pk: scheduling.Period(start, end)
        for pk, start, end, _ in old
        if start is not None and end is not None
    }
    assignments = assignment_hundredths(
        PekerjaanTahapan.objects.filter(tahapan_id__in=list(old_periods))
    )
    try:
        return scheduling.convert_assignments(old_periods, assignments, periods)
    except scheduling.ConversionError as exc:
        raise ServiceError(
            gettext("The schedule cannot be converted: %s. Nothing was changed.") % exc
        ) from exc


def _create_generated_tahapan(
    project: Project, mode: str, periods: Sequence[scheduling.Period]
) -> list[int]:
    taken = set(
        TahapPelaksanaan.objects.filter(project=project, is_auto_generated=False).values_list(
            "nama", flat=True
        )
    )
    rows = [
        TahapPelaksanaan(
            project=project,
            nama=_unique_label(
                scheduling.period_label(mode, index, period, gettext=gettext), taken
            ),
            urutan=index,
            tanggal_mulai=period.start,
            tanggal_selesai=period.end,
            is_auto_generated=True,
            generation_mode=mode,
        )
        for index, period in enumerate(periods, start=1)
    ]
    created = TahapPelaksanaan.objects.bulk_create(rows, batch_size=500)
    if all(row.pk is not None for row in created):
        return [row.pk for row in created]
    # Backends that do not return ids from bulk inserts (MySQL): read them back in order.
    return list(
        TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True)
        .order_by("urutan")
        .values_list("pk", flat=True)
    )


# --- totals fix (manage.py fix_tahapan_assignments) ---------------------------------------


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
    version: int | None = None


def jadwal_fix_totals(*, project: Project, user: User, dry_run: bool = False) -> FixReport:
    """Rescale every pekerjaan whose total is > 0 and ≠ 100 to exactly 100 (largest
    remainder keeps the shape of the schedule); 0-total pekerjaan are listed, not invented."""
    with transaction.atomic():
        project = lock_project(project)
        cells_by_pekerjaan: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pekerjaan_id, tahapan_id, proporsi in (
            PekerjaanTahapan.objects.filter(tahapan__project=project)
            .order_by("pekerjaan_id", "-tahapan__is_auto_generated", "tahapan__urutan", "id")
            .values_list("pekerjaan_id", "tahapan_id", "proporsi_volume")
        ):
            cells_by_pekerjaan[pekerjaan_id].append((tahapan_id, to_hundredths(proporsi)))
        report = FixReport()
        upserts: list[tuple[int, int, Decimal]] = []
        removals: list[tuple[int, int]] = []
        for pekerjaan_id, kode, uraian in (
            Pekerjaan.objects.filter(project=project)
            .order_by("ordering_index", "id")
            .values_list("id", "kode_pekerjaan", "uraian")
        ):
            cells = cells_by_pekerjaan.get(pekerjaan_id, [])
            total = sum(value for _, value in cells)
            if total == 0:
                report.zero_total.append((pekerjaan_id, kode, uraian))
                continue
            if total == MAX_CELL:
                continue
            scaled = scheduling.rescale_to_total([value for _, value in cells], MAX_CELL)
            for (tahapan_id, before), after in zip(cells, scaled, strict=True):
                if after == before:
                    continue
                if after == 0:
                    removals.append((pekerjaan_id, tahapan_id))
                else:
                    upserts.append((pekerjaan_id, tahapan_id, to_decimal(after)))
            report.fixes.append(
                TotalFix(pekerjaan_id, kode, uraian, to_decimal(total), to_decimal(MAX_CELL))
            )
        if dry_run or not report.fixes:
            transaction.set_rollback(True)
            return report
        cells_delete(removals)
        cells_upsert(upserts)
        report.version = record_write(
            project,
            user=user,
            action=JadwalLog.Action.FIX,
            cells=len(upserts) + len(removals),
            detail={"pekerjaan": [fix.pekerjaan_id for fix in report.fixes]},
        )
    return report


# --- maintenance (manage.py cleanup_old_data) ---------------------------------------------


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
        with transaction.atomic():
            project = Project.objects.select_for_update().get(pk=project_id)
            deleted, _ = TahapPelaksanaan.objects.filter(
                pk__in=ids, pekerjaan_items__isnull=True
            ).delete()
            record_write(
                project,
                user=None,
                action=JadwalLog.Action.TAHAPAN_DELETE,
                detail={"cleanup": True, "tahapan_ids": ids, "days": days},
            )
            report.by_project[project_id] = deleted
    report.deleted = sum(report.by_project.values())
    return report
