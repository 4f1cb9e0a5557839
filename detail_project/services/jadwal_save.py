"""Saving cells: the grid's one-request save, and the per-tahapan assign / unassign.

A cell of a generated tahapan writes through to the pekerjaan's day plan: the new value is
spread over the tahapan's days in the shape they had (`scheduling.plan_set_cells`), so an edit
made in monthly mode comes back in weekly mode in the same weekly pattern. A cell of a custom
tahapan is stored as it is. Only cells whose value really changes count: a save that changes
nothing keeps the version, and only pekerjaan whose cells change can conflict (SPEC §9).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from dashboard.models import Project
from detail_project import money, scheduling
from detail_project.models import JadwalLog, Pekerjaan, PekerjaanTahapan, TahapPelaksanaan
from detail_project.scheduling import FULL, Period
from detail_project.selectors.cells import assignment_hundredths
from detail_project.selectors.plans import plans_load
from detail_project.services.cells import cells_delete, cells_upsert
from detail_project.services.errors import ServiceError
from detail_project.services.gate import JadwalWrite, User, jadwal_write
from detail_project.services.plans import plans_store

Cell = tuple[int, int]  # (pekerjaan_id, tahapan_id)


def to_decimal(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


@dataclass(frozen=True, slots=True)
class CellChange:
    pekerjaan_id: int
    tahapan_id: int
    hundredths: int  # 0 removes the cell


@dataclass(frozen=True, slots=True)
class Applied:
    saved: int  # cells written with a new value
    removed: int  # cells removed
    pekerjaan: frozenset[int]  # whose schedule changed


@dataclass(frozen=True, slots=True)
class SaveResult:
    version: int
    saved: int
    removed: int
    pekerjaan: frozenset[int]


def jadwal_save(
    *, project: Project, user: User, version: int, changes: Sequence[CellChange]
) -> SaveResult:
    """Apply every changed cell of the grid at once: all or nothing.

    A cell listed twice takes its last value, as typing twice in a spreadsheet would.
    """
    merged: dict[Cell, int] = {}
    for change in changes:
        if not 0 <= change.hundredths <= FULL:
            raise ServiceError(gettext("A percentage must be between 0 and 100."))
        merged[(change.pekerjaan_id, change.tahapan_id)] = change.hundredths
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.SAVE, version=version
    ) as write:
        applied = cells_apply(write, merged)
        write.detail.update(saved=applied.saved, removed=applied.removed)
    return SaveResult(write.version, applied.saved, applied.removed, applied.pekerjaan)


def cells_apply(write: JadwalWrite, wanted: Mapping[Cell, int]) -> Applied:
    """Set cells (hundredths, 0 removes) inside a `jadwal_write` block, validating first.

    Refuses unknown ids, totals above 100 % and conflicts (pekerjaan changed by someone else
    since the version read) before anything is written.
    """
    if not wanted:
        return Applied(0, 0, frozenset())
    project = write.project
    tahapan_ids = {t for _, t in wanted}
    pekerjaan_ids = {p for p, _ in wanted}
    tahapan = {
        pk: (auto, start, end)
        for pk, auto, start, end in TahapPelaksanaan.objects.filter(
            project=project, pk__in=tahapan_ids
        ).values_list("pk", "is_auto_generated", "tanggal_mulai", "tanggal_selesai")
    }
    write.refuse_unknown(
        pekerjaan_ids=pekerjaan_ids, tahapan_ids=tahapan_ids, known_tahapan=tahapan
    )
    current: dict[Cell, int] = {}
    totals: dict[int, int] = defaultdict(int)
    for pekerjaan_id, tahapan_id, hundredths in assignment_hundredths(
        PekerjaanTahapan.objects.filter(pekerjaan_id__in=pekerjaan_ids)
    ):
        current[(pekerjaan_id, tahapan_id)] = hundredths
        totals[pekerjaan_id] += hundredths
    real = {cell: value for cell, value in wanted.items() if current.get(cell, 0) != value}
    if not real:
        return Applied(0, 0, frozenset())
    for cell, value in real.items():
        totals[cell[0]] += value - current.get(cell, 0)
    _refuse_totals_above_100({p: totals[p] for p, _ in real})
    changed = frozenset(p for p, _ in real)
    write.refuse_conflicts(changed)

    periods = {
        pk: Period(start, end)
        for pk, (auto, start, end) in tahapan.items()
        if auto and start is not None and end is not None
    }
    edits: dict[int, list[tuple[Period, int]]] = defaultdict(list)
    for (pekerjaan_id, tahapan_id), value in real.items():
        period = periods.get(tahapan_id)
        if period is not None:
            edits[pekerjaan_id].append((period, value))
    if edits:
        plans = plans_load(project, edits)
        updated = {
            pk: scheduling.plan_set_cells(plans.get(pk, scheduling.EMPTY), cells)
            for pk, cells in edits.items()
        }
        plans_store(project, updated, version=write.next_version)
        write.changed(updated, stamped=True)
    upserts = [(p, t, v) for (p, t), v in real.items() if v > 0]
    removals = [cell for cell, value in real.items() if value == 0]
    cells_delete(removals)
    cells_upsert(upserts)
    write.changed(changed)
    write.cells += len(real)
    return Applied(len(upserts), len(removals), changed)


def _refuse_totals_above_100(totals: Mapping[int, int]) -> None:
    """A pekerjaan cannot be planned beyond 100 %: refuse before writing, naming them."""
    over = sorted(pk for pk, total in totals.items() if total > FULL)
    if not over:
        return
    rows = Pekerjaan.objects.filter(pk__in=over[:20]).order_by("pk")
    names = "; ".join(
        f"{row.kode_pekerjaan or row.pk} ({row.uraian[:40]}) "
        f"{money.format_number(to_decimal(totals[row.pk]), 2)} %"
        for row in rows.only("pk", "kode_pekerjaan", "uraian")
    )
    raise ServiceError(
        gettext("Nothing was saved: a pekerjaan cannot be planned beyond 100 %% (%(names)s).")
        % {"names": names},
        over_100=over,
    )
