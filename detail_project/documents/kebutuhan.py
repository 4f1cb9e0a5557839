"""Rekap kebutuhan as an xlsx (SPEC §13): what the saved plan needs, per period of a time scale,
of every tenaga kerja, bahan and peralatan item of the pekerjaan priced by an AHSP analysis.

`kebutuhan_document` shapes the rows (the selector's exact figures, rounded once: quantities to
six places, rupiah to the cent) and `kebutuhan_xlsx` lays them out on two sheets, in Indonesian
like every document:

- "Kebutuhan": the header block, then per kategori its items × periods, the quantity each
  period needs and the item's total (a live `SUM`);
- the costs: the same items with their harga satuan, the cost per period and per item, a
  subtotal row per kategori, the total of every period and the grand total (live `SUM`s).

Every figure is a number. Formulas are written with the exact total (rounded once) as their
cached value, so a reader that does not recalculate shows the selector's figures; one that does
sums the rounded cells and may differ by a cent, as in any spreadsheet that rounds what it shows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext, pgettext
from xlsxwriter.utility import xl_col_to_name

from ahsp.models import Kategori
from dashboard.models import JadwalMode, Project
from detail_project import clock, scheduling
from detail_project.documents.header import ProjectHeader, project_header
from detail_project.documents.schedule import DocPeriod, period_name, short_range
from detail_project.selectors.kebutuhan import quantity, rekap, rupiah

QUANTITY = "#,##0.00"
MONEY = '"Rp "#,##0'
ZERO = Decimal(0)


@dataclass(frozen=True)
class KebutuhanRow:
    """One resource item: its need and cost in every period, and over the whole schedule."""

    kode: str
    uraian: str
    satuan: str
    harga: Decimal
    quantities: list[Decimal]
    costs: list[Decimal]
    total_quantity: Decimal
    total_cost: Decimal


@dataclass(frozen=True)
class KebutuhanGroup:
    """The items of one kategori and their cost per period (the exact sum, rounded once)."""

    kategori: str
    label: str
    rows: list[KebutuhanRow]
    costs: list[Decimal]
    total_cost: Decimal


@dataclass
class KebutuhanDocument:
    header: ProjectHeader
    scale: str
    kategori: str | None
    periods: list[DocPeriod]
    groups: list[KebutuhanGroup] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)  # cost per period
    grand_total: Decimal = ZERO
    linked: int = 0  # pekerjaan priced by an AHSP analysis (with lines of `kategori`)


def _cents(exact: int) -> Decimal:
    return rupiah(Decimal(exact) / scheduling.COST_SCALE)


def kebutuhan_document(
    project: Project,
    *,
    scale: str | None = None,
    kategori: str | None = None,
    today: dt.date | None = None,
) -> KebutuhanDocument:
    """The rekap of `project` on `scale` (daily, weekly or monthly; default the grid's), only
    `kategori` if given. Call inside `header.document_language()`."""
    today = today or clock.today()
    found = rekap(project, scale=scale, kategori=kategori)
    scale = found.found.bins.scale
    slots = found.found.axis.slots
    width = len(slots)
    periods = []
    for slot in slots:
        if slot.start and slot.end and slot.nomor:
            periods.append(
                DocPeriod(
                    period_name(scale, slot.nomor, slot.start),
                    short_range(slot.start, slot.end) if scale == JadwalMode.WEEKLY else "",
                    slot.start,
                    slot.end,
                    slot.nomor,
                )
            )
        else:  # an undated custom tahapan
            periods.append(
                DocPeriod(found.found.custom_names.get(slot.tahapan, ""), "", None, None)
            )
    groups = []
    totals = [0] * width
    for kind in Kategori:
        kodes = [kode for kode, item in found.items.items() if item.kategori == kind.value]
        if not kodes:
            continue
        rows = []
        group_costs = [0] * width
        for kode in kodes:
            item = found.items[kode]
            need = found.needs[kode]
            for index, cost in enumerate(need.cost):
                group_costs[index] += cost
            rows.append(
                KebutuhanRow(
                    kode=kode,
                    uraian=item.uraian,
                    satuan=item.satuan,
                    harga=item.harga,
                    quantities=[quantity(need.quantity_in(i)) for i in range(width)],
                    costs=[rupiah(need.cost_in(i)) for i in range(width)],
                    total_quantity=quantity(
                        Decimal(sum(need.quantity)) / scheduling.QUANTITY_SCALE
                    ),
                    total_cost=_cents(sum(need.cost)),
                )
            )
        for index, cost in enumerate(group_costs):
            totals[index] += cost
        groups.append(
            KebutuhanGroup(
                kategori=kind.value,
                label=str(kind.label),
                rows=rows,
                costs=[_cents(cost) for cost in group_costs],
                total_cost=_cents(sum(group_costs)),
            )
        )
    return KebutuhanDocument(
        header=project_header(project, today=today),
        scale=scale,
        kategori=kategori or None,
        periods=periods,
        groups=groups,
        totals=[_cents(cost) for cost in totals],
        grand_total=_cents(sum(totals)),
        linked=found.linked,
    )


def scale_text(scale: str) -> str:
    return {
        JadwalMode.DAILY: gettext("Daily"),
        JadwalMode.WEEKLY: gettext("Weekly"),
        JadwalMode.MONTHLY: gettext("Monthly"),
    }[scale]


def kategori_text(kategori: str | None) -> str:
    return str(Kategori(kategori).label) if kategori else gettext("All")


def file_name(document: KebutuhanDocument, slug: str) -> str:
    """`kebutuhan-mingguan-gedung-serbaguna`, `kebutuhan-bahan-bulanan-…` (no extension)."""
    word = {"daily": "harian", "weekly": "mingguan", "monthly": "bulanan"}[document.scale]
    parts = ["kebutuhan", document.kategori, word, slug]
    return "-".join(part for part in parts if part)


# --- xlsx --------------------------------------------------------------------------------------


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        border = {"border": 1, "border_color": "#9EA5AF", "font_size": 8, "valign": "vcenter"}
        self.title = add({"bold": True, "font_size": 14})
        self.subtitle = add({"bold": True, "font_size": 12})
        self.label = add({"font_size": 9, "font_color": "#495057"})
        self.text = add({"font_size": 9})
        self.head = add(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DCE3EC"}
        )
        self.head_small = add({**border, "align": "center", "font_size": 7, "bg_color": "#DCE3EC"})
        self.center = add({**border, "align": "center"})
        self.cell = add({**border})
        self.quantity = add({**border, "num_format": QUANTITY})
        self.money = add({**border, "num_format": MONEY})
        self.group = add({**border, "bold": True, "bg_color": "#E8ECF1"})
        self.group_money = add({**border, "bold": True, "num_format": MONEY, "bg_color": "#E8ECF1"})
        self.total_text = add({**border, "bold": True, "align": "right", "top": 2})
        self.total_money = add({**border, "bold": True, "num_format": MONEY, "top": 2})
        self.total_quantity = add({**border, "bold": True, "num_format": QUANTITY})
        self.total_cost = add({**border, "bold": True, "num_format": MONEY})


def _header_block(sheet, f: _Formats, document: KebutuhanDocument, title: str) -> int:
    """Title, project, header lines, time scale and kategori; returns the column header's row."""
    sheet.write(0, 0, title.upper(), f.title)
    sheet.write(1, 0, document.header.nama, f.subtitle)
    row = 3
    lines = [
        *document.header.lines,
        (gettext("Time scale"), scale_text(document.scale)),
        (gettext("Kategori"), kategori_text(document.kategori)),
    ]
    for label, value in lines:
        sheet.write(row, 0, label, f.label)
        sheet.write(row, 2, value, f.text)
        row += 1
    return row + 1


def _column_header(
    sheet, f: _Formats, row: int, names: Sequence[str], periods: Sequence[DocPeriod], total: str
) -> None:
    """Two rows: the fixed columns and each period's name, then the period's dates."""
    for column, name in enumerate(names):
        sheet.merge_range(row, column, row + 1, column, name, f.head)
    first = len(names)
    for offset, period in enumerate(periods):
        sheet.write(row, first + offset, period.name, f.head)
        sheet.write(row + 1, first + offset, period.dates, f.head_small)
    last = first + len(periods)
    sheet.merge_range(row, last, row + 1, last, total, f.head)
    sheet.set_row(row, 30)


def _sum_row(first: int, last: int, row: int) -> str:
    """`=SUM(E12:P12)`: a row's periods."""
    return f"=SUM({xl_col_to_name(first)}{row + 1}:{xl_col_to_name(last)}{row + 1})"


def _sum_column(column: int, rows: Sequence[int]) -> str:
    """`=SUM(E12:E20)` for contiguous rows, `=E12+E30` otherwise, `=0` for none."""
    if not rows:
        return "=0"
    letter = xl_col_to_name(column)
    if list(rows) == list(range(rows[0], rows[0] + len(rows))):
        return f"=SUM({letter}{rows[0] + 1}:{letter}{rows[-1] + 1})"
    return "=" + "+".join(f"{letter}{r + 1}" for r in rows)


def _page_setup(sheet, document: KebutuhanDocument, head: int, first: int, last: int) -> None:
    sheet.freeze_panes(head + 2, first)
    sheet.set_landscape()
    sheet.set_paper(8)  # A3
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(head, head + 1)
    sheet.repeat_columns(0, first - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(
        "&L"
        + document.header.nama.replace("&", "&&")
        + "&R"
        + gettext("Page %(page)s of %(pages)s") % {"page": "&P", "pages": "&N"}
    )
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 11)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, 3, 8)
    sheet.set_column(first, last, 12)


def _nothing(sheet, f: _Formats, document: KebutuhanDocument, row: int) -> None:
    if not document.linked:
        text = gettext("No pekerjaan is priced by an AHSP analysis yet.")
    else:
        text = gettext("Nothing is needed in any period.")
    sheet.write(row, 1, text, f.text)


def kebutuhan_xlsx(document: KebutuhanDocument) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    f = _Formats(book)
    _quantity_sheet(book, f, document)
    _cost_sheet(book, f, document)
    book.close()
    return buffer.getvalue()


def _quantity_sheet(book: xlsxwriter.Workbook, f: _Formats, document: KebutuhanDocument) -> None:
    sheet = book.add_worksheet(gettext("Kebutuhan")[:31])
    head = _header_block(sheet, f, document, gettext("Rekap kebutuhan"))
    fixed = [pgettext("row number", "No"), gettext("Kode"), gettext("Uraian"), gettext("Satuan")]
    first = len(fixed)
    last = first + len(document.periods)  # the Total column
    _column_header(sheet, f, head, fixed, document.periods, gettext("Total"))
    row = head + 2
    for letter, group in zip("ABCDEFGHIJ", document.groups, strict=False):
        sheet.write(row, 0, letter, f.group)
        sheet.merge_range(row, 1, row, last, group.label, f.group)
        row += 1
        for number, item in enumerate(group.rows, 1):
            sheet.write_number(row, 0, number, f.center)
            sheet.write_string(row, 1, item.kode, f.cell)
            sheet.write_string(row, 2, item.uraian, f.cell)
            sheet.write_string(row, 3, item.satuan, f.center)
            for offset, value in enumerate(item.quantities):
                if value:
                    sheet.write_number(row, first + offset, float(value), f.quantity)
                else:
                    sheet.write_blank(row, first + offset, None, f.quantity)
            sheet.write_formula(
                row,
                last,
                _sum_row(first, last - 1, row) if document.periods else "=0",
                f.total_quantity,
                float(item.total_quantity),
            )
            row += 1
    if not document.groups:
        _nothing(sheet, f, document, row)
    _page_setup(sheet, document, head, first, last)


def _cost_sheet(book: xlsxwriter.Workbook, f: _Formats, document: KebutuhanDocument) -> None:
    sheet = book.add_worksheet(gettext("Cost")[:31])
    head = _header_block(sheet, f, document, gettext("Cost of the resources per period"))
    fixed = [
        pgettext("row number", "No"),
        gettext("Kode"),
        gettext("Uraian"),
        gettext("Satuan"),
        gettext("Harga satuan (Rp)"),
    ]
    first = len(fixed)
    last = first + len(document.periods)
    _column_header(sheet, f, head, fixed, document.periods, gettext("Total (Rp)"))
    row = head + 2
    subtotal_rows = []
    for letter, group in zip("ABCDEFGHIJ", document.groups, strict=False):
        sheet.write(row, 0, letter, f.group)
        sheet.merge_range(row, 1, row, last, group.label, f.group)
        row += 1
        item_rows = []
        for number, item in enumerate(group.rows, 1):
            sheet.write_number(row, 0, number, f.center)
            sheet.write_string(row, 1, item.kode, f.cell)
            sheet.write_string(row, 2, item.uraian, f.cell)
            sheet.write_string(row, 3, item.satuan, f.center)
            sheet.write_number(row, 4, float(item.harga), f.money)
            for offset, value in enumerate(item.costs):
                if value:
                    sheet.write_number(row, first + offset, float(value), f.money)
                else:
                    sheet.write_blank(row, first + offset, None, f.money)
            sheet.write_formula(
                row,
                last,
                _sum_row(first, last - 1, row) if document.periods else "=0",
                f.total_cost,
                float(item.total_cost),
            )
            item_rows.append(row)
            row += 1
        sheet.merge_range(
            row,
            0,
            row,
            first - 1,
            gettext("Total %(kategori)s") % {"kategori": group.label},
            f.group,
        )
        for offset, value in enumerate(group.costs):
            column = first + offset
            sheet.write_formula(
                row, column, _sum_column(column, item_rows), f.group_money, float(value)
            )
        sheet.write_formula(
            row, last, _sum_column(last, item_rows), f.group_money, float(group.total_cost)
        )
        subtotal_rows.append(row)
        row += 1
    if not document.groups:
        _nothing(sheet, f, document, row)
        row += 2
    sheet.merge_range(row, 0, row, first - 1, gettext("Cost per period (Rp)"), f.total_text)
    for offset, value in enumerate(document.totals):
        column = first + offset
        sheet.write_formula(
            row, column, _sum_column(column, subtotal_rows), f.total_money, float(value)
        )
    sheet.write_formula(
        row, last, _sum_column(last, subtotal_rows), f.total_money, float(document.grand_total)
    )
    sheet.set_column(4, 4, 14)
    _page_setup(sheet, document, head, first, last)
