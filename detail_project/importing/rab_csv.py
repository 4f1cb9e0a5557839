"""CSV bytes → `SheetRow`s: decoding, BOMs and the delimiter are handled here, meaning is not.

The seed system writes UTF-8 with a byte-order mark at the start of *every* line and separates
cells with `;` (Indonesian Excel does the same, because `,` is its decimal mark). A template
saved by an English-locale tool uses `,`. We detect the delimiter from the header line.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from django.utils.translation import gettext

from config.numbers import Convention
from detail_project.importing.rab_parse import SheetRow
from detail_project.money import format_number

DELIMITERS = (";", ",", "\t")
# Same limits as the XLSX reader: a RAB never comes near them, a hostile file stops here.
MAX_SCANNED_ROWS = 100_000
MAX_COLUMNS = 64


class CsvError(ValueError):
    """The bytes are not a readable CSV file."""


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOMs), UTF-16 from "Unicode Text", else
    Windows-1252, the encoding an Indonesian Windows Excel saves "CSV (Comma delimited)" in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CsvError(gettext("the file is not valid UTF-16 text")) from exc
    else:
        if b"\x00" in data[:8192]:
            raise CsvError(gettext("the file is binary, not text"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise CsvError(gettext("the file is not text in a known encoding")) from exc
    # A BOM may start every line (the seed export) or sit anywhere after a copy-paste.
    return text.replace("\ufeff", "")


def detect_delimiter(text: str) -> str:
    """The delimiter of the header line (the first naming "uraian"), else the commonest."""
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    for line in lines:
        if "uraian" in line.lower():
            counts = {d: line.count(d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            if counts[best]:
                return best
    totals: Counter[str] = Counter()
    for line in lines[:50]:
        for delimiter in DELIMITERS:
            totals[delimiter] += line.count(delimiter)
    best, count = max(totals.items(), key=lambda item: item[1], default=(",", 0))
    return best if count else ","


def read_csv(data: bytes) -> tuple[list[SheetRow], Convention]:
    """Rows of a CSV file and how its text numbers are written.

    A `;`-separated file comes from an Indonesian-locale tool, so its numbers are Indonesian;
    a `,`- or tab-separated one is read in the plain convention (`1234.56`).
    """
    text = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[SheetRow] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_SCANNED_ROWS:
                raise CsvError(
                    gettext("the file has more than %(count)s rows")
                    % {"count": format_number(MAX_SCANNED_ROWS, 0)}
                )
            rows.append(SheetRow(number, cells[:MAX_COLUMNS]))
    except csv.Error as exc:
        raise CsvError(
            gettext("the CSV cannot be read near row %(row)s (%(reason)s)")
            % {"row": len(rows) + 1, "reason": exc}
        ) from exc
    return rows, ("id" if delimiter == ";" else "plain")
