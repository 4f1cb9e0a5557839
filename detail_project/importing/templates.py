"""The downloadable import template, as CSV and XLSX from one list of rows.

The column names are the file's own and stay as they are; the help on the second sheet is
written in the language of whoever downloads it.

The CSV is what an Indonesian-locale Excel opens into columns with a double click: UTF-8 with a
BOM, `;` between cells, numbers as `1.234,56`. The XLSX has real numeric cells (so the locale
does not matter), a second sheet explaining each column, and the same example rows, which the
planner overwrites with their own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from detail_project.importing.rab_parse import TEMPLATE_COLUMNS
from detail_project.money import format_decimal_id

TemplateRow = tuple[str, str, str, str, str, Decimal, Decimal]

EXAMPLE_ROWS: tuple[TemplateRow, ...] = (
    (
        "Pekerjaan Persiapan",
        "Umum",
        "1.1.2.1",
        "Pembuatan 1 buah papan nama pekerjaan ukuran 0,8 x 1,2 m",
        "buah",
        Decimal("1"),
        Decimal("1180300"),
    ),
    (
        "Pekerjaan Persiapan",
        "Umum",
        "1.2.1.1.1",
        "Penggalian 1 m3 tanah biasa sedalam s.d. 1 m cara manual",
        "m3",
        Decimal("45.5"),
        Decimal("101574.25"),
    ),
    (
        "Pekerjaan Struktur",
        "Pondasi",
        "2.2.1.4.5",
        "1 m3 beton mutu sedang f'c 20 MPa, Slump (100 ± 25) mm, agregat maks 19 mm",
        "m3",
        Decimal("12.75"),
        Decimal("2298298.97"),
    ),
    (
        "Pekerjaan Struktur",
        "Pondasi",
        "2.2.1.1.3",
        "1 kg Penulangan sloof untuk BjTS diameter < 12 mm, cara manual",
        "kg",
        Decimal("1250"),
        Decimal("69137.64"),
    ),
)

COLUMN_HELP: tuple[tuple[str, str | Promise], ...] = (
    (
        "klasifikasi",
        _(
            "Group of work, e.g. Pekerjaan Persiapan. Required (an empty cell repeats the row "
            "above)."
        ),
    ),
    (
        "sub_klasifikasi",
        _(
            "Sub-group, e.g. Pondasi. Optional (an empty cell repeats the row above within "
            "the same klasifikasi)."
        ),
    ),
    ("kode", _("AHSP code, e.g. 2.2.1.4.5. Optional, at most 64 characters.")),
    ("uraian", _("Description of the pekerjaan. Required.")),
    ("satuan", _("Unit, e.g. m3, m2, kg, buah. Optional, at most 32 characters.")),
    ("volume", _("Quantity, 0 or more, up to 3 decimals. 1.234,5 and 1234.5 are both read.")),
    ("harga_satuan", _("Unit price in rupiah, 0 or more, up to 2 decimals.")),
    (
        "jumlah_harga",
        _(
            "Optional extra column: when given, harga satuan is derived from it "
            "(jumlah / volume) so the row shows exactly this amount."
        ),
    ),
)


def template_rows() -> Iterator[tuple[str | Decimal, ...]]:
    """The header, then the example rows."""
    yield TEMPLATE_COLUMNS
    yield from EXAMPLE_ROWS


def build_template_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in template_rows():
        writer.writerow(
            [
                format_decimal_id(value, 3 if index == 5 else 2)
                if isinstance(value, Decimal)
                else value
                for index, value in enumerate(row)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def build_template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RAB"
    for row in template_rows():
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        row[5].number_format = "#,##0.000"
        row[6].number_format = "#,##0.00"
    widths = (24, 20, 12, 60, 10, 14, 18)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["kolom", "isi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for name, text in COLUMN_HELP:
        guide.append([name, str(text)])
    guide.append([])
    guide.append(["", gettext("One row per pekerjaan. Replace the example rows with your own.")])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 100

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
