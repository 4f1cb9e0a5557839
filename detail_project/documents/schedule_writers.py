"""The time schedule (`schedule.ScheduleDocument`) written as CSV, xlsx and PDF.

- CSV: the grid's numbers, `;`-separated with a byte-order mark and Indonesian decimals, the
  way Indonesian Excel reads a file (and the seed system exported one).
- xlsx (XlsxWriter): the Indonesian template on one sheet: No, uraian, volume, satuan, jumlah
  harga, bobot and per period the row's weight; bobot, group rows, the per-period plan and its
  cumulative are live formulas (written with the engine's figures as their cached values, so
  a reader that does not recalculate shows the same numbers); realisasi, deviasi and status
  rows once progress is recorded; a native line chart of the Kurva S; frozen panes, print area,
  A3 landscape.
- PDF (ReportLab, `pdf.Sheet`): A3 or A4 landscape, the table cut into pages of rows × periods,
  each with the header block and the column header, the period cells shaded where work is
  planned and the Kurva S drawn over them, as Indonesian schedules are printed; the summary
  rows under every page and the signature blocks on the last.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext, pgettext
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from xlsxwriter.utility import xl_col_to_name

from detail_project import money
from detail_project.documents import pdf
from detail_project.documents.schedule import DocRow, ScheduleDocument
from detail_project.scheduling import KRITIS, TERLAMBAT

ZERO = Decimal(0)


def percent(hundredths: int | None) -> str:
    """`12,50` (Indonesian inside a document); "" for None."""
    if hundredths is None:
        return ""
    return money.format_number(Decimal(hundredths) / 100, 2)


def signed(hundredths: int | None) -> str:
    if hundredths is None:
        return ""
    text = percent(abs(hundredths))
    return ("\u2212" if hundredths < 0 else ("+" if hundredths > 0 else "")) + text


def status_name(status: str | None) -> str:
    return {
        "normal": gettext("Normal"),
        "terlambat": gettext("Behind schedule"),
        "kritis": gettext("Critical"),
    }.get(status or "", "")


def title(document: ScheduleDocument) -> str:
    return gettext("Time schedule")


def scale_text(document: ScheduleDocument) -> str:
    return gettext("Weekly") if document.scale == "weekly" else gettext("Monthly")


# --- CSV ---------------------------------------------------------------------------------------


def schedule_csv(document: ScheduleDocument) -> bytes:
    """The grid's numbers: per pekerjaan the share of its volume per period, per group its
    cost-weighted share; then the Kurva S rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([gettext("Project"), document.header.nama])
    for label, value in document.header.lines:
        writer.writerow([label, value])
    writer.writerow([gettext("Time scale"), scale_text(document)])
    writer.writerow([])
    head = [
        pgettext("row number", "No"),
        gettext("Kode"),
        gettext("Uraian pekerjaan"),
        gettext("Volume"),
        gettext("Satuan"),
        gettext("Jumlah harga (Rp)"),
        gettext("Bobot (%)"),
        *(f"{p.name} ({p.dates})" if p.dates else p.name for p in document.periods),
        gettext("Total (%)"),
    ]
    writer.writerow(head)
    indent = {"klasifikasi": "", "sub": "  ", "pekerjaan": "    "}
    for row in document.rows:
        writer.writerow(
            [
                row.nomor,
                row.kode,
                indent[row.kind] + row.uraian,
                money.format_decimal_id(row.volume, 3) if row.volume is not None else "",
                row.satuan,
                money.format_decimal_id(money.round_rupiah(row.jumlah), 0),
                money.format_decimal_id(Decimal(row.bobot) / 100),
                *(money.format_decimal_id(Decimal(v) / 100) if v else "" for v in row.shares),
                money.format_decimal_id(Decimal(row.total_share) / 100),
            ]
        )
    writer.writerow([])
    blank = ["", "", "", "", "", ""]
    for _kind, label, values in _summary_rows(document):
        writer.writerow(
            [
                label,
                *blank,
                *(
                    money.format_decimal_id(Decimal(v) / 100) if v is not None else ""
                    for v in values
                ),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


SummaryRow = tuple[str, str, Sequence[int | None]]  # (kind, label, hundredths per period)


def _summary_rows(document: ScheduleDocument) -> list[SummaryRow]:
    """The Kurva S under the table: the plan, then (once reported) the realisasi and deviasi."""
    rows: list[SummaryRow] = [
        ("rencana", gettext("Planned per period (%)"), document.rencana.rencana),
        ("kumulatif", gettext("Planned, cumulative (%)"), document.rencana.kumulatif),
    ]
    if document.has_realisasi:
        rows += [
            ("realisasi", gettext("Actual per period (%)"), document.progress.realisasi),
            (
                "realisasi_kumulatif",
                gettext("Actual, cumulative (%)"),
                document.progress.realisasi_kumulatif,
            ),
            ("deviasi", gettext("Deviation, cumulative"), document.progress.deviasi_kumulatif),
        ]
    return rows


# --- xlsx --------------------------------------------------------------------------------------

FIRST_PERIOD_COLUMN = 6  # G: after No, Uraian, Volume, Satuan, Jumlah, Bobot
PERCENT = "#,##0.00"
VOLUME = "#,##0.000"
MONEY = '"Rp "#,##0'


def schedule_xlsx(document: ScheduleDocument) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(gettext("Time schedule")[:31])
    f = _XlsxFormats(book)
    periods = document.periods
    last_column = FIRST_PERIOD_COLUMN + len(periods) - 1

    # Title and header block
    sheet.merge_range(0, 0, 0, max(last_column, 8), title(document).upper(), f.title)
    sheet.merge_range(1, 0, 1, max(last_column, 8), document.header.nama, f.subtitle)
    row = 3
    for label, value in [*document.header.lines, (gettext("Time scale"), scale_text(document))]:
        sheet.write(row, 0, label, f.label)
        sheet.write(row, 2, value, f.text)
        row += 1
    head = row + 1

    # Column header (two rows: the period's name, then its dates)
    names = [
        pgettext("row number", "No"),
        gettext("Uraian pekerjaan"),
        gettext("Volume"),
        gettext("Satuan"),
    ]
    names += [gettext("Jumlah harga (Rp)"), gettext("Bobot (%)")]
    for column, name in enumerate(names):
        sheet.merge_range(head, column, head + 1, column, name, f.head)
    for offset, period in enumerate(periods):
        column = FIRST_PERIOD_COLUMN + offset
        sheet.write(head, column, period.name, f.head)
        sheet.write(head + 1, column, period.dates, f.head_small)
    sheet.set_row(head, 30)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 2, 11)
    sheet.set_column(3, 3, 8)
    sheet.set_column(4, 4, 17)
    sheet.set_column(5, 5, 8)
    if periods:
        sheet.set_column(FIRST_PERIOD_COLUMN, last_column, 8.5)

    # Rows
    first = head + 2
    line = {id(item): first + index for index, item in enumerate(document.rows)}
    total_row = first + len(document.rows)
    total_ref = f"$E${total_row + 1}"
    children: dict[int, list[DocRow]] = {}
    parent: DocRow | None = None
    klasifikasi: DocRow | None = None
    for item in document.rows:
        if item.kind == "klasifikasi":
            klasifikasi = item
            children[id(item)] = []
        elif item.kind == "sub":
            parent = item
            children[id(item)] = []
            if klasifikasi is not None:
                children[id(klasifikasi)].append(item)
        elif parent is not None:
            children[id(parent)].append(item)
    for item in document.rows:
        r = line[id(item)]
        kind = item.kind
        cell_format = f.pekerjaan if kind == "pekerjaan" else f.group(kind)
        sheet.write(r, 0, item.nomor, f.group_text(kind) if kind != "pekerjaan" else f.center)
        uraian = item.uraian if kind != "pekerjaan" else f"  {item.uraian}"
        sheet.write(r, 1, uraian, f.group_text(kind) if kind != "pekerjaan" else f.text_cell)
        if kind == "pekerjaan":
            sheet.write_number(r, 2, float(item.volume or 0), f.volume)
            sheet.write(r, 3, item.satuan, f.center)
            sheet.write_number(r, 4, float(item.jumlah), f.money)
        else:
            sheet.write_blank(r, 2, None, cell_format)
            sheet.write_blank(r, 3, None, cell_format)
            sheet.write_formula(
                r,
                4,
                _sum_of(4, [line[id(c)] for c in children[id(item)]]),
                f.group_money(kind),
                float(item.jumlah),
            )
        sheet.write_formula(
            r, 5, f"=IF({total_ref}=0,0,E{r + 1}/{total_ref}*100)", cell_format, item.bobot / 100
        )
        for offset in range(len(periods)):
            column = FIRST_PERIOD_COLUMN + offset
            weight = item.weights[offset] if offset < len(item.weights) else 0
            if kind == "pekerjaan":
                share = item.shares[offset] if offset < len(item.shares) else 0
                if share:
                    sheet.write_formula(
                        r, column, f"=$F{r + 1}*{Decimal(share) / 100}/100", f.bar, weight / 100
                    )
                else:
                    sheet.write_blank(r, column, None, f.pekerjaan)
            else:
                sheet.write_formula(
                    r,
                    column,
                    _sum_of(column, [line[id(c)] for c in children[id(item)]]),
                    f.group(kind),
                    weight / 100,
                )
    groups = [line[id(item)] for item in document.rows if item.kind == "klasifikasi"]
    sheet.merge_range(total_row, 0, total_row, 3, gettext("Total"), f.total_text)
    sheet.write_formula(
        total_row, 4, _sum_of(4, groups), f.total_money, float(document.total_biaya)
    )
    sheet.write_formula(
        total_row, 5, _sum_of(5, groups), f.total, 100.0 if document.total_biaya else 0.0
    )
    for offset in range(len(periods)):
        sheet.write_blank(total_row, FIRST_PERIOD_COLUMN + offset, None, f.total)

    # The Kurva S rows: per period and cumulative, live; realisasi values, deviasi live.
    rencana_row = total_row + 1
    kumulatif_row = rencana_row + 1
    sheet.merge_range(
        rencana_row, 0, rencana_row, 5, gettext("Planned per period (%)"), f.summary_text
    )
    sheet.merge_range(
        kumulatif_row, 0, kumulatif_row, 5, gettext("Planned, cumulative (%)"), f.summary_text
    )
    for offset in range(len(periods)):
        column = FIRST_PERIOD_COLUMN + offset
        letter = xl_col_to_name(column)
        sheet.write_formula(
            rencana_row,
            column,
            _sum_of(column, groups),
            f.summary,
            document.rencana.rencana[offset] / 100,
        )
        previous = f"{xl_col_to_name(column - 1)}{kumulatif_row + 1}+" if offset else ""
        sheet.write_formula(
            kumulatif_row,
            column,
            f"={previous}{letter}{rencana_row + 1}",
            f.summary,
            document.rencana.kumulatif[offset] / 100,
        )
    last_row = kumulatif_row
    realisasi_row = None
    if document.has_realisasi:
        state = document.progress
        realisasi_row, real_kum_row, deviasi_row, status_row = (
            kumulatif_row + n for n in (1, 2, 3, 4)
        )
        for r, label in (
            (realisasi_row, gettext("Actual per period (%)")),
            (real_kum_row, gettext("Actual, cumulative (%)")),
            (deviasi_row, gettext("Deviation, cumulative")),
            (status_row, gettext("Status")),
        ):
            sheet.merge_range(r, 0, r, 5, label, f.summary_text)
        for offset in range(len(periods)):
            column = FIRST_PERIOD_COLUMN + offset
            letter = xl_col_to_name(column)
            value = state.realisasi[offset]
            if value is None:
                for r in (realisasi_row, real_kum_row, deviasi_row, status_row):
                    sheet.write_blank(r, column, None, f.summary)
                continue
            sheet.write_number(realisasi_row, column, value / 100, f.actual)
            previous = f"{xl_col_to_name(column - 1)}{real_kum_row + 1}+" if offset else ""
            sheet.write_formula(
                real_kum_row,
                column,
                f"={previous}{letter}{realisasi_row + 1}",
                f.actual,
                (state.realisasi_kumulatif[offset] or 0) / 100,
            )
            sheet.write_formula(
                deviasi_row,
                column,
                f"={letter}{real_kum_row + 1}-{letter}{kumulatif_row + 1}",
                f.status(state.status[offset]),
                (state.deviasi_kumulatif[offset] or 0) / 100,
            )
            sheet.write(
                status_row,
                column,
                status_name(state.status[offset]),
                f.status_text(state.status[offset]),
            )
        last_row = status_row

    # The chart: the Kurva S, native, on the sheet below the table.
    chart_row = last_row + 2
    if periods:
        chart = book.add_chart({"type": "line"})
        categories = [sheet.name, head, FIRST_PERIOD_COLUMN, head, last_column]
        chart.add_series(
            {
                "name": gettext("Planned, cumulative (%)"),
                "categories": categories,
                "values": [
                    sheet.name,
                    kumulatif_row,
                    FIRST_PERIOD_COLUMN,
                    kumulatif_row,
                    last_column,
                ],
                "line": {"color": "#D63384", "width": 2.25},
                "marker": {
                    "type": "circle",
                    "size": 4,
                    "fill": {"color": "#D63384"},
                    "border": {"color": "#D63384"},
                },
            }
        )
        if document.has_realisasi and document.progress.last is not None:
            reported = FIRST_PERIOD_COLUMN + document.progress.last
            chart.add_series(
                {
                    "name": gettext("Actual, cumulative (%)"),
                    "categories": categories,
                    "values": [
                        sheet.name,
                        kumulatif_row + 2,
                        FIRST_PERIOD_COLUMN,
                        kumulatif_row + 2,
                        reported,
                    ],
                    "line": {"color": "#198754", "width": 2.25},
                    "marker": {
                        "type": "diamond",
                        "size": 5,
                        "fill": {"color": "#198754"},
                        "border": {"color": "#198754"},
                    },
                }
            )
        chart.set_title(
            {"name": gettext("Kurva S: %(project)s") % {"project": document.header.nama}}
        )
        chart.set_y_axis(
            {"min": 0, "max": 100, "num_format": "0", "name": gettext("Cumulative (%)")}
        )
        chart.set_x_axis({"name": gettext("Period")})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": max(720, min(1800, 28 * len(periods) + 200)), "height": 380})
        sheet.insert_chart(chart_row, 1, chart)
    signatures_row = chart_row + (20 if periods else 0)
    _xlsx_signatures(sheet, f, document, signatures_row)

    # Working and printing
    sheet.freeze_panes(first, FIRST_PERIOD_COLUMN)
    sheet.set_landscape()
    sheet.set_paper(8)  # A3
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(head, head + 1)
    sheet.repeat_columns(0, 1)
    sheet.print_area(0, 0, signatures_row + 8, max(last_column, 8))
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer(
        "&L"
        + _xlsx_escape(document.header.nama)
        + "&R"
        + gettext("Page %(page)s of %(pages)s") % {"page": "&P", "pages": "&N"}
    )
    sheet.hide_gridlines(0)
    book.close()
    return buffer.getvalue()


def _xlsx_escape(text: str) -> str:
    return text.replace("&", "&&")


def _sum_of(column: int, rows: Sequence[int]) -> str:
    """`=SUM(G12:G20)` for contiguous rows, `=G12+G30` otherwise, `=0` for none."""
    if not rows:
        return "=0"
    letter = xl_col_to_name(column)
    if rows == list(range(rows[0], rows[0] + len(rows))):
        return f"=SUM({letter}{rows[0] + 1}:{letter}{rows[-1] + 1})"
    return "=" + "+".join(f"{letter}{r + 1}" for r in rows)


def _xlsx_signatures(sheet, f: _XlsxFormats, document: ScheduleDocument, row: int) -> None:
    blocks = document.header.signatures
    if not blocks:
        return
    sheet.write(row, 1, document.header.place_date, f.text)
    columns = [1, 4, FIRST_PERIOD_COLUMN + 2, FIRST_PERIOD_COLUMN + 8]
    for block, column in zip(blocks, columns, strict=False):
        for offset, line in enumerate(block.peran.split(",")):
            sheet.write(row + 1 + offset, column, line.strip(), f.text)
        sheet.write(row + 6, column, block.nama, f.bold)
        sheet.write(row + 7, column, block.jabatan, f.text)


class _XlsxFormats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        border = {"border": 1, "border_color": "#9EA5AF", "font_size": 8, "valign": "vcenter"}
        self.title = add({"bold": True, "font_size": 14, "align": "center"})
        self.subtitle = add({"bold": True, "font_size": 12, "align": "center"})
        self.label = add({"font_size": 9, "font_color": "#495057"})
        self.text = add({"font_size": 9})
        self.bold = add({"font_size": 9, "bold": True})
        self.head = add(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DCE3EC"}
        )
        self.head_small = add({**border, "align": "center", "font_size": 7, "bg_color": "#DCE3EC"})
        self.center = add({**border, "align": "center"})
        self.text_cell = add({**border})
        self.volume = add({**border, "num_format": VOLUME})
        self.money = add({**border, "num_format": MONEY})
        self.pekerjaan = add({**border, "num_format": PERCENT})
        self.bar = add({**border, "num_format": PERCENT, "bg_color": "#BDD6F7"})
        self._groups = {
            kind: (
                add({**border, "bold": True, "num_format": PERCENT, "bg_color": fill}),
                add({**border, "bold": True, "bg_color": fill}),
                add({**border, "bold": True, "num_format": MONEY, "bg_color": fill}),
            )
            for kind, fill in (("klasifikasi", "#E8ECF1"), ("sub", "#F5F7F9"))
        }
        self.total = add({**border, "bold": True, "num_format": PERCENT, "top": 2})
        self.total_money = add({**border, "bold": True, "num_format": MONEY, "top": 2})
        self.total_text = add({**border, "bold": True, "align": "right", "top": 2})
        self.summary = add({**border, "bold": True, "num_format": PERCENT, "bg_color": "#FCE4EF"})
        self.summary_text = add({**border, "bold": True, "align": "right", "bg_color": "#FCE4EF"})
        self.actual = add({**border, "bold": True, "num_format": PERCENT, "bg_color": "#D9F2E3"})
        self._status = {
            KRITIS: (
                add({**border, "bold": True, "num_format": PERCENT, "bg_color": "#F8D7DA"}),
                add(
                    {
                        **border,
                        "bold": True,
                        "align": "center",
                        "bg_color": "#F8D7DA",
                        "font_size": 7,
                    }
                ),
            ),
            TERLAMBAT: (
                add({**border, "bold": True, "num_format": PERCENT, "bg_color": "#FFF3CD"}),
                add(
                    {
                        **border,
                        "bold": True,
                        "align": "center",
                        "bg_color": "#FFF3CD",
                        "font_size": 7,
                    }
                ),
            ),
            None: (
                add({**border, "bold": True, "num_format": PERCENT, "bg_color": "#D9F2E3"}),
                add(
                    {
                        **border,
                        "bold": True,
                        "align": "center",
                        "bg_color": "#D9F2E3",
                        "font_size": 7,
                    }
                ),
            ),
        }

    def group(self, kind: str):
        return self._groups[kind][0]

    def group_text(self, kind: str):
        return self._groups[kind][1]

    def group_money(self, kind: str):
        return self._groups[kind][2]

    def status(self, status: str | None):
        return self._status.get(status, self._status[None])[0]

    def status_text(self, status: str | None):
        return self._status.get(status, self._status[None])[1]


# --- PDF ---------------------------------------------------------------------------------------

ROW = 5 * mm
HEAD = 11 * mm
PERIOD_WIDTH = 9 * mm


def schedule_pdf(document: ScheduleDocument, *, paper: str = "A3") -> bytes:
    sheet = pdf.Sheet(
        title=title(document),
        header=document.header,
        paper=paper,
        subtitle=gettext("Time scale: %(scale)s") % {"scale": scale_text(document).lower()},
    )
    uraian_width = (82 if paper == "A3" else 58) * mm
    fixed = [
        ("nomor", 9 * mm, pgettext("row number", "No"), "c"),
        ("uraian", uraian_width, gettext("Uraian pekerjaan"), "l"),
        ("volume", 15 * mm, gettext("Volume"), "r"),
        ("satuan", 11 * mm, gettext("Satuan"), "c"),
        ("jumlah", 25 * mm, gettext("Jumlah harga (Rp)"), "r"),
        ("bobot", 14 * mm, gettext("Bobot (%)"), "r"),
    ]
    fixed_width = sum(width for _, width, _, _ in fixed)
    per_page = max(int((sheet.right - sheet.left - fixed_width) // PERIOD_WIDTH), 1)
    summary = _summary_rows(document)
    available = sheet.top - HEAD - ROW * (len(summary) + 1) - sheet.bottom
    rows_per_page = max(int(available // ROW), 5)
    rows = document.rows
    row_chunks = [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)] or [[]]
    count = len(document.periods)
    period_chunks = [range(i, min(i + per_page, count)) for i in range(0, count, per_page)] or [
        range(0)
    ]
    for columns in period_chunks:
        for chunk_index, chunk in enumerate(row_chunks):
            last_rows = chunk_index == len(row_chunks) - 1
            sheet.page(
                lambda canvas, top, chunk=chunk, columns=columns, last_rows=last_rows: (
                    _schedule_page(
                        canvas, top, sheet, document, fixed, chunk, columns, summary, last_rows
                    )
                )
            )
    if document.header.signatures:
        sheet.page(lambda canvas, top: _last_page(canvas, top, sheet, document))
    return sheet.render()


def _schedule_page(
    canvas: Canvas,
    top: float,
    sheet: pdf.Sheet,
    document: ScheduleDocument,
    fixed: list[tuple[str, float, str, str]],
    rows: Sequence[DocRow],
    columns: range,
    summary: list[SummaryRow],
    last_rows: bool,
) -> None:
    left = sheet.left
    x = left
    positions = []
    for key, width, label, align in fixed:
        positions.append((key, x, width, label, align))
        x += width
    periods_left = x
    right = periods_left + len(columns) * PERIOD_WIDTH
    # Column header
    y = top - HEAD
    canvas.setFillColorRGB(*pdf.HEAD_FILL)
    canvas.rect(left, y, right - left, HEAD, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(pdf.BOLD, 6.5)
    for _, cx, width, label, _align in positions:
        canvas.drawCentredString(
            cx + width / 2, y + HEAD / 2 - 1, pdf.fit(label, width - 2, 6.5, pdf.BOLD)
        )
    # Above the period columns: "Minggu ke-" / "Bulan ke-", then per column its number (a custom
    # tahapan: its name) and its dates, as Indonesian schedules head them.
    canvas.setFont(pdf.BOLD, 6)
    span = gettext("Week no.") if document.scale == "weekly" else gettext("Month no.")
    canvas.drawCentredString((periods_left + right) / 2, y + HEAD - 3 * mm, span)
    canvas.setStrokeColorRGB(*pdf.GRID)
    canvas.setLineWidth(0.25)
    canvas.line(periods_left, y + HEAD - 4.2 * mm, right, y + HEAD - 4.2 * mm)
    canvas.setStrokeColorRGB(0, 0, 0)
    for n, index in enumerate(columns):
        period = document.periods[index]
        cx = periods_left + n * PERIOD_WIDTH
        label = str(period.nomor) if period.nomor else period.name
        canvas.setFont(pdf.BOLD, 6 if period.nomor else 5)
        canvas.drawCentredString(
            cx + PERIOD_WIDTH / 2, y + 3.6 * mm, pdf.fit(label, PERIOD_WIDTH - 1, 6, pdf.BOLD)
        )
        canvas.setFont(pdf.REGULAR, 4.6)
        canvas.drawCentredString(
            cx + PERIOD_WIDTH / 2, y + 1.2 * mm, pdf.fit(period.opens, PERIOD_WIDTH - 1, 4.6)
        )
    body_top = y
    # Rows
    for item in rows:
        y -= ROW
        fill = {"klasifikasi": pdf.GROUP_FILL, "sub": pdf.SUB_FILL}.get(item.kind)
        font = pdf.BOLD if item.kind != "pekerjaan" else pdf.REGULAR
        uraian = (
            item.uraian
            if item.kind == "klasifikasi"
            else ("   " if item.kind == "sub" else "      ") + item.uraian
        )
        values = {
            "nomor": item.nomor,
            "uraian": uraian,
            "volume": money.format_trimmed(item.volume, 3) if item.volume is not None else "",
            "satuan": item.satuan,
            "jumlah": money.format_rupiah(item.jumlah, prefix=""),
            "bobot": percent(item.bobot),
        }
        pdf.grid_row(
            canvas,
            y=y,
            height=ROW,
            cells=[(cx, width, values[key], align) for key, cx, width, _, align in positions],
            font=font,
            fill=fill,
            left=left,
            right=right,
        )
        for n, index in enumerate(columns):
            weight = item.weights[index] if index < len(item.weights) else 0
            if not weight:
                continue
            cx = periods_left + n * PERIOD_WIDTH
            if item.kind == "pekerjaan":
                canvas.setFillColorRGB(*pdf.BAR_FILL)
                canvas.rect(cx, y + 0.8 * mm, PERIOD_WIDTH, ROW - 1.6 * mm, stroke=0, fill=1)
                canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(font, 5)
            canvas.drawRightString(cx + PERIOD_WIDTH - 0.8, y + 1.6 * mm, percent(weight))
    body_bottom = y
    if last_rows:
        y -= ROW
        pdf.grid_row(
            canvas,
            y=y,
            height=ROW,
            cells=[
                (positions[0][1], sum(w for _, _, w, _, _ in positions[:4]), gettext("Total"), "r"),
                (
                    positions[4][1],
                    positions[4][2],
                    money.format_rupiah(document.total_biaya, prefix=""),
                    "r",
                ),
                (
                    positions[5][1],
                    positions[5][2],
                    percent(10000 if document.total_biaya else 0),
                    "r",
                ),
            ],
            font=pdf.BOLD,
            left=left,
            right=right,
        )
    # The Kurva S rows
    for kind, label, values in summary:
        y -= ROW
        pdf.grid_row(
            canvas,
            y=y,
            height=ROW,
            cells=[(left, periods_left - left, label, "r")],
            font=pdf.BOLD,
            fill=(0.99, 0.9, 0.94),
            left=left,
            right=right,
        )
        for n, index in enumerate(columns):
            value = values[index] if index < len(values) else None
            if value is None:
                continue
            status = (
                document.progress.status[index] if index < len(document.progress.status) else None
            )
            if kind == "deviasi":
                fill = (
                    pdf.KRITIS_FILL
                    if status == KRITIS
                    else (pdf.TERLAMBAT_FILL if status == TERLAMBAT else None)
                )
                if fill:
                    canvas.setFillColorRGB(*fill)
                    canvas.rect(
                        periods_left + n * PERIOD_WIDTH, y, PERIOD_WIDTH, ROW, stroke=0, fill=1
                    )
                    canvas.setFillColorRGB(0, 0, 0)
            canvas.setFont(pdf.BOLD, 5)
            text = signed(value) if kind == "deviasi" else percent(value)
            canvas.drawRightString(periods_left + (n + 1) * PERIOD_WIDTH - 0.8, y + 1.6 * mm, text)
    # Grid lines
    canvas.setStrokeColorRGB(*pdf.GRID)
    canvas.setLineWidth(0.25)
    for line_y in _frange(y, top, ROW, top - HEAD):
        canvas.line(left, line_y, right, line_y)
    canvas.line(left, top, right, top)
    for _, cx, _, _, _ in positions:
        canvas.line(cx, y, cx, top)
    for n in range(len(columns) + 1):
        cx = periods_left + n * PERIOD_WIDTH
        # Inner column lines stop under the "Minggu ke-" span.
        inner = 0 < n < len(columns)
        canvas.line(cx, y, cx, top - 4.2 * mm if inner else top)
    canvas.setStrokeColorRGB(0, 0, 0)
    # The Kurva S over the bar table: 0 % at the bottom of the rows, 100 % at their top.
    if len(columns) and body_top - body_bottom >= 4 * ROW:
        _curve(canvas, document, columns, periods_left, body_bottom, body_top)


def _frange(bottom: float, top: float, step: float, head_bottom: float) -> list[float]:
    lines = [bottom]
    value = bottom
    while value + step <= head_bottom + 0.01:
        value += step
        lines.append(value)
    return lines


def _curve(
    canvas: Canvas,
    document: ScheduleDocument,
    columns: range,
    left: float,
    bottom: float,
    top: float,
) -> None:
    height = top - bottom
    first = columns[0]

    def point(index: int, value: int) -> tuple[float, float]:
        return left + (index - first + 1) * PERIOD_WIDTH, bottom + height * value / 10000

    start = document.rencana.kumulatif[first - 1] if first else 0
    lines = [(document.rencana.kumulatif, pdf.PLAN_LINE, start, None)]
    if document.has_realisasi:
        reported = document.progress.realisasi_kumulatif
        real_start = (reported[first - 1] or 0) if first else 0
        lines.append((reported, pdf.ACTUAL_LINE, real_start, (2.4, 1.4)))
    for values, colour, begin, dash in lines:
        points = [(left, bottom + height * begin / 10000)]
        for index in columns:
            value = values[index]
            if value is None:
                break
            points.append(point(index, value))
        if len(points) < 2:
            continue
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(1.1)
        canvas.setDash(*dash) if dash else canvas.setDash()
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for p in points[1:]:
            path.lineTo(*p)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColorRGB(*colour)
        for p in points[1:]:
            canvas.circle(p[0], p[1], 0.55, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    # The curve's own scale on the right of the period columns.
    right = left + len(columns) * PERIOD_WIDTH
    canvas.setFont(pdf.REGULAR, 4.8)
    canvas.setFillColorRGB(*pdf.PLAN_LINE)
    for tick in range(0, 101, 20):
        tick_y = bottom + height * tick / 100
        canvas.drawString(right + 0.8 * mm, tick_y - 1.6, f"{tick} %")
    canvas.setFillColorRGB(0, 0, 0)


def _last_page(canvas: Canvas, top: float, sheet: pdf.Sheet, document: ScheduleDocument) -> None:
    y = top - 6 * mm
    canvas.setFont(pdf.BOLD, 9)
    canvas.drawString(sheet.left, y, gettext("Kurva S legend"))
    canvas.setFont(pdf.REGULAR, 8)
    items = [(pdf.PLAN_LINE, gettext("Planned, cumulative (%)"))]
    if document.has_realisasi:
        items.append((pdf.ACTUAL_LINE, gettext("Actual, cumulative (%)")))
    for n, (colour, label) in enumerate(items):
        line_y = y - (n + 1) * 5 * mm
        canvas.setStrokeColorRGB(*colour)
        canvas.setLineWidth(1.2)
        canvas.line(sheet.left, line_y + 1, sheet.left + 10 * mm, line_y + 1)
        canvas.setStrokeColorRGB(0, 0, 0)
        canvas.drawString(sheet.left + 12 * mm, line_y, label)
    pdf.signature_blocks(canvas, sheet, y - 20 * mm)
