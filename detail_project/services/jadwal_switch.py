"""Switching the time scale, and rebuilding it when the project's dates move.

A switch never changes what is planned: it replaces the generated tahapan with the periods of
the new scale and writes their cells as the projection of every pekerjaan's day plan
(`scheduling.plan_project`). Returning to a scale therefore gives back every cell exactly,
however many switches happened in between (SPEC §9). Custom tahapan and their cells are never
touched. Everything happens in one `jadwal_write`: if anything fails, nothing changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from dashboard.models import JadwalMode, Project
from detail_project import scheduling
from detail_project.models import (
    JadwalLog,
    Pekerjaan,
    PekerjaanTahapan,
    RealisasiHarian,
    RencanaHarian,
    TahapPelaksanaan,
)
from detail_project.scheduling import FULL, DayPlan, Period
from detail_project.selectors.plans import (
    generated_tahapan,
    plan_mismatches,
    plans_from_cells,
    plans_load,
)
from detail_project.services.cells import cells_insert
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, Layer, User, jadwal_write
from detail_project.services.plans import plans_store

# A time scale as sentences name it ("switched to weekly", "Mode beralih ke mingguan").
SCALE_NAMES = {
    JadwalMode.DAILY: gettext_lazy("daily"),
    JadwalMode.WEEKLY: gettext_lazy("weekly"),
    JadwalMode.MONTHLY: gettext_lazy("monthly"),
    JadwalMode.CUSTOM: gettext_lazy("custom"),
}


def scale_name(mode: str) -> str:
    """The scale `mode` in the reader's language, lower case, for use inside a sentence."""
    return str(SCALE_NAMES.get(mode, mode))


@dataclass
class RegenerateResult:
    mode: str
    version: int = 0
    tahapan_deleted: int = 0
    tahapan_created: int = 0
    converted_assignments: int = 0
    clamped: list[dict[str, Any]] = field(default_factory=list)
    repaired: list[int] = field(default_factory=list)
    cleared: int = 0
    unchanged: bool = False
    # Per new generated tahapan id: (cells, hundredths) — what the switch just wrote, so the
    # answer's tahapan summary needs no aggregate over every cell.
    cell_totals: dict[int, tuple[int, int]] = field(default_factory=dict)


def tahapan_regenerate(
    *,
    project: Project,
    user: User,
    mode: str,
    week_end_day: int | None = None,
    convert_assignments: bool = True,
    version: int | None = None,
) -> RegenerateResult:
    """Switch the project's time scale (SPEC §4, §9).

    daily / weekly / monthly replace the generated tahapan with that scale's periods and
    project every day plan onto them. "custom" generates and deletes nothing: it only changes
    the mode. `convert_assignments=False` starts the new scale empty: the generated plan is
    cleared (the audit row says how much), custom cells stay.
    """
    if mode not in JadwalMode.values:
        raise ServiceError(
            gettext("Unknown time scale “%(mode)s”: use one of daily, weekly, monthly, custom.")
            % {"mode": mode}
        )
    if week_end_day is not None and not 0 <= week_end_day <= 6:
        raise ServiceError(gettext("Weeks must end on a day from 0 (Monday) to 6 (Sunday)."))
    result = RegenerateResult(mode=mode)
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.REGENERATE, version=version
    ) as write:
        locked = write.project
        week_end = locked.week_end_day if week_end_day is None else week_end_day
        write.detail.update(mode=mode)
        if mode == JadwalMode.CUSTOM:
            if locked.jadwal_mode != mode:
                write.touch(jadwal_mode=mode)
        else:
            periods = scheduling.generate_periods(
                mode, locked.tanggal_mulai, locked.tanggal_selesai, week_end_day=week_end
            )
            current = generated_tahapan(locked)
            same = [row.period for row in current] == periods and all(
                row.mode == mode for row in current
            )
            if same and convert_assignments:
                result.unchanged = True
                fields = {"jadwal_mode": mode, "week_end_day": week_end}
                changed = {k: v for k, v in fields.items() if getattr(locked, k) != v}
                if changed:
                    write.touch(**changed)
            else:
                result.cell_totals = rebuild_scale(
                    write, mode=mode, periods=periods, keep_plan=convert_assignments
                )
                write.touch(jadwal_mode=mode, week_end_day=week_end)
                write.detail.update(week_end_day=week_end, convert_assignments=convert_assignments)
                _fill(result, write)
    result.version = write.version
    return result


def tahapan_rebuild_for_dates(*, project: Project, user: User) -> RegenerateResult | None:
    """The project's dates (or week end) changed: rebuild its time scale on the new range.

    Days planned outside the new range move to the nearest day that remains (reported as
    `clamped`, never dropped); the generated tahapan are cut again from the new range and every
    plan is projected onto them. The mode stays what it was (custom included). Returns None
    when nothing was ever generated (the next scale choice uses the new dates).
    """
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.REGENERATE) as write:
        locked = write.project
        current = generated_tahapan(locked)
        if not current:
            _clamp_plans(write)
            return None
        mode = current[0].mode
        periods = scheduling.generate_periods(
            mode, locked.tanggal_mulai, locked.tanggal_selesai, week_end_day=locked.week_end_day
        )
        totals = rebuild_scale(write, mode=mode, periods=periods, keep_plan=True)
        write.detail.update(mode=mode, dates_changed=True, week_end_day=locked.week_end_day)
        result = RegenerateResult(mode=mode, cell_totals=totals)
        _fill(result, write)
    result.version = write.version
    return result


def _clamp_plans(write: JadwalWrite) -> list[dict[str, Any]]:
    """Move plan and realisasi days that lie outside the project's dates onto its first or last
    day (the plan's moves are reported as `clamped`, the realisasi's as `realisasi_clamped`)."""
    report = _clamp_layer(write, RencanaHarian)
    if report:
        write.detail["clamped"] = report
    realisasi = _clamp_layer(write, RealisasiHarian)
    if realisasi:
        write.detail["realisasi_clamped"] = realisasi
    return report


def _clamp_layer(write: JadwalWrite, layer: Layer) -> list[dict[str, Any]]:
    project = write.project
    first, last = project.tanggal_mulai.toordinal(), project.tanggal_selesai.toordinal()
    clamped: dict[int, DayPlan] = {}
    moved: dict[int, int] = {}
    problems: list[int] = []
    for pk, plan in plans_load(project, layer=layer).items():
        try:
            new, amount = scheduling.plan_clamp(plan, first, last)
        except scheduling.PlanError:
            problems.append(pk)
            continue
        if amount:
            clamped[pk], moved[pk] = new, amount
    if problems:
        raise ServiceError(
            gettext(
                "Nothing was changed: %(names)s would hold more than 100 %% on one day of the "
                "new dates, because its plan adds up to more than 100 %%. Lower it first."
            )
            % {"names": _names(problems)}
        )
    if clamped:
        plans_store(project, clamped, version=write.next_version, layer=layer)
        write.changed(clamped, stamped=True, layer=layer)
    return [{"pekerjaan_id": pk, "proporsi": amount / 100} for pk, amount in sorted(moved.items())]


def _names(pekerjaan_ids: list[int], limit: int = 10) -> str:
    rows = Pekerjaan.objects.filter(pk__in=pekerjaan_ids[:limit]).only("kode_pekerjaan", "uraian")
    return ", ".join(row.kode_pekerjaan or row.uraian[:40] for row in rows)


def _fill(result: RegenerateResult, write: JadwalWrite) -> None:
    for name in ("tahapan_deleted", "tahapan_created", "converted_assignments", "cleared"):
        setattr(result, name, write.detail.get(name, 0))
    result.repaired = list(write.detail.get("repaired", []))
    result.clamped = list(write.detail.get("clamped", []))


def rebuild_scale(
    write: JadwalWrite, *, mode: str, periods: Sequence[Period], keep_plan: bool
) -> dict[int, tuple[int, int]]:
    """Replace the generated tahapan with `periods` and project every plan onto them.

    Plans that disagree with their cells are rebuilt from them first, and days that lie
    outside the project (its dates were shortened) move to its first or last day; both are
    reported. With `keep_plan=False` the generated plan is cleared instead. Returns, per new
    tahapan id, how many cells it received and their hundredths.
    """
    project = write.project
    if keep_plan:
        repair_mismatched_plans(write)
        _clamp_plans(write)
    plans = plans_load(project)
    if not keep_plan:
        cleared = {pk: scheduling.EMPTY for pk, plan in plans.items() if plan}
        plans_store(project, cleared, version=write.next_version)
        write.changed(cleared, stamped=True)
        write.detail["cleared"] = sum(plan.total for plan in plans.values())
        plans = {}
    bins = scheduling.Bins(periods)
    cells: list[tuple[int, int, int]] = []
    over: list[int] = []
    for pekerjaan_id, plan in plans.items():
        row = scheduling.plan_project(plan, bins)
        if row and max(row) > FULL:
            over.append(pekerjaan_id)
            continue
        cells.extend((pekerjaan_id, index, value) for index, value in enumerate(row) if value)
    if over:
        names = _names(over)
        raise ServiceError(
            gettext(
                "Nothing was changed: on the %(mode)s scale one period of %(names)s would hold "
                "more than 100 %%, because its plan adds up to more than 100 %%. Lower it first "
                "(manage.py fix_tahapan_assignments rescales totals to 100 %%)."
            )
            % {"mode": scale_name(mode), "names": names}
        )
    auto = TahapPelaksanaan.objects.filter(project=project, is_auto_generated=True)
    PekerjaanTahapan.objects.filter(tahapan__in=auto.values("pk")).delete()
    deleted = auto.delete()[1].get(TahapPelaksanaan._meta.label, 0)
    new_ids = _create_generated_tahapan(project, mode, periods)
    written = cells_insert((p, new_ids[index], value) for p, index, value in cells)
    write.scale_changed()
    write.cells += written
    write.detail.update(
        tahapan_deleted=deleted, tahapan_created=len(new_ids), converted_assignments=written
    )
    counts = [0] * len(new_ids)
    sums = [0] * len(new_ids)
    for _, index, value in cells:
        counts[index] += 1
        sums[index] += value
    return {pk: (counts[i], sums[i]) for i, pk in enumerate(new_ids)}


def repair_mismatched_plans(write: JadwalWrite) -> list[int]:
    """Rebuild, from their generated cells, the plans that no longer add up to them.

    Cells are what the planner last saw; a plan that disagrees was bypassed by a write outside
    the app. The ids go into the audit row and the answer, never silently.
    """
    mismatched = plan_mismatches(write.project)
    if mismatched:
        rebuilt = plans_from_cells(write.project, mismatched)
        plans_store(write.project, rebuilt, version=write.next_version)
        write.changed(rebuilt, stamped=True)
        write.detail["repaired"] = mismatched
    return mismatched


def _unique_label(label: str, taken: set[str]) -> str:
    candidate = label
    suffix = 2
    while candidate in taken:
        candidate = f"{label} ({suffix})"
        suffix += 1
    taken.add(candidate)
    return candidate


def _create_generated_tahapan(project: Project, mode: str, periods: Sequence[Period]) -> list[int]:
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
