"""The time schedule as rows and figures: what every writer of it (xlsx, PDF, CSV) lays out.

A row per klasifikasi, sub-klasifikasi and pekerjaan (numbered as on the RAB page), with volume,
satuan, jumlah harga and bobot, and per period of the time axis:

- `weights`: the share of the project's cost the row has in that period (bobot × the share of
  its volume planned there), which is what an Indonesian time schedule prints in its cells;
- `shares`: the share of the pekerjaan's volume planned there (the grid's numbers, for CSV).

Below the rows, per period, the engine's Kurva S (`rencana`, `rencana_kumulatif`) and, once
realisasi is recorded, its `progress` (realisasi, deviasi, status). Every figure is the
scheduling engine's, in hundredths of a percent, rounded once, half up: a group's cell is the
exact sum of its pekerjaan rounded, so it may differ by 0.01 from the sum of their rounded cells,
as in any spreadsheet that rounds what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from dashboard.models import JadwalMode, Project
from detail_project import clock, scheduling
from detail_project.documents.header import ProjectHeader, project_header
from detail_project.scheduling import FULL, KurvaS, Progress
from detail_project.scheduling.labels import MONTH_ABBREVIATIONS, MONTH_NAMES
from detail_project.scheduling.weights import divide_half_up, weighted_sums
from detail_project.selectors.kurva_s import realisasi_axis_rows, schedule_axis
from detail_project.selectors.rab import rab_tree

SCALES = (JadwalMode.WEEKLY, JadwalMode.MONTHLY)  # the scales a printed schedule comes in


@dataclass(frozen=True)
class DocPeriod:
    """A column of the schedule: a period of the scale, or an undated custom tahapan."""

    name: str  # "Minggu 3", "Januari 2026", or the tahapan's own name
    dates: str  # "19–25 Jan", "" for an undated tahapan
    start: dt.date | None
    end: dt.date | None
    nomor: int | None = None  # 1-based among the scale's periods; None for a custom tahapan
    opens: str = ""  # a narrow column's date: the first day ("28 Des"), or the month ("Jul 2026")


@dataclass
class DocRow:
    kind: str  # "klasifikasi", "sub", "pekerjaan"
    nomor: str
    uraian: str
    kode: str = ""
    volume: Decimal | None = None
    satuan: str = ""
    jumlah: Decimal = Decimal(0)
    bobot: int = 0  # hundredths of a percent of the project's cost
    weights: list[int] = field(default_factory=list)
    # The grid's numbers: a pekerjaan's share of its volume per period; a group's
    # cost-weighted share of its own work (`scheduling.group_shares`), as the grid's group rows.
    shares: list[int] = field(default_factory=list)
    total_share: int = 0
    pekerjaan: list[int] = field(default_factory=list)  # the pekerjaan ids a group sums


@dataclass
class ScheduleDocument:
    header: ProjectHeader
    scale: str
    periods: list[DocPeriod]
    rows: list[DocRow]
    rencana: KurvaS
    progress: Progress
    total_biaya: Decimal
    today: dt.date

    @property
    def has_realisasi(self) -> bool:
        return self.progress.last is not None

    def pekerjaan_rows(self) -> Iterator[DocRow]:
        return (row for row in self.rows if row.kind == "pekerjaan")


def period_name(scale: str, nomor: int, start: dt.date) -> str:
    if scale == JadwalMode.MONTHLY:
        return f"{gettext(MONTH_NAMES[start.month - 1])} {start.year}"
    if scale == JadwalMode.DAILY:
        return gettext("Day %(n)s") % {"n": nomor}
    return gettext("Week %(n)s") % {"n": nomor}


def short_range(start: dt.date, end: dt.date) -> str:
    """`5–11 Jan`, `26 Jan–1 Feb`, `5 Jan` (month abbreviations of the active language)."""

    def day_month(day: dt.date) -> str:
        return f"{day.day} {gettext(MONTH_ABBREVIATIONS[day.month - 1])}"

    if start == end:
        return day_month(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{day_month(end)}"
    return f"{day_month(start)}\u2013{day_month(end)}"


def opens_text(scale: str, start: dt.date) -> str:
    month = gettext(MONTH_ABBREVIATIONS[start.month - 1])
    if scale == JadwalMode.MONTHLY:
        return f"{month} {start.year}"
    return f"{start.day} {month}"


def schedule_document(
    project: Project, *, scale: str | None = None, today: dt.date | None = None
) -> ScheduleDocument:
    """The time schedule of `project` on `scale` (weekly or monthly; default the current one
    when it is one of those, else weekly). Call inside `header.document_language()`. A
    constant number of queries whatever the size of the project."""
    today = today or clock.today()
    if scale is None:
        scale = project.jadwal_mode if project.jadwal_mode in SCALES else JadwalMode.WEEKLY
    tree = rab_tree(project)
    found = schedule_axis(project, scale)
    axis = found.axis
    width = len(axis.slots)
    jumlah = {
        row.id: row.jumlah_harga for k in tree.klasifikasi for s in k.subs for row in s.pekerjaan
    }
    costs = scheduling.integer_costs(jumlah) if jumlah else {}
    total_cost = sum(costs.values())
    curve = scheduling.kurva_s(costs, axis.rows, width)
    done = realisasi_axis_rows(project, found)
    progress = scheduling.progress(
        curve, scheduling.kurva_s(costs, done, width), scheduling.last_reported(done, width)
    )
    empty = [0] * width

    def weights_of(members: list[int]) -> list[int]:
        if not total_cost:
            return list(empty)
        numerators = weighted_sums(costs, ((pk, axis.rows.get(pk, empty)) for pk in members), width)
        return [divide_half_up(value, total_cost) for value in numerators]

    columns = {pk: {i: v for i, v in enumerate(row) if v} for pk, row in axis.rows.items()}

    def group_shares(members: list[int]) -> tuple[list[int], int]:
        """The grid's figure for a group row: the cost-weighted share of the group's own work."""
        cells, total = scheduling.group_shares(costs, columns, members)
        return [cells.get(i, 0) for i in range(width)], total

    def bobot_of(members: list[int]) -> int:
        if not total_cost:
            return 0
        return divide_half_up(sum(costs[pk] for pk in members) * FULL, total_cost)

    rows: list[DocRow] = []
    for klasifikasi in tree.klasifikasi:
        members = [row.id for sub in klasifikasi.subs for row in sub.pekerjaan]
        shares, total_share = group_shares(members)
        rows.append(
            DocRow(
                "klasifikasi",
                klasifikasi.nomor,
                klasifikasi.name,
                jumlah=klasifikasi.subtotal,
                bobot=bobot_of(members),
                weights=weights_of(members),
                shares=shares,
                total_share=total_share,
                pekerjaan=members,
            )
        )
        for sub in klasifikasi.subs:
            sub_members = [row.id for row in sub.pekerjaan]
            shares, total_share = group_shares(sub_members)
            rows.append(
                DocRow(
                    "sub",
                    sub.nomor,
                    sub.name,
                    jumlah=sub.subtotal,
                    bobot=bobot_of(sub_members),
                    weights=weights_of(sub_members),
                    shares=shares,
                    total_share=total_share,
                    pekerjaan=sub_members,
                )
            )
            for item in sub.pekerjaan:
                shares = axis.rows.get(item.id, empty)
                rows.append(
                    DocRow(
                        "pekerjaan",
                        str(item.nomor),
                        item.uraian,
                        kode=item.kode_pekerjaan,
                        volume=item.volume,
                        satuan=item.satuan,
                        jumlah=item.jumlah_harga,
                        bobot=bobot_of([item.id]),
                        weights=weights_of([item.id]),
                        shares=list(shares),
                        total_share=sum(shares),
                        pekerjaan=[item.id],
                    )
                )
    periods = []
    for slot in axis.slots:
        if slot.start and slot.end and slot.nomor:
            periods.append(
                DocPeriod(
                    period_name(scale, slot.nomor, slot.start),
                    short_range(slot.start, slot.end),
                    slot.start,
                    slot.end,
                    slot.nomor,
                    opens_text(scale, slot.start),
                )
            )
        else:
            periods.append(DocPeriod(found.custom_names.get(slot.tahapan, ""), "", None, None))
    return ScheduleDocument(
        header=project_header(project, today=today, total=tree.total_exact),
        scale=scale,
        periods=periods,
        rows=rows,
        rencana=curve,
        progress=progress,
        total_biaya=tree.total_exact,
        today=today,
    )
