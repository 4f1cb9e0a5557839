"""The weekly or monthly progress report (laporan mingguan / bulanan) of one period, SPEC §11.

Per pekerjaan, grouped by klasifikasi: bobot, and the plan and the work done *up to the previous
period*, *in this period* and *up to this period*, as shares of the project's cost (bobot ×
share of the volume), then the deviasi; at the bottom the project's totals, which are the
engine's Kurva S figures of that period exactly (the pekerjaan's rounded figures may add up to
0.01 more or less, as in any spreadsheet), with the kontrak kritis status and the SPI.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext, pgettext
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from dashboard.models import JadwalMode, Project
from detail_project import clock, money, scheduling
from detail_project.documents import pdf
from detail_project.documents.header import ProjectHeader, long_date, project_header
from detail_project.documents.schedule_writers import percent, signed, status_name
from detail_project.scheduling import FULL
from detail_project.scheduling.weights import divide_half_up
from detail_project.selectors.kurva_s import realisasi_axis_rows, schedule_axis
from detail_project.selectors.rab import rab_tree

JENIS = {"mingguan": JadwalMode.WEEKLY, "bulanan": JadwalMode.MONTHLY}


@dataclass
class ReportRow:
    kind: str  # "klasifikasi" or "pekerjaan"
    nomor: str
    uraian: str
    satuan: str = ""
    volume: Decimal | None = None
    bobot: int = 0
    # (up to the previous period, this period, up to this period), hundredths of the cost
    rencana: tuple[int, int, int] = (0, 0, 0)
    realisasi: tuple[int, int, int] = (0, 0, 0)

    @property
    def deviasi(self) -> int:
        return self.realisasi[2] - self.rencana[2]


@dataclass
class ReportDocument:
    header: ProjectHeader
    jenis: str
    nomor: int
    start: dt.date
    end: dt.date
    rows: list[ReportRow] = field(default_factory=list)
    rencana: tuple[int, int, int] = (0, 0, 0)  # the engine's: kumulatif before, weight, kumulatif
    realisasi: tuple[int, int, int] = (0, 0, 0)
    reported: bool = False  # this period is at or before the last one with realisasi
    status: str | None = None
    spi: int | None = None

    @property
    def deviasi(self) -> int:
        return self.realisasi[2] - self.rencana[2]

    @property
    def title(self) -> str:
        return (
            gettext("Weekly progress report")
            if self.jenis == "mingguan"
            else gettext("Monthly progress report")
        )

    @property
    def period_text(self) -> str:
        what = gettext("Week %(n)s") if self.jenis == "mingguan" else gettext("Month %(n)s")
        return f"{what % {'n': self.nomor}} ({long_date(self.start)} \u2013 {long_date(self.end)})"


def report_document(
    project: Project, *, jenis: str, nomor: int, today: dt.date | None = None
) -> ReportDocument | None:
    """The report of period `nomor` (1-based) of the weekly or monthly axis, or None when the
    project has no such period. A constant number of queries."""
    today = today or clock.today()
    scale = JENIS[jenis]
    found = schedule_axis(project, scale)
    axis = found.axis
    dated = [index for index, slot in enumerate(axis.slots) if slot.nomor]
    if not 1 <= nomor <= len(dated):
        return None
    at = dated[nomor - 1]
    slot = axis.slots[at]
    width = len(axis.slots)
    tree = rab_tree(project)
    jumlah = {
        row.id: row.jumlah_harga for k in tree.klasifikasi for s in k.subs for row in s.pekerjaan
    }
    costs = scheduling.integer_costs(jumlah) if jumlah else {}
    total_cost = sum(costs.values())
    done_rows = realisasi_axis_rows(project, found)
    plan = scheduling.kurva_s(costs, axis.rows, width)
    done = scheduling.kurva_s(costs, done_rows, width)
    last = scheduling.last_reported(done_rows, width)
    empty = [0] * width

    def triple(row: list[int], cost: int) -> tuple[int, int, int]:
        if not total_cost:
            return (0, 0, 0)
        before = sum(row[:at])
        this = row[at]
        return (
            divide_half_up(cost * before, total_cost),
            divide_half_up(cost * this, total_cost),
            divide_half_up(cost * (before + this), total_cost),
        )

    def group_triple(members: list[int], rows: dict[int, list[int]]) -> tuple[int, int, int]:
        if not total_cost:
            return (0, 0, 0)
        before = sum(costs[pk] * sum(rows.get(pk, empty)[:at]) for pk in members)
        this = sum(costs[pk] * rows.get(pk, empty)[at] for pk in members)
        return (
            divide_half_up(before, total_cost),
            divide_half_up(this, total_cost),
            divide_half_up(before + this, total_cost),
        )

    def bobot_of(members: list[int]) -> int:
        if not total_cost:
            return 0
        return divide_half_up(sum(costs[pk] for pk in members) * FULL, total_cost)

    rows: list[ReportRow] = []
    for klasifikasi in tree.klasifikasi:
        members = [row.id for sub in klasifikasi.subs for row in sub.pekerjaan]
        rows.append(
            ReportRow(
                "klasifikasi",
                klasifikasi.nomor,
                klasifikasi.name,
                bobot=bobot_of(members),
                rencana=group_triple(members, axis.rows),
                realisasi=group_triple(members, done_rows),
            )
        )
        number = 0
        for sub in klasifikasi.subs:
            for item in sub.pekerjaan:
                number += 1
                cost = costs.get(item.id, 0)
                rows.append(
                    ReportRow(
                        "pekerjaan",
                        str(number),
                        item.uraian,
                        satuan=item.satuan,
                        volume=item.volume,
                        bobot=bobot_of([item.id]),
                        rencana=triple(axis.rows.get(item.id, empty), cost),
                        realisasi=triple(done_rows.get(item.id, empty), cost),
                    )
                )
    before_plan = plan.kumulatif[at - 1] if at else 0
    before_done = done.kumulatif[at - 1] if at else 0
    reported = last is not None and at <= last
    document = ReportDocument(
        header=project_header(project, today=today, total=tree.total_exact),
        jenis=jenis,
        nomor=nomor,
        start=slot.start or project.tanggal_mulai,
        end=slot.end or project.tanggal_selesai,
        rows=rows,
        rencana=(before_plan, plan.rencana[at], plan.kumulatif[at]),
        realisasi=(before_done, done.rencana[at], done.kumulatif[at]),
        reported=reported,
    )
    if reported:
        document.status = scheduling.status_of(plan.kumulatif[at], document.deviasi)
        if plan.kumulatif[at]:
            document.spi = divide_half_up(100 * done.kumulatif[at], plan.kumulatif[at])
    return document


def _columns() -> list[str]:
    return [
        pgettext("row number", "No"),
        gettext("Uraian pekerjaan"),
        gettext("Satuan"),
        gettext("Volume"),
        gettext("Bobot (%)"),
        gettext("Planned up to the previous period (%)"),
        gettext("Planned this period (%)"),
        gettext("Planned up to this period (%)"),
        gettext("Actual up to the previous period (%)"),
        gettext("Actual this period (%)"),
        gettext("Actual up to this period (%)"),
        gettext("Deviation (%)"),
    ]


def _summary_lines(document: ReportDocument) -> list[tuple[str, str]]:
    lines = [
        (gettext("Planned up to this period"), f"{percent(document.rencana[2])} %"),
        (gettext("Actual up to this period"), f"{percent(document.realisasi[2])} %"),
        (gettext("Deviation"), signed(document.deviasi)),
    ]
    if document.reported:
        lines.append((gettext("Status (kontrak kritis)"), status_name(document.status)))
        lines.append(
            (
                gettext("SPI"),
                money.format_number(Decimal(document.spi) / 100, 2)
                if document.spi is not None
                else "\u2013",
            )
        )
    else:
        lines.append((gettext("Status (kontrak kritis)"), gettext("not reported yet")))
    return lines


# --- xlsx --------------------------------------------------------------------------------------


def report_xlsx(document: ReportDocument) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(gettext("Report")[:31])
    border = {"border": 1, "border_color": "#9EA5AF", "font_size": 9, "valign": "vcenter"}
    title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
    subtitle = book.add_format({"bold": True, "font_size": 11, "align": "center"})
    label = book.add_format({"font_size": 9, "font_color": "#495057"})
    text = book.add_format({"font_size": 9})
    bold = book.add_format({"font_size": 9, "bold": True})
    head = book.add_format(
        {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DCE3EC"}
    )
    cell = book.add_format({**border})
    center = book.add_format({**border, "align": "center"})
    number = book.add_format({**border, "num_format": "#,##0.00"})
    volume = book.add_format({**border, "num_format": "#,##0.000"})
    group = book.add_format(
        {**border, "bold": True, "num_format": "#,##0.00", "bg_color": "#E8ECF1"}
    )
    group_text = book.add_format({**border, "bold": True, "bg_color": "#E8ECF1"})
    total = book.add_format({**border, "bold": True, "num_format": "#,##0.00", "top": 2})
    total_text = book.add_format({**border, "bold": True, "align": "right", "top": 2})

    columns = _columns()
    last_column = len(columns) - 1
    sheet.merge_range(0, 0, 0, last_column, document.title.upper(), title)
    sheet.merge_range(1, 0, 1, last_column, document.header.nama, subtitle)
    sheet.merge_range(2, 0, 2, last_column, document.period_text, subtitle)
    row = 4
    for name, value in document.header.lines:
        sheet.write(row, 0, name, label)
        sheet.write(row, 2, value, text)
        row += 1
    head_row = row + 1
    for column, name in enumerate(columns):
        sheet.write(head_row, column, name, head)
    sheet.set_row(head_row, 42)
    for column, width in enumerate((6, 48, 8, 11, 9, 12, 12, 12, 12, 12, 12, 11)):
        sheet.set_column(column, column, width)
    first = head_row + 1
    klasifikasi_rows: list[int] = []
    pekerjaan_of: dict[int, list[int]] = {}
    current: int | None = None
    for offset, item in enumerate(document.rows):
        r = first + offset
        if item.kind == "klasifikasi":
            current = r
            klasifikasi_rows.append(r)
            pekerjaan_of[r] = []
        elif current is not None:
            pekerjaan_of[current].append(r)
    for offset, item in enumerate(document.rows):
        r = first + offset
        is_group = item.kind == "klasifikasi"
        values = [item.bobot, *item.rencana, *item.realisasi]
        sheet.write(r, 0, item.nomor, group_text if is_group else center)
        sheet.write(r, 1, item.uraian, group_text if is_group else cell)
        sheet.write(r, 2, item.satuan, group_text if is_group else center)
        if item.volume is not None:
            sheet.write_number(r, 3, float(item.volume), volume)
        else:
            sheet.write_blank(r, 3, None, group_text if is_group else cell)
        for k, value in enumerate(values):
            column = 4 + k
            letter = chr(ord("A") + column)
            members = pekerjaan_of.get(r, [])
            if is_group and members:
                formula = f"=SUM({letter}{members[0] + 1}:{letter}{members[-1] + 1})"
                sheet.write_formula(r, column, formula, group, value / 100)
            else:
                sheet.write_number(r, column, value / 100, group if is_group else number)
        sheet.write_formula(
            r, 11, f"=K{r + 1}-H{r + 1}", group if is_group else number, item.deviasi / 100
        )
    total_row = first + len(document.rows)
    sheet.merge_range(total_row, 0, total_row, 3, gettext("Total"), total_text)
    engine = [10000 if document.rows else 0, *document.rencana, *document.realisasi]
    for k, value in enumerate(engine):
        column = 4 + k
        letter = chr(ord("A") + column)
        refs = "+".join(f"{letter}{r + 1}" for r in klasifikasi_rows) or "0"
        sheet.write_formula(total_row, column, f"={refs}", total, value / 100)
    sheet.write_formula(
        total_row, 11, f"=K{total_row + 1}-H{total_row + 1}", total, document.deviasi / 100
    )
    row = total_row + 2
    for name, value in _summary_lines(document):
        sheet.write(row, 1, name, bold)
        sheet.write(row, 3, value, text)
        row += 1
    row += 1
    if document.header.signatures:
        sheet.write(row, 1, document.header.place_date, text)
        for block, column in zip(document.header.signatures, (1, 4, 7, 10), strict=False):
            for offset, line in enumerate(block.peran.split(",")):
                sheet.write(row + 1 + offset, column, line.strip(), text)
            sheet.write(row + 6, column, block.nama, bold)
            sheet.write(row + 7, column, block.jabatan, text)
        row += 8
    sheet.freeze_panes(first, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(head_row, head_row)
    sheet.print_area(0, 0, row, last_column)
    sheet.set_footer("&R" + gettext("Page %(page)s of %(pages)s") % {"page": "&P", "pages": "&N"})
    book.close()
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

HEAD = 12 * mm
SIZE = 6.5
LINE = SIZE * 1.3
PAD = 1.3 * mm
URAIAN_LINES = 6
SUMMARY_HEIGHT = 60 * mm  # the summary lines and the signature blocks


def _row_height(lines: int) -> float:
    return lines * LINE + 2 * PAD


@dataclass
class _PdfRow:
    """One report row as drawn: its cells' text (uraian wrapped) and its height."""

    cells: list[str]
    uraian: list[str]
    bold: bool
    fill: tuple[float, float, float] | None
    height: float
    group: bool = False  # a klasifikasi row: kept on the page of its first pekerjaan


def _pdf_rows(document: ReportDocument, widths: list[float]) -> list[_PdfRow]:
    rows = []
    for item in document.rows:
        group = item.kind == "klasifikasi"
        font = pdf.BOLD if group else pdf.REGULAR
        indent = 0 if group else 2 * mm
        uraian = pdf.wrap(item.uraian, widths[1] - 3 - indent, SIZE, font, limit=URAIAN_LINES)
        cells = [
            item.nomor,
            "",
            item.satuan,
            money.format_trimmed(item.volume, 3) if item.volume is not None else "",
            percent(item.bobot),
            *(percent(v) for v in item.rencana),
            *(percent(v) for v in item.realisasi),
            signed(item.deviasi),
        ]
        fill = pdf.GROUP_FILL if group else None
        rows.append(_PdfRow(cells, uraian, group, fill, _row_height(len(uraian)), group))
    totals = [
        "",
        "",
        "",
        "",
        percent(10000 if document.rows else 0),
        *(percent(v) for v in document.rencana),
        *(percent(v) for v in document.realisasi),
        signed(document.deviasi),
    ]
    rows.append(_PdfRow(totals, [gettext("Total")], True, (0.99, 0.9, 0.94), _row_height(1)))
    return rows


def _paginate(rows: list[_PdfRow], room: float) -> list[list[_PdfRow]]:
    """Rows cut into pages of at most `room` points; a klasifikasi row never ends a page."""
    pages: list[list[_PdfRow]] = [[]]
    used = 0.0
    for index, row in enumerate(rows):
        need = row.height
        if row.group and index + 1 < len(rows):
            need += rows[index + 1].height
        if pages[-1] and used + need > room:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += row.height
    return pages


def report_pdf(document: ReportDocument, *, paper: str = "A4") -> bytes:
    sheet = pdf.Sheet(
        title=document.title, header=document.header, paper=paper, subtitle=document.period_text
    )
    widths_mm = (8, 0, 12, 16, 13, 19, 17, 19, 19, 17, 19, 16)
    fixed = sum(widths_mm) * mm
    uraian = max(sheet.right - sheet.left - fixed, 50 * mm)
    widths = [w * mm if w else uraian for w in widths_mm]
    room = sheet.top - HEAD - sheet.bottom
    chunks = _paginate(_pdf_rows(document, widths), room)
    # The summary and the signatures under the last rows, or on a page of their own.
    summary_below = room - sum(row.height for row in chunks[-1]) - 8 * mm >= SUMMARY_HEIGHT
    for index, chunk in enumerate(chunks):
        with_summary = summary_below and index == len(chunks) - 1
        sheet.page(
            lambda canvas, top, chunk=chunk, with_summary=with_summary: _report_page(
                canvas, top, sheet, document, widths, chunk, with_summary
            )
        )
    if not summary_below:
        sheet.page(lambda canvas, top: _summary(canvas, sheet, document, top - 6 * mm))
    return sheet.render()


def _report_page(
    canvas: Canvas,
    top: float,
    sheet: pdf.Sheet,
    document: ReportDocument,
    widths: list[float],
    rows: list[_PdfRow],
    with_summary: bool,
) -> None:
    left = sheet.left
    xs = [left]
    for width in widths:
        xs.append(xs[-1] + width)
    right = xs[-1]
    y = top - HEAD
    canvas.setFillColorRGB(*pdf.HEAD_FILL)
    canvas.rect(left, y, right - left, HEAD, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(pdf.BOLD, 5.8)
    for x, width, name in zip(xs, widths, _columns(), strict=False):
        for n, line in enumerate(pdf.wrap(name, width - 2, 5.8, pdf.BOLD, limit=4)):
            canvas.drawCentredString(x + width / 2, y + HEAD - (n + 1) * 2.6 * mm, line)
    head_bottom = y
    aligns = ["c", "l", "c", *["r"] * 9]
    for row in rows:
        y -= row.height
        if row.fill:
            canvas.setFillColorRGB(*row.fill)
            canvas.rect(left, y, right - left, row.height, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
        # The figures sit on the first line, level with the start of the uraian.
        first = y + row.height - PAD - SIZE * 0.8
        pdf.grid_row(
            canvas,
            y=first - (LINE - SIZE * 0.72) / 2,
            height=LINE,
            cells=list(zip(xs, widths, row.cells, aligns, strict=False)),
            font=pdf.BOLD if row.bold else pdf.REGULAR,
            size=SIZE,
            left=left,
            right=right,
        )
        canvas.setFont(pdf.BOLD if row.bold else pdf.REGULAR, SIZE)
        indent = 0 if row.bold else 2 * mm
        for n, line in enumerate(row.uraian):
            canvas.drawString(xs[1] + 1.2 + indent, first - n * LINE, line)
        canvas.setStrokeColorRGB(*pdf.GRID)
        canvas.setLineWidth(0.25)
        canvas.line(left, y, right, y)
    canvas.setStrokeColorRGB(*pdf.GRID)
    canvas.setLineWidth(0.25)
    canvas.line(left, top, right, top)
    canvas.line(left, head_bottom, right, head_bottom)
    for x in xs:
        canvas.line(x, y, x, top)
    canvas.setStrokeColorRGB(0, 0, 0)
    if with_summary:
        _summary(canvas, sheet, document, y - 8 * mm)


def _summary(canvas: Canvas, sheet: pdf.Sheet, document: ReportDocument, y: float) -> None:
    fill = {"kritis": pdf.KRITIS_FILL, "terlambat": pdf.TERLAMBAT_FILL}.get(document.status or "")
    for name, value in _summary_lines(document):
        if fill and name == gettext("Status (kontrak kritis)"):
            canvas.setFillColorRGB(*fill)
            canvas.rect(sheet.left + 58 * mm, y - 1.4 * mm, 40 * mm, 5 * mm, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(pdf.BOLD, 8.5)
        canvas.drawString(sheet.left, y, name)
        canvas.setFont(pdf.REGULAR, 8.5)
        canvas.drawString(sheet.left + 60 * mm, y, value)
        y -= 5.5 * mm
    pdf.signature_blocks(canvas, sheet, y - 4 * mm)
