"""The schedule on a time axis: Kurva S, Gantt spans and progress for `GET kurva-s/` and the
page. Every figure comes from `detail_project.scheduling`; this module only reads the database
(a constant number of queries) and shapes the answer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from dashboard.models import GENERATED_MODES, JadwalMode, Project
from detail_project import money, scheduling
from detail_project.models import Pekerjaan, PekerjaanTahapan
from detail_project.scheduling import Period
from detail_project.selectors.cells import assignment_hundredths, tahapan_queryset
from detail_project.selectors.plans import (
    GeneratedTahapan,
    generated_tahapan,
    plan_mismatches,
    plans_load,
)

SCALES = GENERATED_MODES  # the scales a time axis can have


@dataclass(frozen=True, slots=True)
class AxisBins:
    """The bins of a scale; `tahapan_ids[i]` is the generated tahapan that *is* bin i, if any."""

    scale: str
    periods: list[Period]
    tahapan_ids: list[int | None]


def default_scale(project: Project, generated_modes: set[str] | None = None) -> str:
    """The current mode; in custom mode the scale of the kept generated tahapan, else weekly."""
    if project.jadwal_mode in SCALES:
        return project.jadwal_mode
    if generated_modes and len(generated_modes) == 1:
        return next(iter(generated_modes))
    return JadwalMode.WEEKLY


def axis_bins(
    project: Project,
    scale: str | None = None,
    *,
    generated: list[GeneratedTahapan] | None = None,
) -> AxisBins:
    """The bins of `scale` (default: `default_scale`): the generated tahapan themselves when
    they are that scale, so the axis and the grid's columns are the same periods. Pass the
    `generated` tahapan when they are already loaded."""
    if generated is None:
        generated = generated_tahapan(project)
    scale = scale or default_scale(project, {row.mode for row in generated})
    if generated and all(row.mode == scale for row in generated):
        return AxisBins(scale, [row.period for row in generated], [row.pk for row in generated])
    periods = scheduling.generate_periods(
        scale, project.tanggal_mulai, project.tanggal_selesai, week_end_day=project.week_end_day
    )
    return AxisBins(scale, periods, [None] * len(periods))


def project_jumlah(project: Project) -> dict[int, Decimal]:
    """Jumlah harga (volume × harga satuan, exact) per pekerjaan: what bobot weighs."""
    rows = Pekerjaan.objects.filter(project=project).values_list("pk", "volume", "harga_satuan")
    return {pk: money.jumlah_harga(volume, harga) for pk, volume, harga in rows}


@dataclass
class ScheduleAxis:
    axis: scheduling.Axis
    bins: AxisBins
    custom_names: dict[int, str]
    plan_mismatch: list[int]


def schedule_axis(project: Project, scale: str | None = None) -> ScheduleAxis:
    """Every pekerjaan's row on the axis of `scale` (its day plan projected onto the periods,
    dated custom tahapan placed by their dates, undated ones after), and the pekerjaan whose
    plan disagrees with its cells, so that such a plan is never served without saying so."""
    bins = axis_bins(project, scale)
    custom = list(
        tahapan_queryset(project)
        .filter(is_auto_generated=False)
        .values_list("pk", "nama", "tanggal_mulai", "tanggal_selesai")
    )
    axis = scheduling.build_axis(
        scale=bins.scale,
        bins=bins.periods,
        plans=plans_load(project),
        custom_tahapan=[
            (pk, Period(start, end) if start and end else None) for pk, _, start, end in custom
        ],
        custom_cells=assignment_hundredths(
            PekerjaanTahapan.objects.filter(tahapan_id__in=[pk for pk, *_ in custom])
        ),
    )
    names = {pk: nama for pk, nama, _, _ in custom}
    return ScheduleAxis(axis, bins, names, plan_mismatches(project))


def _percent(hundredths: int) -> float:
    return hundredths / 100


def kurva_s_data(project: Project, *, scale: str | None = None) -> dict[str, Any]:
    """`GET kurva-s/`: per period the plan's weight and running total (percent of the project's
    cost), Gantt runs per pekerjaan and the scheduled share. Realisasi, deviasi and status are
    null until progress is recorded."""
    found = schedule_axis(project, scale)
    axis, bins = found.axis, found.bins
    jumlah = project_jumlah(project)
    costs = scheduling.integer_costs(jumlah)
    curve = scheduling.kurva_s(costs, axis.rows, len(axis.slots))
    names = found.custom_names
    periods = []
    for index, slot in enumerate(axis.slots):
        if slot.dated and slot.start and slot.end and slot.nomor:
            label = scheduling.period_label(
                bins.scale, slot.nomor, Period(slot.start, slot.end), gettext=gettext
            )
            tahapan_id = bins.tahapan_ids[slot.nomor - 1]
        else:
            label = names.get(slot.tahapan, "")
            tahapan_id = slot.tahapan
        monthly = bins.scale == JadwalMode.MONTHLY and slot.start is not None
        periods.append(
            {
                "label": label,
                "nomor": slot.nomor,
                "bulan": slot.start.month if monthly and slot.start else None,
                "tahun": slot.start.year if monthly and slot.start else None,
                "tahapan_id": tahapan_id,
                "tanggal_mulai": slot.start.isoformat() if slot.start else None,
                "tanggal_selesai": slot.end.isoformat() if slot.end else None,
                "rencana": _percent(curve.rencana[index]),
                "rencana_kumulatif": _percent(curve.kumulatif[index]),
                "realisasi": None,
                "realisasi_kumulatif": None,
                "deviasi": None,
                "deviasi_kumulatif": None,
                "status": None,
            }
        )
    gantt = []
    gantt_axis = scheduling.GanttAxis(axis.slots)
    for pekerjaan_id in sorted(axis.rows):
        runs = gantt_axis.runs(axis.rows[pekerjaan_id])
        if runs:
            gantt.append(
                {
                    "pekerjaan_id": pekerjaan_id,
                    "runs": [[start.isoformat(), end.isoformat()] for start, end in runs],
                }
            )
    totals = {pk: sum(row) for pk, row in axis.rows.items()}
    return {
        "scale": bins.scale,
        "total_biaya": float(sum(jumlah.values(), Decimal(0))),
        "progress": _percent(scheduling.scheduled_share(costs, totals)),
        "spi": None,
        "periods": periods,
        "gantt": gantt,
        "plan_mismatch": found.plan_mismatch,
    }
