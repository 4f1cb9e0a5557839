"""The schedule on a time axis: Kurva S, realisasi and deviasi, baselines, Gantt spans and
progress for `GET kurva-s/` and the page. Every figure comes from `detail_project.scheduling`;
this module only reads the database (a constant number of queries) and shapes the answer."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext

from dashboard.models import GENERATED_MODES, JadwalMode, Project
from detail_project import clock, money, scheduling
from detail_project.models import Baseline, Pekerjaan, PekerjaanTahapan, RealisasiHarian
from detail_project.scheduling import Period
from detail_project.selectors.cells import assignment_hundredths, tahapan_queryset
from detail_project.selectors.plans import (
    GeneratedTahapan,
    generated_tahapan,
    plan_mismatches,
    plans_load,
)
from detail_project.services.errors import ServiceError

logger = logging.getLogger(__name__)
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
    custom: list[tuple[int, Period | None]]  # custom tahapan in display order, dated or not
    custom_names: dict[int, str]
    plan_mismatch: list[int]


def schedule_axis(project: Project, scale: str | None = None) -> ScheduleAxis:
    """Every pekerjaan's row on the axis of `scale` (its day plan projected onto the periods,
    dated custom tahapan placed by their dates, undated ones after), and the pekerjaan whose
    plan disagrees with its cells, so that such a plan is never served without saying so."""
    bins = axis_bins(project, scale)
    rows = list(
        tahapan_queryset(project)
        .filter(is_auto_generated=False)
        .values_list("pk", "nama", "tanggal_mulai", "tanggal_selesai")
    )
    custom = [(pk, Period(start, end) if start and end else None) for pk, _, start, end in rows]
    axis = scheduling.build_axis(
        scale=bins.scale,
        bins=bins.periods,
        plans=plans_load(project),
        custom_tahapan=custom,
        custom_cells=assignment_hundredths(
            PekerjaanTahapan.objects.filter(tahapan_id__in=[pk for pk, _ in custom])
        ),
    )
    names = {pk: nama for pk, nama, _, _ in rows}
    return ScheduleAxis(axis, bins, custom, names, plan_mismatches(project))


def slot_tahapan(found: ScheduleAxis, slot: scheduling.Slot) -> tuple[str, int | None]:
    """A slot's label and its tahapan: the generated tahapan that is this period (None when
    the axis is another scale than the grid's columns), or the undated custom tahapan."""
    if slot.dated and slot.start and slot.end and slot.nomor:
        label = scheduling.period_label(
            found.bins.scale, slot.nomor, Period(slot.start, slot.end), gettext=gettext
        )
        return label, found.bins.tahapan_ids[slot.nomor - 1]
    return found.custom_names.get(slot.tahapan, ""), slot.tahapan


def realisasi_axis_rows(project: Project, found: ScheduleAxis) -> dict[int, list[int]]:
    """The realisasi of every pekerjaan on the same axis as the plan (`found`): its days
    projected onto the periods; nothing in the undated slots (work done has a date)."""
    axis = scheduling.build_axis(
        scale=found.bins.scale,
        bins=found.bins.periods,
        plans=plans_load(project, layer=RealisasiHarian),
        custom_tahapan=[(pk, None) for pk, period in found.custom if period is None],
    )
    return axis.rows


def _percent(hundredths: int | None) -> float | None:
    return None if hundredths is None else hundredths / 100


def kurva_s_data(
    project: Project,
    *,
    scale: str | None = None,
    baselines: Sequence[int] = (),
    today: dt.date | None = None,
) -> dict[str, Any]:
    """`GET kurva-s/`: per period the plan's weight and running total (percent of the project's
    cost), the realisasi and deviasi with the kontrak kritis status up to the last reported
    period, the chosen baselines' running totals, Gantt runs per pekerjaan, the scheduled share,
    SPI and the summary card of the page header."""
    today = today or clock.today()
    found = schedule_axis(project, scale)
    axis, bins = found.axis, found.bins
    width = len(axis.slots)
    jumlah = project_jumlah(project)
    costs = scheduling.integer_costs(jumlah)
    curve = scheduling.kurva_s(costs, axis.rows, width)
    done = realisasi_axis_rows(project, found)
    state = scheduling.progress(
        curve, scheduling.kurva_s(costs, done, width), scheduling.last_reported(done, width)
    )
    spans = [(slot.start, slot.end) if slot.start and slot.end else None for slot in axis.slots]
    card = scheduling.summary(curve, state, spans, today)
    chosen = baseline_curves(project, found, baselines)
    periods = []
    for index, slot in enumerate(axis.slots):
        label, tahapan_id = slot_tahapan(found, slot)
        monthly = bins.scale == JadwalMode.MONTHLY and slot.start is not None
        period = {
            "label": label,
            "nomor": slot.nomor,
            "bulan": slot.start.month if monthly and slot.start else None,
            "tahun": slot.start.year if monthly and slot.start else None,
            "tahapan_id": tahapan_id,
            "tanggal_mulai": slot.start.isoformat() if slot.start else None,
            "tanggal_selesai": slot.end.isoformat() if slot.end else None,
            "rencana": _percent(curve.rencana[index]),
            "rencana_kumulatif": _percent(curve.kumulatif[index]),
            "realisasi": _percent(state.realisasi[index]),
            "realisasi_kumulatif": _percent(state.realisasi_kumulatif[index]),
            "deviasi": _percent(state.deviasi[index]),
            "deviasi_kumulatif": _percent(state.deviasi_kumulatif[index]),
            "status": state.status[index],
        }
        if chosen:
            period["baseline_kumulatif"] = _percent(chosen[0]["kumulatif"][index])
        periods.append(period)
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
        "today": today.isoformat(),
        "total_biaya": float(sum(jumlah.values(), Decimal(0))),
        "progress": _percent(scheduling.scheduled_share(costs, totals)),
        "spi": None if state.spi is None else state.spi / 100,
        "summary": {
            "periode_hari_ini": card.today_slot,
            "rencana_hari_ini": _percent(card.rencana_hari_ini),
            "periode_laporan": card.last,
            "rencana_kumulatif": _percent(card.rencana),
            "realisasi_kumulatif": _percent(card.realisasi),
            "deviasi_kumulatif": _percent(card.deviasi),
            "spi": None if card.spi is None else card.spi / 100,
            "status": card.status,
        },
        "periods": periods,
        "baselines": [
            {**item, "kumulatif": [_percent(value) for value in item["kumulatif"]]}
            for item in chosen
        ],
        "gantt": gantt,
        "plan_mismatch": found.plan_mismatch,
    }


def baseline_curves(
    project: Project, found: ScheduleAxis, baseline_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """Each chosen baseline's running total on the axis of `found` (hundredths), in the order
    asked. A baseline never changes, so its curve on a given axis is cached."""
    if not baseline_ids:
        return []
    wanted = list(dict.fromkeys(baseline_ids))
    rows = {
        row.pk: row for row in Baseline.objects.filter(project=project, pk__in=wanted).defer("data")
    }
    missing = [pk for pk in wanted if pk not in rows]
    if missing:
        raise ServiceError(
            gettext("Baseline %(ids)s does not exist in this project.")
            % {"ids": ", ".join(str(pk) for pk in missing)},
            status=404,
        )
    undated = [
        found.custom_names.get(slot.tahapan, "") for slot in found.axis.slots if not slot.dated
    ]
    signature = hashlib.sha256(
        json.dumps(
            [
                found.bins.scale,
                [[p.start.isoformat(), p.end.isoformat()] for p in found.bins.periods],
                undated,
            ]
        ).encode()
    ).hexdigest()[:24]
    keys = {pk: f"baseline_curve:{pk}:{signature}" for pk in wanted}
    cached = _cache_get_many(list(keys.values()))
    result = []
    fresh: dict[str, list[int]] = {}
    to_compute = [pk for pk in wanted if keys[pk] not in cached]
    data = (
        dict(Baseline.objects.filter(pk__in=to_compute).values_list("pk", "data"))
        if to_compute
        else {}
    )
    for pk in wanted:
        row = rows[pk]
        kumulatif = cached.get(keys[pk])
        if kumulatif is None:
            kumulatif = baseline_kumulatif(data[pk], found)
            fresh[keys[pk]] = kumulatif
        result.append(
            {
                "baseline_id": pk,
                "nama": row.nama,
                "jenis": row.jenis,
                "created_at": row.created_at.isoformat(),
                "kumulatif": kumulatif,
            }
        )
    if fresh:
        _cache_set_many(fresh)
    return result


def baseline_kumulatif(data: dict[str, Any], found: ScheduleAxis) -> list[int]:
    """A baseline's running total on the current axis: its dated work on the same periods;
    work in its undated tahapan in the current undated slot of the same name, or else in the
    last slot (so the curve still ends at the baseline's own total)."""
    plans: dict[int, scheduling.DayPlan] = {}
    jumlah: dict[int, Decimal] = {}
    for pk, amount, start, blob in data.get("pekerjaan", []):
        jumlah[pk] = Decimal(amount)
        plans[pk] = scheduling.plan_decode(start, base64.b64decode(blob))
    custom = [
        (
            key,
            Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
            if start and end
            else None,
        )
        for key, _, start, end in data.get("custom", [])
    ]
    names = {key: nama for key, nama, _, _ in data.get("custom", [])}
    axis = scheduling.build_axis(
        scale=found.bins.scale,
        bins=found.bins.periods,
        plans=plans,
        custom_tahapan=custom,
        custom_cells=[(p, key, h) for p, key, h in data.get("cells", [])],
    )
    width = len(found.axis.slots)
    current_undated = {
        found.custom_names.get(slot.tahapan, ""): index
        for index, slot in enumerate(found.axis.slots)
        if not slot.dated
    }
    targets = [
        index if slot.dated else current_undated.get(names.get(slot.tahapan, ""), width - 1)
        for index, slot in enumerate(axis.slots)
    ]
    return scheduling.kumulatif_on(
        scheduling.integer_costs(jumlah), axis.rows, len(axis.slots), targets, width
    )


def _cache_get_many(keys: list[str]) -> dict[str, Any]:
    try:
        return cache.get_many(keys)
    except Exception:  # noqa: BLE001 - the cache only saves time
        logger.warning("cache unavailable; baseline curves computed afresh", exc_info=True)
        return {}


def _cache_set_many(values: dict[str, Any]) -> None:
    try:
        cache.set_many(values, timeout=24 * 3600)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable; baseline curves not kept", exc_info=True)
