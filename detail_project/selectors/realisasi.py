"""Reads of the realisasi: its cells for the grid (projections of the day-by-day record onto
the tahapan), and what others recorded since a version. Constant query counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import accumulate, compress, repeat
from typing import Any

from dashboard.models import Project
from detail_project import scheduling
from detail_project.models import RealisasiHarian, TahapPelaksanaan
from detail_project.scheduling import DayPlan, Period
from detail_project.selectors.plans import plans_load

TahapanSpan = tuple[int, bool, Period]  # (tahapan id, generated, its dates)


def dated_tahapan(project: Project) -> list[TahapanSpan]:
    rows = TahapPelaksanaan.objects.filter(
        project=project, tanggal_mulai__isnull=False, tanggal_selesai__isnull=False
    ).values_list("pk", "is_auto_generated", "tanggal_mulai", "tanggal_selesai")
    return [(pk, auto, Period(start, end)) for pk, auto, start, end in rows]


def realisasi_cells(
    project: Project,
    *,
    tahapan: Sequence[TahapanSpan] | None = None,
    pekerjaan_ids: Iterable[int] | None = None,
) -> list[tuple[int, int, int]]:
    """(pekerjaan_id, tahapan_id, hundredths) of every non-empty realisasi cell: each dated
    tahapan shows the work done on its days. (Generated tahapan receive, like the plan's cells,
    any day outside every period from the nearest one; realisasi has no such days, since it is
    recorded on the periods' own days.) Two queries, one when `tahapan` is given."""
    plans = {
        pk: plan
        for pk, plan in plans_load(project, pekerjaan_ids, layer=RealisasiHarian).items()
        if plan
    }
    if not plans:
        return []
    if tahapan is None:
        tahapan = dated_tahapan(project)
    generated = sorted((span for span in tahapan if span[1]), key=lambda span: span[2].start)
    custom = [span for span in tahapan if not span[1]]
    bins = scheduling.Bins([period for _, _, period in generated]) if generated else None
    ids = [pk for pk, _, _ in generated]
    cells: list[tuple[int, int, int]] = []
    for pekerjaan_id, plan in plans.items():
        if bins is not None:
            row = scheduling.plan_project(plan, bins)
            # The non-empty periods, at C speed: 1,000 pekerjaan × 104 weeks in a few ms.
            cells.extend(zip(repeat(pekerjaan_id), compress(ids, row), filter(None, row)))
        if custom:
            prefix = [0, *accumulate(plan.values)]
            for tahapan_id, _, period in custom:
                value = _days_sum(plan, prefix, period)
                if value:
                    cells.append((pekerjaan_id, tahapan_id, value))
    return cells


def _days_sum(plan: DayPlan, prefix: list[int], period: Period) -> int:
    low = max(period.start.toordinal(), plan.start) - plan.start
    high = min(period.end.toordinal(), plan.end) - plan.start + 1
    return prefix[high] - prefix[low] if high > low else 0


def realisasi_rows(project: Project, **kwargs: Any) -> list[list[float]]:
    """`realisasi_cells` as the API writes cells: [pekerjaan_id, tahapan_id, proporsi]."""
    return [[p, t, h / 100] for p, t, h in realisasi_cells(project, **kwargs)]


# Every proporsi a cell can hold as JSON writes it ("12.5", "100.0"), formatted once.
_JSON_NUMBER = [repr(h / 100) for h in range(scheduling.FULL + 1)]


def realisasi_json(project: Project, **kwargs: Any) -> str:
    """`realisasi_rows` as JSON text, written directly: 33,000 cells in a third of the time
    json.dumps takes over the same rows (the grid page embeds them)."""
    number = _JSON_NUMBER
    cells = realisasi_cells(project, **kwargs)
    return "[" + ",".join([f"[{p},{t},{number[h]}]" for p, t, h in cells]) + "]"


def realisasi_changes_since(
    project: Project, *, version: int, exclude: Iterable[int] = ()
) -> dict[str, Any]:
    """The realisasi cells of every pekerjaan someone else recorded after `version` (the answer
    to a realisasi save, like `jadwal_changes_since` for the plan)."""
    if version >= project.jadwal_version:
        return {"pekerjaan": [], "assignments": []}
    moved = sorted(
        set(
            RealisasiHarian.objects.filter(project=project, version__gt=version).values_list(
                "pekerjaan_id", flat=True
            )
        )
        - set(exclude)
    )
    cells = realisasi_rows(project, pekerjaan_ids=moved) if moved else []
    return {"pekerjaan": moved, "assignments": cells}
