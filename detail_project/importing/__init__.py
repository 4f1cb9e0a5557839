"""Reading planners' files: RAB imports (CSV / XLSX, two layouts) and the sample schedule.

Pure Python over bytes, no ORM: `parse_rab_file` returns a `ParsedRab` that says what would be
imported, or why the file is refused; `detail_project.services.rab_import` writes it.
See docs/IMPORT.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from detail_project.importing.rab_csv import CsvError, read_csv
from detail_project.importing.rab_parse import (
    EXPECTED_COLUMNS_TEXT,
    TEMPLATE_COLUMNS,
    ParsedRab,
    RowIssue,
    file_error,
    parse_rows,
)
from detail_project.importing.rab_xlsx import XlsxError, read_xlsx
from detail_project.money import format_number

__all__ = [
    "EXPECTED_COLUMNS_TEXT",
    "TEMPLATE_COLUMNS",
    "ParsedRab",
    "RowIssue",
    "parse_rab_file",
    "sniff_format",
    "too_large_message",
]

# First bytes of formats people upload by mistake, with what to tell them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", _("This is a PDF document, not a spreadsheet.")),
    (b"\x89PNG", _("This is a PNG image, not a spreadsheet.")),
    (b"\xff\xd8\xff", _("This is a JPEG image, not a spreadsheet.")),
    (b"GIF8", _("This is a GIF image, not a spreadsheet.")),
    (
        b"\xd0\xcf\x11\xe0",
        _(
            "This is an old Excel 97-2003 (.xls) or a password-protected workbook; save it as "
            ".xlsx (without a password) or .csv first."
        ),
    ),
    (b"Rar!", _("This is a RAR archive, not a spreadsheet.")),
    (b"\x1f\x8b", _("This is a compressed (gzip) file, not a spreadsheet.")),
)
ONLY_FORMATS = _("Only .xlsx and .csv files can be imported.")


def too_large_message(size: int, max_bytes: int) -> str:
    """ "The file is 12,3 MB; the limit is 10 MB.", numbers in the reader's format."""
    megabyte = Decimal(1024 * 1024)
    return gettext("The file is %(size)s MB; the limit is %(limit)s MB.") % {
        "size": format_number(Decimal(size) / megabyte, 1),
        "limit": format_number(Decimal(max_bytes) / megabyte, 0),
    }


def sniff_format(data: bytes) -> str:
    """ "xlsx", "csv", or a message saying what the file is instead."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            return f"{message} {ONLY_FORMATS}"
    return "csv"


def parse_rab_file(data: bytes, *, max_bytes: int | None = None) -> ParsedRab:
    """Parse an uploaded RAB, deciding CSV or XLSX from the content, not the file name.

    `max_bytes` refuses a larger file before anything is parsed (callers that can, like the
    upload view, refuse even earlier from the declared size).
    """
    if max_bytes is not None and len(data) > max_bytes:
        return file_error(too_large_message(len(data), max_bytes))
    if not data.replace(b"\xef\xbb\xbf", b"").strip():
        return file_error(gettext("The file is empty."))
    kind = sniff_format(data)
    if kind == "xlsx":
        try:
            rows = read_xlsx(data)
        except XlsxError as exc:
            return file_error(
                gettext("The file cannot be imported: %(reason)s.") % {"reason": exc},
                file_format="xlsx",
            )
        return parse_rows(rows, file_format="xlsx", convention="id")
    if kind != "csv":
        return file_error(kind)
    try:
        csv_rows, convention = read_csv(data)
    except CsvError as exc:
        return file_error(
            gettext("The file cannot be imported: %(reason)s.") % {"reason": exc}
            + f" {ONLY_FORMATS}",
            file_format="csv",
        )
    return parse_rows(csv_rows, file_format="csv", convention=convention)
