"""Recording realisasi: the work actually done, entered in the grid per period (SPEC §10).

Realisasi is kept day by day (`RealisasiHarian`), like the plan. A value typed for a period of
the time scale is spread over that period's days in the shape they already had (largest
remainder, ties to the earlier day; evenly where they held nothing), but never over a day after
today: in the period that holds today the work lands on its days up to today. So every scale
shows the same realisasi, and switching scales never changes it.

Rules, each refusing the whole save with a clear message (nothing changed):
- cells of the current time scale's periods only (custom tahapan show the realisasi of their
  dates, but work is recorded per period of the scale);
- a period that starts after today cannot be reported yet;
- 0–100 per cell, at most 100 in all per pekerjaan;
- the version read, as for the plan; a 409 only where someone else changed the same
  pekerjaan's realisasi since (the plan and the realisasi never conflict with each other).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from dashboard.models import Project
from detail_project import clock, money, scheduling
from detail_project.models import JadwalLog, Pekerjaan, RealisasiHarian, TahapPelaksanaan
from detail_project.scheduling import FULL, Period
from detail_project.selectors.plans import plans_load
from detail_project.services.errors import ServiceError
from detail_project.services.gate import User, jadwal_write
from detail_project.services.jadwal_save import CellChange, SaveResult, to_decimal
from detail_project.services.plans import plans_store

Cell = tuple[int, int]  # (pekerjaan_id, tahapan_id)


@dataclass(frozen=True, slots=True)
class _Tahapan:
    nama: str
    generated: bool
    period: Period | None


def realisasi_save(
    *,
    project: Project,
    user: User,
    version: int,
    changes: Sequence[CellChange],
    today: dt.date | None = None,
) -> SaveResult:
    """Apply every changed realisasi cell at once: all or nothing (the rules above)."""
    today = today or clock.today()
    merged: dict[Cell, int] = {}
    for change in changes:
        if not 0 <= change.hundredths <= FULL:
            raise ServiceError(gettext("A percentage must be between 0 and 100."))
        merged[(change.pekerjaan_id, change.tahapan_id)] = change.hundredths
    with jadwal_write(
        project=project, user=user, action=JadwalLog.Action.REALISASI_SAVE, version=version
    ) as write:
        if not merged:
            return SaveResult(write.project.jadwal_version, 0, 0, frozenset())
        locked = write.project
        tahapan = _tahapan(locked, {t for _, t in merged})
        write.refuse_unknown(
            pekerjaan_ids={p for p, _ in merged},
            tahapan_ids={t for _, t in merged},
            known_tahapan=tahapan,
        )
        periods = _periods_to_report(tahapan, today)
        pekerjaan_ids = {p for p, _ in merged}
        plans = plans_load(locked, pekerjaan_ids, layer=RealisasiHarian)
        edits: dict[int, list[tuple[Period, int]]] = defaultdict(list)
        totals = {pk: plans.get(pk, scheduling.EMPTY).total for pk in pekerjaan_ids}
        saved = removed = 0
        for (pekerjaan_id, tahapan_id), value in merged.items():
            period = periods[tahapan_id]
            held = _held(plans.get(pekerjaan_id, scheduling.EMPTY), period)
            if held == value:
                continue
            totals[pekerjaan_id] += value - held
            # Work is done up to today at the latest: the current period's days after today
            # stay empty.
            edits[pekerjaan_id].append((Period(period.start, min(period.end, today)), value))
            if value:
                saved += 1
            else:
                removed += 1
        if not edits:
            return SaveResult(write.project.jadwal_version, 0, 0, frozenset())
        _refuse_totals_above_100({pk: totals[pk] for pk in edits})
        write.refuse_conflicts(edits, layer=RealisasiHarian)
        updated = {
            pk: scheduling.plan_set_cells(plans.get(pk, scheduling.EMPTY), cells)
            for pk, cells in edits.items()
        }
        plans_store(locked, updated, version=write.next_version, layer=RealisasiHarian)
        write.changed(updated, stamped=True, layer=RealisasiHarian)
        write.cells += saved + removed
        write.detail.update(saved=saved, removed=removed)
    return SaveResult(write.version, saved, removed, frozenset(updated))


def _tahapan(project: Project, ids: set[int]) -> dict[int, _Tahapan]:
    rows = TahapPelaksanaan.objects.filter(project=project, pk__in=ids).values_list(
        "pk", "nama", "is_auto_generated", "tanggal_mulai", "tanggal_selesai"
    )
    return {
        pk: _Tahapan(nama, auto, Period(start, end) if start and end else None)
        for pk, nama, auto, start, end in rows
    }


def _held(plan: scheduling.DayPlan, period: Period) -> int:
    """Hundredths the realisasi already holds on the days of `period`."""
    first, last = period.start.toordinal(), period.end.toordinal()
    low = max(first, plan.start) - plan.start
    high = min(last, plan.end) - plan.start + 1
    return sum(plan.values[low:high]) if plan and high > low else 0


def _periods_to_report(tahapan: Mapping[int, _Tahapan], today: dt.date) -> dict[int, Period]:
    """The period of every tahapan asked for, or a refusal: custom tahapan and periods that
    have not started cannot take realisasi."""
    custom = sorted(t.nama for t in tahapan.values() if not t.generated or t.period is None)
    if custom:
        raise ServiceError(
            gettext(
                "Nothing was saved: realisasi is recorded in the periods of the time scale "
                "(daily, weekly or monthly), not in custom tahapan (%(names)s). A custom tahapan "
                "shows the realisasi of its dates."
            )
            % {"names": ", ".join(custom[:5])}
        )
    periods = {pk: t.period for pk, t in tahapan.items() if t.period is not None}
    future = sorted(
        (pk for pk, period in periods.items() if period.start > today),
        key=lambda pk: periods[pk].start,
    )
    if future:
        raise ServiceError(
            ngettext(
                "Nothing was saved: %(names)s starts on %(start)s, after today (%(today)s). "
                "Realisasi can only be recorded for periods that have started.",
                "Nothing was saved: %(count)s periods (%(names)s) start after today "
                "(%(today)s), the first on %(start)s. Realisasi can only be recorded for periods "
                "that have started.",
                len(future),
            )
            % {
                "names": ", ".join(tahapan[pk].nama for pk in future[:5]),
                "count": len(future),
                "start": money.format_date(periods[future[0]].start),
                "today": money.format_date(today),
            }
        )
    return periods


def _refuse_totals_above_100(totals: Mapping[int, int]) -> None:
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
        gettext(
            "Nothing was saved: more than 100 %% of a pekerjaan cannot have been done (%(names)s)."
        )
        % {"names": names},
        over_100=over,
    )
