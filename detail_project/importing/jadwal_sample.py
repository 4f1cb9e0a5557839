"""The seed system's weekly schedule export (`jadwal_pekerjaan_160.csv`) as plain data.

The export prints the schedule in pages ("Input Progress Planned - Halaman 1/3"), each with the
same header block and tree but a different range of weeks (1–18, 19–36, 37–47), then a last
block by month that repeats the same numbers coarser. We join the pages into one row of weekly
percentages per pekerjaan and ignore the month block. Pekerjaan come in file order, which is
the order of the RAB export, so row i here is pekerjaan i of the imported RAB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from os import PathLike
from pathlib import Path

from config.numbers import NumberError, parse_percent
from detail_project.importing.rab_csv import read_csv
from detail_project.importing.rab_parse import cell_text

_PAGE = re.compile(r"Halaman\s+(\d+)\s*/\s*(\d+)", re.IGNORECASE)
_WEEK = re.compile(r"^\s*Week\s+(\d+)\b", re.IGNORECASE)
_BLOCK_TITLE = "input progress planned"


class JadwalSampleError(ValueError):
    """The file is not a schedule export in the expected shape."""


@dataclass(frozen=True, slots=True)
class JadwalSampleRow:
    uraian: str
    volume: Decimal
    percents: list[Decimal]


@dataclass(slots=True)
class JadwalSample:
    weeks: int
    rows: list[JadwalSampleRow] = field(default_factory=list)
    week_labels: list[str] = field(default_factory=list)


def parse_jadwal_sample(source: str | PathLike[str] | bytes) -> JadwalSample:
    """Weekly percentages per pekerjaan from the seed system's schedule export.

    `source` is a path or the file's bytes. Each row's `percents` has one entry per week
    (0 where the file shows 0,00 % or nothing); they need not add up to 100 — the sample does
    not, and that is real data.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    rows, _convention = read_csv(data)

    labels: dict[int, str] = {}
    uraian_order: list[str] = []
    volumes: list[Decimal] = []
    cells_by_row: list[dict[int, Decimal]] = []
    page: int | None = None
    week_columns: dict[int, int] = {}
    position = 0
    for row in rows:
        first = cell_text(row.cells[0]) if row.cells else ""
        stripped = first.strip()
        if stripped.lower().startswith(_BLOCK_TITLE):
            match = _PAGE.search(stripped)
            page = int(match.group(1)) if match else None  # no "Halaman": the month block
            week_columns, position = {}, 0
            continue
        if page is None:
            continue
        if stripped.lower() == "uraian pekerjaan":
            week_columns = {}
            for index, cell in enumerate(row.cells):
                week = _WEEK.match(cell_text(cell))
                if week:
                    week_columns[index] = int(week.group(1))
                    labels[int(week.group(1))] = cell_text(cell).strip()
            continue
        if not week_columns or len(first) - len(first.lstrip(" ")) < 4:
            continue  # header block, klasifikasi and sub-klasifikasi rows
        try:
            percents = {
                week: parse_percent(row.cells[index]) or Decimal(0)
                for index, week in week_columns.items()
                if index < len(row.cells)
            }
            volume = parse_percent(row.cells[1]) if len(row.cells) > 1 else None
        except NumberError as exc:
            raise JadwalSampleError(f"row {row.number}: {exc}") from exc
        if page == 1:
            uraian_order.append(stripped)
            volumes.append(volume or Decimal(0))
            cells_by_row.append(percents)
        else:
            if position >= len(uraian_order) or uraian_order[position] != stripped:
                raise JadwalSampleError(
                    f"row {row.number}: page {page} lists “{stripped}” where page 1 has "
                    "another pekerjaan"
                )
            cells_by_row[position].update(percents)
        position += 1

    if not uraian_order:
        raise JadwalSampleError("no pekerjaan rows found under a “Halaman” page")
    weeks = max(labels) if labels else 0
    result = JadwalSample(weeks=weeks, week_labels=[labels.get(w, "") for w in range(1, weeks + 1)])
    for uraian, volume, cells in zip(uraian_order, volumes, cells_by_row, strict=True):
        result.rows.append(
            JadwalSampleRow(
                uraian=uraian,
                volume=volume,
                percents=[cells.get(week, Decimal(0)) for week in range(1, weeks + 1)],
            )
        )
    return result
