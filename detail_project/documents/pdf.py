"""PDF pages with ReportLab: the shared furniture of every document.

Why ReportLab and not HTML-to-PDF: a 1,000-pekerjaan × 104-week time schedule is some 140 A3
pages of dense tables; drawn directly on the canvas it takes about a second, where an HTML engine
(WeasyPrint on the same pages) took two minutes. Documents are tables at known positions, so
little is lost: `Sheet` gives each writer the page, its margins, a header block repeated on every
page, "Halaman 3 dari 12" at the bottom, fitted text and signature blocks.

Text is DejaVu Sans, shipped in `fonts/` (any character a planner types, the same on every
machine).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from detail_project.documents.header import ProjectHeader

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
PAPER_SIZES = {"A3": A3, "A4": A4}  # portrait (width, height); a Sheet turns them
MARGIN = 10 * mm

# Colours (RGB 0..1)
GRID = (0.62, 0.65, 0.69)
GROUP_FILL = (0.91, 0.93, 0.95)
SUB_FILL = (0.96, 0.97, 0.98)
BAR_FILL = (0.74, 0.84, 0.97)
HEAD_FILL = (0.86, 0.89, 0.93)
PLAN_LINE = (0.84, 0.2, 0.52)
ACTUAL_LINE = (0.1, 0.53, 0.33)
KRITIS_FILL = (0.97, 0.84, 0.85)
TERLAMBAT_FILL = (1.0, 0.95, 0.8)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def fit(text: str, width: float, size: float, font: str = REGULAR) -> str:
    """`text` cut with "…" to fit `width` points at `size`."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    ellipsis = "\u2026"
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle] + ellipsis, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ellipsis


def wrap(
    text: str, width: float, size: float, font: str = REGULAR, *, limit: int = 12
) -> list[str]:
    """`text` broken into lines no wider than `width` points, at most `limit` of them (the last
    one then ends in "…"); a word wider than the column is cut, never left overflowing."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        split = simpleSplit(paragraph, font, size, width) or [""]
        lines.extend(fit(line, width, size, font) for line in split)
    lines = lines or [""]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], fit(lines[limit - 1] + " \u2026", width, size, font)]
    return lines


HEADER_SIZE = 7.5
HEADER_LINE = 4 * mm
HEADER_VALUE_LINES = 3  # a long lokasi wraps; a pasted essay does not push the table off the page


@dataclass
class _HeaderEntry:
    label: str
    lines: list[str]
    column: int = 0
    row: int = 0  # the entry's first line, counted from the top of its column


@dataclass
class Sheet:
    """A PDF being written: `page(draw)` adds a page with the header, `draw(canvas, top)` fills
    it from `top` (points from the bottom) down to `self.bottom`; page numbers are stamped at
    the end, when the count is known.

    The header block (title, project name, then "label : value" lines in `columns` columns) is
    repeated on every page; values wrap rather than being cut, since a document is signed."""

    title: str
    header: ProjectHeader
    paper: str = "A3"
    subtitle: str = ""
    orientation: str = "landscape"
    columns: int = 3

    def __post_init__(self) -> None:
        register_fonts()
        size = PAPER_SIZES[self.paper]
        self.width, self.height = landscape(size) if self.orientation == "landscape" else size
        self.buffer = io.BytesIO()
        self.pages: list[Callable[[Canvas, float], None]] = []
        self.left = MARGIN
        self.right = self.width - MARGIN
        self.bottom = MARGIN + 6 * mm  # above the page number line
        self._label_width, self._entries, self._header_rows = self._header_layout()

    def _header_layout(self) -> tuple[float, list[_HeaderEntry], int]:
        """Place the header lines: one label width for all, values wrapped to their column,
        entries kept whole and filled down the columns in order, about equally tall."""
        labels = [label for label, _value in self.header.lines]
        label_width = 3 * mm + max(
            (pdfmetrics.stringWidth(label, REGULAR, HEADER_SIZE) for label in labels), default=0
        )
        columns = max(min(self.columns, len(labels)), 1)
        value_width = (self.right - self.left) / columns - label_width - 4 * mm
        entries = [
            _HeaderEntry(label, wrap(value, value_width, HEADER_SIZE, limit=HEADER_VALUE_LINES))
            for label, value in self.header.lines
        ]
        total = sum(len(entry.lines) for entry in entries)
        target = -(-total // columns)
        column = row = 0
        for entry in entries:
            if row and row + len(entry.lines) > target and column < columns - 1:
                column, row = column + 1, 0
            entry.column, entry.row = column, row
            row += len(entry.lines)
        rows = max((entry.row + len(entry.lines) for entry in entries), default=1)
        return label_width, entries, rows

    @property
    def header_height(self) -> float:
        return (12 + 5) * mm + HEADER_LINE * self._header_rows + (4 * mm if self.subtitle else 0)

    @property
    def top(self) -> float:
        """Where a page's own content starts (below the header block)."""
        return self.height - MARGIN - self.header_height

    def page(self, draw: Callable[[Canvas, float], None]) -> None:
        self.pages.append(draw)

    def render(self) -> bytes:
        canvas = Canvas(self.buffer, pagesize=(self.width, self.height), pageCompression=1)
        canvas.setTitle(f"{self.title} — {self.header.nama}")
        canvas.setAuthor("Jadwal Pekerjaan")
        total = len(self.pages) or 1
        for number, draw in enumerate(self.pages or [lambda _canvas, _top: None], start=1):
            self._header(canvas)
            draw(canvas, self.top)
            self._footer(canvas, number, total)
            canvas.showPage()
        canvas.save()
        return self.buffer.getvalue()

    def _header(self, canvas: Canvas) -> None:
        y = self.height - MARGIN - 5 * mm
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(BOLD, 12)
        canvas.drawCentredString(self.width / 2, y, self.title.upper())
        y -= 6 * mm
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(
            self.width / 2, y, fit(self.header.nama, self.right - self.left, 10, BOLD)
        )
        if self.subtitle:
            y -= 5 * mm
            canvas.setFont(REGULAR, 9)
            canvas.drawCentredString(self.width / 2, y, self.subtitle)
        y -= 6 * mm
        columns = max(entry.column for entry in self._entries) + 1 if self._entries else 1
        column_width = (self.right - self.left) / columns
        canvas.setFont(REGULAR, HEADER_SIZE)
        for entry in self._entries:
            x = self.left + entry.column * column_width
            line_y = y - entry.row * HEADER_LINE
            canvas.drawString(x, line_y, entry.label)
            canvas.drawString(x + self._label_width - 2 * mm, line_y, ":")
            for offset, line in enumerate(entry.lines):
                canvas.drawString(x + self._label_width, line_y - offset * HEADER_LINE, line)

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.setFont(REGULAR, 7)
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        canvas.drawString(self.left, MARGIN, fit(self.header.nama, 150 * mm, 7))
        canvas.drawRightString(
            self.right,
            MARGIN,
            gettext("Page %(page)s of %(pages)s") % {"page": number, "pages": total},
        )
        canvas.setFillColorRGB(0, 0, 0)


def signature_blocks(canvas: Canvas, sheet: Sheet, top: float) -> float:
    """The project's signature blocks side by side from `top` down; returns the y below them.
    About 38 mm tall."""
    blocks = sheet.header.signatures
    if not blocks:
        return top
    width = (sheet.right - sheet.left) / max(len(blocks), 3)
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(sheet.right, top, sheet.header.place_date)
    y = top - 6 * mm
    for index, block in enumerate(blocks):
        x = sheet.left + index * width + width / 2
        canvas.setFont(REGULAR, 8)
        for offset, line in enumerate(block.peran.split(",")):
            canvas.drawCentredString(x, y - offset * 4 * mm, fit(line.strip(), width - 4 * mm, 8))
        canvas.setFont(BOLD, 8)
        name_y = y - 26 * mm
        canvas.drawCentredString(x, name_y, fit(block.nama or " ", width - 4 * mm, 8, BOLD))
        canvas.setLineWidth(0.4)
        canvas.line(
            x - width / 2 + 8 * mm, name_y - 1.2 * mm, x + width / 2 - 8 * mm, name_y - 1.2 * mm
        )
        canvas.setFont(REGULAR, 7.5)
        canvas.drawCentredString(x, name_y - 5 * mm, fit(block.jabatan, width - 4 * mm, 7.5))
    return y - 34 * mm


def grid_row(
    canvas: Canvas,
    *,
    y: float,
    height: float,
    cells: Sequence[tuple[float, float, str, str]],
    font: str = REGULAR,
    size: float = 6.5,
    fill: tuple[float, float, float] | None = None,
    left: float,
    right: float,
) -> None:
    """One table row at `y` (its bottom): `cells` are (x, width, text, align "l"/"r"/"c")."""
    if fill:
        canvas.setFillColorRGB(*fill)
        canvas.rect(left, y, right - left, height, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, size)
    baseline = y + (height - size * 0.72) / 2
    for x, width, text, align in cells:
        if not text:
            continue
        shown = fit(text, width - 2, size, font)
        if align == "r":
            canvas.drawRightString(x + width - 1.2, baseline, shown)
        elif align == "c":
            canvas.drawCentredString(x + width / 2, baseline, shown)
        else:
            canvas.drawString(x + 1.2, baseline, shown)
