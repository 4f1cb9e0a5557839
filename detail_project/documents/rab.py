"""The RAB as a document (SPEC §11): the tree of the RAB page with its totals, as an xlsx that
keeps live formulas and as a PDF, A4 portrait unless A3 is asked for.

`rab_document` gathers the rows (klasifikasi › sub-klasifikasi › pekerjaan, numbered as on the
page) and the totals from `rab_tree` and `money`; the writers only lay them out. Every formula
of the xlsx carries its cached value, the app's own figure, so a reader that does not recalculate
(a phone's preview, a mail client) still shows the right rupiah.

Call everything inside `header.document_language()`: the words, numbers and dates are written in
Indonesian.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext, pgettext
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from xlsxwriter.utility import xl_rowcol_to_cell

from dashboard.models import Project
from detail_project import money
from detail_project.documents.header import ProjectHeader, project_header
from detail_project.documents.pdf import (
    BOLD,
    GRID,
    GROUP_FILL,
    HEAD_FILL,
    PAPER_SIZES,
    REGULAR,
    SUB_FILL,
    Sheet,
    grid_row,
    signature_blocks,
    wrap,
)
from detail_project.selectors.rab import RabTree, rab_tree

KLASIFIKASI = "klasifikasi"
SUB = "sub"
PEKERJAAN = "pekerjaan"

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RabRow:
    kind: str  # KLASIFIKASI, SUB or PEKERJAAN
    nomor: str  # "I", "A", "1"
    uraian: str  # a group's name, a pekerjaan's uraian
    kode: str = ""
    satuan: str = ""
    volume: Decimal | None = None
    harga_satuan: Decimal | None = None
    jumlah: Decimal = ZERO  # a pekerjaan's exact product, a group's exact subtotal
    bobot: Decimal = ZERO  # percent of the exact TOTAL BIAYA LANGSUNG


@dataclass(frozen=True)
class RabDocument:
    header: ProjectHeader
    rows: list[RabRow]
    totals: money.RabTotals
    total_exact: Decimal  # the unrounded sum of the products: the denominator of bobot
    pembulatan_step: int
    today: dt.date
    title: str  # "Rencana Anggaran Biaya"

    @property
    def total_bobot(self) -> Decimal:
        return HUNDRED if self.total_exact else ZERO


def rab_rows(tree: RabTree) -> Iterator[RabRow]:
    """The RAB in reading order: each group row is followed by its children."""
    for klasifikasi in tree.klasifikasi:
        yield RabRow(
            KLASIFIKASI,
            klasifikasi.nomor,
            klasifikasi.name,
            jumlah=klasifikasi.subtotal,
            bobot=klasifikasi.bobot,
        )
        for sub in klasifikasi.subs:
            yield RabRow(SUB, sub.nomor, sub.name, jumlah=sub.subtotal, bobot=sub.bobot)
            for row in sub.pekerjaan:
                yield RabRow(
                    PEKERJAAN,
                    str(row.nomor),
                    row.uraian,
                    kode=row.kode_pekerjaan,
                    satuan=row.satuan,
                    volume=row.volume,
                    harga_satuan=row.harga_satuan,
                    jumlah=row.jumlah_harga,
                    bobot=row.bobot,
                )


def rab_document(project: Project, *, today: dt.date) -> RabDocument:
    """The RAB of `project` with its header and totals (call inside `document_language()`)."""
    tree = rab_tree(project)
    return RabDocument(
        header=project_header(project, today=today, total=tree.totals.total_biaya_langsung),
        rows=list(rab_rows(tree)),
        totals=tree.totals,
        total_exact=tree.total_exact,
        pembulatan_step=project.pembulatan_step,
        today=today,
        title=gettext("Rencana Anggaran Biaya"),
    )


# --- words shared by both writers ------------------------------------------------------------


def _column_labels() -> list[str]:
    return [
        pgettext("row number", "No"),
        gettext("Kode"),
        gettext("Uraian pekerjaan"),
        gettext("Volume"),
        gettext("Satuan"),
        gettext("Unit price (Rp)"),
        gettext("Amount (Rp)"),
        gettext("Bobot (%)"),
    ]


def _totals_labels(document: RabDocument) -> list[str]:
    totals = document.totals
    return [
        gettext("TOTAL BIAYA LANGSUNG"),
        f"{gettext('PPN')} {money.format_trimmed(totals.ppn_percent)}%",
        gettext("GRAND TOTAL"),
        "{} ({})".format(
            gettext("PEMBULATAN"),
            gettext("rounded down to a multiple of %(step)s")
            % {"step": money.format_rupiah(document.pembulatan_step)},
        ),
    ]


def _volume_text(volume: Decimal) -> str:
    """Two decimals, three when the third one is used (volumes are stored to 0,001)."""
    places = 3 if volume.quantize(Decimal("0.001")) != volume.quantize(Decimal("0.01")) else 2
    return money.format_number(volume, places)


def _page_label() -> str:
    return gettext("Page %(page)s of %(pages)s")


# --- xlsx ------------------------------------------------------------------------------------

# Columns: No | Kode | Uraian | Volume | Satuan | Harga satuan | Jumlah harga | Bobot
COL_NO, COL_KODE, COL_URAIAN, COL_VOLUME, COL_SATUAN, COL_HARGA, COL_JUMLAH, COL_BOBOT = range(8)
XLSX_WIDTHS = (6, 14, 52, 11, 8, 16, 19, 9)
# The locale tag (421: Indonesian) makes readers that honour it (LibreOffice) group the way an
# Indonesian reads, 1.234.567,89; Excel keeps the computer's separators.
VOLUME_FORMAT = "[$-421]#,##0.00#"
NUMBER_FORMAT = "[$-421]#,##0.00"
WHOLE_FORMAT = "[$-421]#,##0"
RUPIAH_FORMAT = "[$Rp-421] #,##0"
# Signature blocks side by side: the column span of each, by how many there are.
XLSX_SIGNATURE_SPANS = {
    1: [(5, 7)],
    2: [(0, 2), (3, 7)],
    3: [(0, 1), (2, 2), (3, 7)],
    4: [(0, 1), (2, 2), (3, 5), (6, 7)],
}
SUM_ARGUMENTS = 200  # a function takes at most 255 arguments


def _sum(cells: Sequence[str]) -> str:
    """`SUM(G5,G9,…)`, split into several SUMs when there are many; "0" for none."""
    if not cells:
        return "0"
    chunks = [cells[i : i + SUM_ARGUMENTS] for i in range(0, len(cells), SUM_ARGUMENTS)]
    return "+".join(f"SUM({','.join(chunk)})" for chunk in chunks)


def _footer_text(text: str) -> str:
    """Text inside an Excel header/footer: a literal "&" is written "&&"."""
    return text.replace("&", "&&")


def _wrapped_lines(text: str, width: int) -> int:
    """About how many lines `text` takes in a wrapped column `width` characters wide."""
    chars = max(int(width * 1.15), 1)  # a 10-point font in a column measured in "0" widths
    return sum(max(-(-len(part) // chars), 1) for part in text.split("\n")) or 1


def rab_xlsx(document: RabDocument) -> bytes:
    """One sheet "RAB": the title block, the table with live formulas, the totals, signatures."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": f"{document.title} — {document.header.nama}"})
    base = {"font_size": 10, "valign": "top"}
    cell = {**base, "border": 1, "border_color": "#9ea6b0"}

    def style(**extra: object):
        return workbook.add_format({**cell, **extra})

    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "name": workbook.add_format({"bold": True, "font_size": 12, "align": "center"}),
        "label": workbook.add_format(base),
        "head": style(
            bold=True, align="center", valign="vcenter", text_wrap=True, bg_color="#dbe3ed"
        ),
        "text": style(text_wrap=True),
        "center": style(align="center"),
        "volume": style(num_format=VOLUME_FORMAT),
        "number": style(num_format=NUMBER_FORMAT),
        "whole": style(num_format=WHOLE_FORMAT),
    }
    for kind, fill in ((KLASIFIKASI, "#e8edf2"), (SUB, "#f5f7fa")):
        formats[f"{kind}_text"] = style(bold=True, text_wrap=True, bg_color=fill)
        formats[f"{kind}_center"] = style(bold=True, align="center", bg_color=fill)
        formats[f"{kind}_blank"] = style(bg_color=fill)
        formats[f"{kind}_whole"] = style(bold=True, num_format=WHOLE_FORMAT, bg_color=fill)
        formats[f"{kind}_number"] = style(bold=True, num_format=NUMBER_FORMAT, bg_color=fill)
    formats["total_label"] = style(bold=True, align="right", bg_color="#f5f7fa")
    formats["total_money"] = style(bold=True, num_format=RUPIAH_FORMAT, bg_color="#f5f7fa")
    formats["total_number"] = style(bold=True, num_format=NUMBER_FORMAT, bg_color="#f5f7fa")
    formats["total_blank"] = style(bg_color="#f5f7fa")
    formats["sign"] = workbook.add_format({**base, "align": "center", "text_wrap": True})
    formats["sign_name"] = workbook.add_format(
        {**base, "align": "center", "bold": True, "underline": 1}
    )
    formats["sign_place"] = workbook.add_format({**base, "align": "right"})

    sheet = workbook.add_worksheet("RAB")
    for column, width in enumerate(XLSX_WIDTHS):
        sheet.set_column(column, column, width)
    last_column = len(XLSX_WIDTHS) - 1

    def span(row: int, first: int, last: int, text: str, fmt) -> None:
        if first == last:
            sheet.write_string(row, first, text, fmt)
        else:
            sheet.merge_range(row, first, row, last, text, fmt)

    # Title block
    span(0, 0, last_column, document.title.upper(), formats["title"])
    span(1, 0, last_column, document.header.nama, formats["name"])
    row = 3
    for label, value in document.header.lines:
        sheet.write_string(row, COL_NO, label, formats["label"])
        sheet.write_string(row, COL_URAIAN, f": {value}", formats["label"])
        row += 1
    head_row = row + 1
    sheet.set_row(head_row, 30)
    for column, label in enumerate(_column_labels()):
        sheet.write_string(head_row, column, label, formats["head"])

    # The rows, then each group's subtotal once its children's rows are known
    first_row = head_row + 1
    total_row = first_row + len(document.rows)
    total_cell = xl_rowcol_to_cell(total_row, COL_JUMLAH, row_abs=True, col_abs=True)
    klasifikasi_rows: list[int] = []
    children: dict[int, list[int]] = {}
    parent_klasifikasi = parent_sub = None

    def jumlah_cell(at: int) -> str:
        return xl_rowcol_to_cell(at, COL_JUMLAH)

    def bobot(at: int, item: RabRow, fmt) -> None:
        formula = f"=IF({total_cell}=0,0,{jumlah_cell(at)}/{total_cell}*100)"
        sheet.write_formula(at, COL_BOBOT, formula, fmt, float(item.bobot))

    for at, item in enumerate(document.rows, start=first_row):
        if item.kind == PEKERJAAN:
            if parent_sub is not None:
                children[parent_sub].append(at)
            sheet.write_string(at, COL_NO, item.nomor, formats["center"])
            sheet.write_string(at, COL_KODE, item.kode, formats["center"])
            sheet.write_string(at, COL_URAIAN, item.uraian, formats["text"])
            sheet.write_number(at, COL_VOLUME, float(item.volume or ZERO), formats["volume"])
            sheet.write_string(at, COL_SATUAN, item.satuan, formats["center"])
            sheet.write_number(at, COL_HARGA, float(item.harga_satuan or ZERO), formats["number"])
            volume = xl_rowcol_to_cell(at, COL_VOLUME)
            harga = xl_rowcol_to_cell(at, COL_HARGA)
            sheet.write_formula(
                at, COL_JUMLAH, f"={volume}*{harga}", formats["whole"], float(item.jumlah)
            )
            bobot(at, item, formats["number"])
            lines = _wrapped_lines(item.uraian, XLSX_WIDTHS[COL_URAIAN])
            if lines > 1:
                sheet.set_row(at, 13.2 * lines)
            continue
        if item.kind == KLASIFIKASI:
            klasifikasi_rows.append(at)
            parent_klasifikasi, parent_sub = at, None
        else:
            if parent_klasifikasi is not None:
                children[parent_klasifikasi].append(at)
            parent_sub = at
        children[at] = []
        sheet.write_string(at, COL_NO, item.nomor, formats[f"{item.kind}_center"])
        sheet.write_blank(at, COL_KODE, None, formats[f"{item.kind}_blank"])
        sheet.write_string(at, COL_URAIAN, item.uraian, formats[f"{item.kind}_text"])
        for column in (COL_VOLUME, COL_SATUAN, COL_HARGA):
            sheet.write_blank(at, column, None, formats[f"{item.kind}_blank"])
        bobot(at, item, formats[f"{item.kind}_number"])

    items = dict(enumerate(document.rows, start=first_row))
    for at, rows in children.items():
        group = items[at]
        if group.kind == SUB and rows:  # its pekerjaan follow it, one block
            formula = f"=SUM({jumlah_cell(rows[0])}:{jumlah_cell(rows[-1])})"
        else:  # a klasifikasi adds its subs' subtotals
            formula = f"={_sum([jumlah_cell(child) for child in rows])}"
        fmt = formats[f"{group.kind}_whole"]
        sheet.write_formula(at, COL_JUMLAH, formula, fmt, float(group.jumlah))

    # Totals
    totals = document.totals
    ppn_row, grand_row, pembulatan_row = total_row + 1, total_row + 2, total_row + 3
    labels = _totals_labels(document)
    sum_of_klasifikasi = _sum([jumlah_cell(at) for at in klasifikasi_rows])
    formulas = [
        (f"=ROUND({sum_of_klasifikasi},0)", totals.total_biaya_langsung),
        (f"=ROUND({total_cell}*{totals.ppn_percent.normalize():f}/100,0)", totals.ppn),
        (f"={total_cell}+{jumlah_cell(ppn_row)}", totals.grand_total),
        (f"=FLOOR({jumlah_cell(grand_row)},{document.pembulatan_step})", totals.pembulatan),
    ]
    for at, label, (formula, value) in zip(
        range(total_row, pembulatan_row + 1), labels, formulas, strict=True
    ):
        span(at, COL_NO, COL_HARGA, label, formats["total_label"])
        sheet.write_formula(at, COL_JUMLAH, formula, formats["total_money"], int(value))
        sheet.write_blank(at, COL_BOBOT, None, formats["total_blank"])
    bobot_cells = [xl_rowcol_to_cell(at, COL_BOBOT) for at in klasifikasi_rows]
    sheet.write_formula(
        total_row,
        COL_BOBOT,
        f"={_sum(bobot_cells)}",
        formats["total_number"],
        float(document.total_bobot),
    )

    # Signatures
    last_row = pembulatan_row
    signatures = document.header.signatures[: max(XLSX_SIGNATURE_SPANS)]
    if signatures:
        spans = XLSX_SIGNATURE_SPANS[len(signatures)]
        row = pembulatan_row + 2
        first, last = spans[-1]
        span(row, first, last, document.header.place_date, formats["sign_place"])
        row += 1
        roles = [[part.strip() for part in block.peran.split(",")] for block in signatures]
        height = max(len(lines) for lines in roles)
        for (first, last), lines, block in zip(spans, roles, signatures, strict=True):
            for offset, line in enumerate(lines):
                span(row + offset, first, last, line, formats["sign"])
            span(row + height + 4, first, last, block.nama, formats["sign_name"])
            span(row + height + 5, first, last, block.jabatan, formats["sign"])
        last_row = row + height + 5

    # Page setup: A4 portrait, as wide as the page, the column header on every page
    sheet.freeze_panes(first_row, 0)
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(head_row)
    sheet.print_area(0, 0, last_row, last_column)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.7)
    sheet.center_horizontally()
    page = _page_label() % {"page": "&P", "pages": "&N"}
    sheet.set_footer(f"&L&8{_footer_text(document.header.nama[:100])}&R&8{page}")
    workbook.close()
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------

# Column widths in millimetres on A4 (the uraian takes what is left); A3 scales everything.
PDF_WIDTHS = (9, 18, 0, 17, 12, 24, 27, 13)
PDF_ALIGN = ("c", "c", "l", "r", "c", "r", "r", "r")
FONT_SIZE = 7.0
MAX_URAIAN_LINES = 12


@dataclass
class _Columns:
    """Where the table's columns are on the page, and its type sizes."""

    xs: list[float]
    widths: list[float]
    size: float
    line: float  # line height
    pad: float  # above and below a row's text

    @classmethod
    def on(cls, sheet: Sheet) -> _Columns:
        scale = sheet.width / PAPER_SIZES["A4"][0]
        fixed = [width * mm * scale for width in PDF_WIDTHS]
        uraian = (sheet.right - sheet.left) - sum(fixed)
        widths = [width or uraian for width in fixed]
        xs = [sheet.left + sum(widths[:index]) for index in range(len(widths))]
        size = FONT_SIZE * scale
        return cls(xs=xs, widths=widths, size=size, line=size * 1.3, pad=1.1 * mm * scale)

    @property
    def left(self) -> float:
        return self.xs[0]

    @property
    def right(self) -> float:
        return self.xs[-1] + self.widths[-1]

    def height(self, lines: int) -> float:
        return lines * self.line + 2 * self.pad


@dataclass
class _Block:
    """Something drawn from `top` downwards that takes `height` points."""

    height: float
    draw: Callable[[Canvas, float], None]
    is_group: bool = False  # kept on the page of its first child


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    return wrap(text, width, size, font, limit=MAX_URAIAN_LINES)


def _borders(
    canvas: Canvas, columns: _Columns, top: float, bottom: float, xs: Sequence[float]
) -> None:
    canvas.setStrokeColorRGB(*GRID)
    canvas.setLineWidth(0.4)
    canvas.line(columns.left, bottom, columns.right, bottom)
    for x in (*xs, columns.right):
        canvas.line(x, top, x, bottom)
    canvas.setStrokeColorRGB(0, 0, 0)


def _table_head(columns: _Columns) -> _Block:
    size = columns.size
    labels = [
        _wrap(label, width - 4, BOLD, size)
        for label, width in zip(_column_labels(), columns.widths, strict=True)
    ]
    lines = max(len(label) for label in labels)
    height = columns.height(lines)

    def draw(canvas: Canvas, top: float) -> None:
        canvas.setFillColorRGB(*HEAD_FILL)
        canvas.rect(
            columns.left, top - height, columns.right - columns.left, height, stroke=0, fill=1
        )
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(BOLD, size)
        for x, width, label in zip(columns.xs, columns.widths, labels, strict=True):
            first = top - height / 2 + (len(label) - 1) * columns.line / 2 - size * 0.36
            for index, text in enumerate(label):
                canvas.drawCentredString(x + width / 2, first - index * columns.line, text)
        canvas.setStrokeColorRGB(*GRID)
        canvas.setLineWidth(0.4)
        canvas.line(columns.left, top, columns.right, top)
        canvas.setStrokeColorRGB(0, 0, 0)
        _borders(canvas, columns, top, top - height, columns.xs)

    return _Block(height, draw)


def _row_block(columns: _Columns, item: RabRow) -> _Block:
    font = REGULAR if item.kind == PEKERJAAN else BOLD
    fill = {KLASIFIKASI: GROUP_FILL, SUB: SUB_FILL}.get(item.kind)
    uraian = _wrap(item.uraian, columns.widths[COL_URAIAN] - 4, font, columns.size)
    height = columns.height(len(uraian))
    if item.kind == PEKERJAAN:
        texts = [
            item.nomor,
            item.kode,
            uraian[0],
            _volume_text(item.volume or ZERO),
            item.satuan,
            money.format_number(item.harga_satuan or ZERO, 2),
            money.format_rupiah(item.jumlah, prefix=""),
            money.format_number(item.bobot, 2),
        ]
    else:
        texts = [
            item.nomor,
            "",
            uraian[0],
            "",
            "",
            "",
            money.format_rupiah(item.jumlah, prefix=""),
            money.format_number(item.bobot, 2),
        ]

    def draw(canvas: Canvas, top: float) -> None:
        if fill:
            canvas.setFillColorRGB(*fill)
            canvas.rect(
                columns.left, top - height, columns.right - columns.left, height, stroke=0, fill=1
            )
            canvas.setFillColorRGB(0, 0, 0)
        first = top - columns.pad - columns.line
        cells = list(zip(columns.xs, columns.widths, texts, PDF_ALIGN, strict=True))
        grid_row(
            canvas,
            y=first,
            height=columns.line,
            cells=cells,
            font=font,
            size=columns.size,
            left=columns.left,
            right=columns.right,
        )
        baseline = first + (columns.line - columns.size * 0.72) / 2
        canvas.setFont(font, columns.size)
        for index, line in enumerate(uraian[1:], start=1):
            canvas.drawString(columns.xs[COL_URAIAN] + 1.2, baseline - index * columns.line, line)
        _borders(canvas, columns, top, top - height, columns.xs)

    return _Block(height, draw, is_group=item.kind != PEKERJAAN)


def _totals_block(columns: _Columns, document: RabDocument) -> _Block:
    totals = document.totals
    amounts = [totals.total_biaya_langsung, totals.ppn, totals.grand_total, totals.pembulatan]
    bobots = [money.format_number(document.total_bobot, 2), "", "", ""]
    row = columns.height(1)
    height = row * len(amounts)
    label_width = columns.xs[COL_JUMLAH] - columns.left
    xs = [columns.left, columns.xs[COL_JUMLAH], columns.xs[COL_BOBOT]]

    def draw(canvas: Canvas, top: float) -> None:
        labels = _totals_labels(document)
        for index, (label, amount, bobot) in enumerate(zip(labels, amounts, bobots, strict=True)):
            y = top - (index + 1) * row
            cells = [
                (columns.left, label_width - 2, label, "r"),
                (
                    columns.xs[COL_JUMLAH],
                    columns.widths[COL_JUMLAH],
                    money.format_rupiah(amount),
                    "r",
                ),
                (columns.xs[COL_BOBOT], columns.widths[COL_BOBOT], bobot, "r"),
            ]
            grid_row(
                canvas,
                y=y,
                height=row,
                cells=cells,
                font=BOLD,
                size=columns.size,
                fill=SUB_FILL,
                left=columns.left,
                right=columns.right,
            )
            _borders(canvas, columns, y + row, y, xs)

    return _Block(height, draw)


def _signature_block(sheet: Sheet) -> _Block | None:
    if not sheet.header.signatures:
        return None
    gap = 8 * mm

    def draw(canvas: Canvas, top: float) -> None:
        signature_blocks(canvas, sheet, top - gap)

    return _Block(gap + 42 * mm, draw)


def _paginate(
    blocks: list[_Block], *, head: _Block, available: float, tail: list[_Block]
) -> list[list[_Block]]:
    """The table's rows on pages that each start with the column header; a group row is not
    left alone at the bottom of a page. `tail` (the totals, the signatures) is kept whole, each
    on a new page when it does not fit, and the totals with the column header."""
    pages: list[list[_Block]] = [[head]]
    used = head.height
    for block in blocks:
        if used + block.height > available and len(pages[-1]) > 1:
            moved: list[_Block] = []
            while pages[-1][-1].is_group and len(pages[-1]) > 2:
                moved.insert(0, pages[-1].pop())
            pages.append([head, *moved])
            used = sum(item.height for item in pages[-1])
        pages[-1].append(block)
        used += block.height
    for index, block in enumerate(tail):
        if used + block.height > available:
            with_head = index == 0
            pages.append([head] if with_head else [])
            used = head.height if with_head else 0
        pages[-1].append(block)
        used += block.height
    return pages


def rab_pdf(document: RabDocument, *, paper: str = "A4") -> bytes:
    """The RAB on portrait `paper` (A4 or A3): the column header on every page, the totals and
    the signatures at the end, "Halaman 1 dari 3" at the foot of each page."""
    sheet = Sheet(
        title=document.title,
        header=document.header,
        paper=paper,
        orientation="portrait",
        columns=2,
    )
    columns = _Columns.on(sheet)
    blocks = [_row_block(columns, item) for item in document.rows]
    tail = [_totals_block(columns, document)]
    signatures = _signature_block(sheet)
    if signatures is not None:
        tail.append(signatures)
    pages = _paginate(
        blocks, head=_table_head(columns), available=sheet.top - sheet.bottom, tail=tail
    )
    for content in pages:

        def draw(canvas: Canvas, top: float, content: list[_Block] = content) -> None:
            for block in content:
                block.draw(canvas, top)
                top -= block.height

        sheet.page(draw)
    return sheet.render()
