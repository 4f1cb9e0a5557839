"""Schedules for demo and benchmark projects, written through the same services as the grid.

`seed_sample_schedule` puts the real weekly percentages of the sample export on the demo
project; `fill_schedule` gives a generated project a plausible schedule (each pekerjaan spread
evenly over a run of consecutive periods) for benchmarks and browser tests.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext

from dashboard.models import Project
from detail_project import scheduling
from detail_project.importing.jadwal_sample import JadwalSample
from detail_project.models import JadwalLog
from detail_project.selectors.jadwal import pekerjaan_totals
from detail_project.selectors.plans import generated_tahapan
from detail_project.services.errors import ServiceError
from detail_project.services.gate import jadwal_write
from detail_project.services.jadwal_save import cells_apply
from detail_project.services.jadwal_switch import tahapan_regenerate

_SPACES = re.compile(r"\s+")


def _same_text(a: str, b: str) -> bool:
    return _SPACES.sub(" ", a).strip().casefold() == _SPACES.sub(" ", b).strip().casefold()


def _pekerjaan_in_tree_order(project: Project) -> list[tuple[int, str]]:
    return [(row.pekerjaan_id, row.uraian) for row in pekerjaan_totals(project)]


def _replace_generated_cells(
    project: Project, user: AbstractBaseUser | None, mode: str, cells: list[tuple[int, int, int]]
) -> int:
    """Regenerate `mode` empty, then write `cells` ((pekerjaan_id, period index, hundredths))
    as one audited save, through the same path as the grid (day plans included)."""
    tahapan_regenerate(project=project, user=user, mode=mode, convert_assignments=False)
    with jadwal_write(project=project, user=user, action=JadwalLog.Action.SAVE) as write:
        ids = [row.pk for row in generated_tahapan(write.project)]
        wanted = {(pekerjaan_id, ids[index]): value for pekerjaan_id, index, value in cells}
        applied = cells_apply(write, {cell: value for cell, value in wanted.items() if value})
    return applied.saved


def seed_sample_schedule(
    *, project: Project, user: AbstractBaseUser | None, sample: JadwalSample
) -> int:
    """Weekly tahapan with the sample's percentages, row i on the i-th pekerjaan of the RAB
    (the export lists both in the same tree order). Returns the number of cells written."""
    pekerjaan = _pekerjaan_in_tree_order(project)
    if len(pekerjaan) != len(sample.rows):
        raise ServiceError(
            f"The schedule lists {len(sample.rows)} pekerjaan, the RAB has {len(pekerjaan)}."
        )
    for (_, uraian), row in zip(pekerjaan, sample.rows, strict=True):
        if not _same_text(uraian, row.uraian):
            raise ServiceError(f"Schedule row {row.uraian[:50]!r} does not match {uraian[:50]!r}.")
    weeks = scheduling.generate_periods(
        "weekly", project.tanggal_mulai, project.tanggal_selesai, week_end_day=project.week_end_day
    )
    if len(weeks) != sample.weeks:
        raise ServiceError(f"The schedule has {sample.weeks} weeks, the project {len(weeks)}.")
    cells = [
        (pekerjaan_id, week, int(percent * 100))
        for (pekerjaan_id, _), row in zip(pekerjaan, sample.rows, strict=True)
        for week, percent in enumerate(row.percents)
        if percent > Decimal("0")
    ]
    return _replace_generated_cells(project, user, "weekly", cells)


def fill_schedule(
    *,
    project: Project,
    user: AbstractBaseUser | None,
    mode: str = "weekly",
    fill: float = 0.5,
    seed: int = 1,
) -> int:
    """Give every pekerjaan 100 % spread evenly over a run of about `fill` × the periods,
    starting at a random period. Returns the number of cells written."""
    if not 0 < fill <= 1:
        raise ServiceError(gettext("--fill must be more than 0 and at most 1."))
    periods = scheduling.generate_periods(
        mode, project.tanggal_mulai, project.tanggal_selesai, week_end_day=project.week_end_day
    )
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    length = max(1, round(len(periods) * fill))
    cells: list[tuple[int, int, int]] = []
    for pekerjaan_id, _ in _pekerjaan_in_tree_order(project):
        first = rng.randrange(0, len(periods) - length + 1)
        for offset, value in enumerate(scheduling.spread_evenly(10_000, length)):
            cells.append((pekerjaan_id, first + offset, value))
    return _replace_generated_cells(project, user, mode, cells)
