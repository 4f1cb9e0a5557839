"""XLSX bytes → `SheetRow`s, read with openpyxl in read-only mode (streamed, low memory).

The first worksheet that has a header row within its first rows is used, so a workbook with a
cover sheet still imports. Cell indentation (Format Cells › Alignment › Indent) counts like
leading spaces: one indent step is two spaces, so the seed layout's tree survives Excel users
who indent with the toolbar button instead of the space bar.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext

from detail_project.importing.rab_parse import HEADER_SCAN_ROWS, Cell, SheetRow, looks_like_header
from detail_project.money import format_number

# A RAB of a few thousand rows is a few hundred kilobytes unzipped. A file that inflates past
# this is either not a RAB or a zip bomb; refuse it before openpyxl reads any XML.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_SCANNED_ROWS = 100_000
MAX_COLUMNS = 64
# Formatting often extends a sheet far below its data; after this many empty rows we stop.
EMPTY_ROWS_ENDING_DATA = 2_000


class XlsxError(ValueError):
    """The bytes are not a readable .xlsx workbook."""


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise XlsxError(gettext("the file is not an Excel workbook (.xlsx)")) from exc
    if "xl/workbook.xml" not in names:
        raise XlsxError(
            gettext(
                "the file is a ZIP archive but not an Excel workbook (.xlsx); OpenDocument "
                "(.ods) and other formats must be saved as .xlsx or .csv first"
            )
        )
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise XlsxError(gettext("the workbook unpacks to more data than any RAB needs"))


def _cell_value(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        alignment = getattr(cell, "alignment", None)
        indent = int(getattr(alignment, "indent", 0) or 0) if alignment is not None else 0
        if indent:
            value = "  " * indent + value
    return value


def _rows(sheet: Any) -> Iterator[SheetRow]:
    empty_run = 0
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_SCANNED_ROWS:
            raise XlsxError(
                gettext("the worksheet has more than %(count)s rows")
                % {"count": format_number(MAX_SCANNED_ROWS, 0)}
            )
        values = [_cell_value(cell) for cell in cells]
        if any(value is not None and value != "" for value in values):
            empty_run = 0
        else:
            empty_run += 1
            if empty_run >= EMPTY_ROWS_ENDING_DATA:
                return
        yield SheetRow(number, values)


def read_xlsx(data: bytes) -> list[SheetRow]:
    """Rows of the first worksheet that has a header row (else of the first worksheet)."""
    _check_zip(data)
    import openpyxl  # imported here: the CSV path and the tests of numbers do not need it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not keep; we only read values.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
            try:
                chosen = None
                for sheet in workbook.worksheets:
                    for index, row in enumerate(_rows(sheet)):
                        if looks_like_header(row.cells):
                            chosen = sheet
                            break
                        if index >= HEADER_SCAN_ROWS:
                            break
                    if chosen is not None:
                        break
                if chosen is None:
                    if not workbook.worksheets:
                        raise XlsxError(gettext("the workbook has no worksheet"))
                    chosen = workbook.worksheets[0]
                return list(_rows(chosen))
            finally:
                workbook.close()
    except XlsxError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise XlsxError(
            gettext("the workbook cannot be read; open it in Excel and save it again as .xlsx")
        ) from exc
