"""XLSX bytes → `SheetRow`s, streamed from the workbook's XML with a bounded amount of work.

The first worksheet that has a header row within its first rows is used, so a workbook with a
cover sheet still imports. Cell indentation (Format Cells › Alignment › Indent) counts like
leading spaces: one indent step is two spaces, so the seed layout's tree survives Excel users
who indent with the toolbar button instead of the space bar.

Why not openpyxl: a workbook is a ZIP of XML, and a 170 KB upload can describe millions of
cells (a row of 600 numbers compresses to almost nothing). openpyxl builds every cell of every
row it reads, so such a file held a web worker for over a minute although the import needs 64
columns. Here expat streams each part in chunks and:

* builds values only for the first `MAX_COLUMNS` columns; other cells are counted and skipped;
* refuses on shape as soon as a limit is passed — rows, cells in a row, cells in the workbook,
  shared texts, characters in one text, XML elements in all — with a message saying which;
* stops reading a worksheet at the end of its cell data, and reads only the first
  `HEADER_SCAN_ROWS` rows of the sheets it does not import;
* refuses a document type declaration (Excel never writes one), so no entity is ever expanded.

The limits bound the work to about a second; `importing.sandbox` adds a hard time limit as a
backstop. Values are the ones openpyxl's read-only, values-only mode gives (cached formula
results, numbers as int or float, dates from date-formatted numbers, booleans, error codes as
text), so both readers import a real file identically.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pyexpat import ExpatError, ParserCreate
from typing import Any

from django.utils.translation import gettext

from detail_project.importing.rab_parse import HEADER_SCAN_ROWS, Cell, SheetRow, looks_like_header
from detail_project.money import format_number

# A RAB of a few thousand rows is a few hundred kilobytes unzipped. A file that inflates past
# this is either not a RAB or a zip bomb; refuse it before any XML is read.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_SCANNED_ROWS = 100_000
MAX_COLUMNS = 64
# Shape limits: a 20,000-row RAB has a few hundred thousand cells and texts. Cells that only
# hold formatting count too (Excel writes them when a range is formatted).
MAX_CELLS_PER_ROW = 256
MAX_CELLS = 500_000
MAX_SHARED_STRINGS = 200_000
MAX_TEXT_LENGTH = 32_767  # Excel's own limit for one cell
# Every element of every part read (styles, texts, sheets): the catch-all for odd XML.
MAX_XML_ELEMENTS = 2_000_000
# Formatting often extends a sheet far below its data; after this many empty rows we stop.
EMPTY_ROWS_ENDING_DATA = 2_000
CHUNK_BYTES = 64 * 1024

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
# expat joins a namespace and a local name with this separator.
_ROW, _CELL, _VALUE, _SHEET_DATA = (f"{_MAIN} {n}" for n in ("row", "c", "v", "sheetData"))
_INLINE, _TEXT, _RUN, _PHONETIC = (f"{_MAIN} {n}" for n in ("is", "t", "r", "rPh"))
_SHARED_ITEM = f"{_MAIN} si"
_SHEET, _WORKBOOK_PR = f"{_MAIN} sheet", f"{_MAIN} workbookPr"
_NUM_FMT, _CELL_XFS, _XF, _ALIGNMENT = (
    f"{_MAIN} {n}" for n in ("numFmt", "cellXfs", "xf", "alignment")
)
_RELATIONSHIP = f"{_PACKAGE} Relationship"
_RELATIONSHIP_ID = f"{_RELATIONSHIPS} id"

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = _LETTERS[rest] + letters
    return letters


# "A" → 1 … "BL" → 64: the only columns we keep; any other valid reference lies beyond them.
_KEPT_COLUMNS = {_column_letters(n): n for n in range(1, MAX_COLUMNS + 1)}
_BEYOND = MAX_COLUMNS + 1


class XlsxError(ValueError):
    """The bytes are not a readable .xlsx workbook, or one far larger than a RAB."""


def _damaged() -> XlsxError:
    return XlsxError(
        gettext("the workbook cannot be read; open it in Excel and save it again as .xlsx")
    )


def _count(number: int) -> str:
    return format_number(number, 0)


def _check_zip(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    inflated = sum(info.file_size for info in archive.infolist())
    if "xl/workbook.xml" not in names:
        raise XlsxError(
            gettext(
                "the file is a ZIP archive but not an Excel workbook (.xlsx); OpenDocument "
                "(.ods) and other formats must be saved as .xlsx or .csv first"
            )
        )
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise XlsxError(gettext("the workbook unpacks to more data than any RAB needs"))


# --- streaming XML ------------------------------------------------------------------------


class _Budget:
    """XML elements left to read in the whole workbook (`left` is decremented inline by the
    element handlers: they run for every element, and a call more would cost a third)."""

    def __init__(self, elements: int) -> None:
        self.left = elements

    @staticmethod
    def exhausted() -> XlsxError:
        return XlsxError(gettext("the workbook contains far more data than any RAB needs"))


class _Part:
    """One XML part of the workbook, parsed by expat in chunks with our handlers.

    Subclasses implement `start` and `end`; `collect` turns text collection on for the element
    just opened (expat then calls us for character data only where we want it), and `stop`
    ends the reading early.
    """

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.stopped = False
        self.parser = ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.ordered_attributes = True
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_doctype
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self._text: list[str] = []
        self._append = self._text.append

    def _refuse_doctype(self, *args: Any) -> None:
        raise _damaged()

    def start(self, name: str, attributes: list[str]) -> None:
        """Called for every element: subclasses begin with `self.spend()` or inline it."""
        raise NotImplementedError

    def spend(self) -> None:
        budget = self.budget
        budget.left -= 1
        if budget.left < 0:
            raise budget.exhausted()

    def end(self, name: str) -> None:
        raise NotImplementedError

    # text

    def collect(self) -> None:
        self.parser.CharacterDataHandler = self._append  # list.append: no Python frame per call

    def pause(self) -> None:
        self.parser.CharacterDataHandler = None

    def take_text(self) -> str:
        text = "".join(self._text) if len(self._text) != 1 else self._text[0]
        self._text.clear()
        if len(text) > MAX_TEXT_LENGTH:
            raise XlsxError(
                gettext("a cell holds more than %(count)s characters, more than Excel allows")
                % {"count": _count(MAX_TEXT_LENGTH)}
            )
        return text

    # reading

    def stop(self) -> None:
        self.stopped = True

    def chunks(self, archive: zipfile.ZipFile, name: str) -> Iterator[None]:
        """Feed the part to expat, pausing after each chunk; ends early after `stop()`."""
        read = 0
        with archive.open(name) as stream:
            while not self.stopped:
                chunk = stream.read(CHUNK_BYTES)
                read += len(chunk)
                if read > MAX_UNCOMPRESSED_BYTES:
                    raise XlsxError(gettext("the workbook unpacks to more data than any RAB needs"))
                try:
                    self.parser.Parse(chunk, not chunk)
                except ExpatError as exc:
                    raise _damaged() from exc
                yield
                if not chunk:
                    return

    def read(self, archive: zipfile.ZipFile, name: str) -> None:
        for _ in self.chunks(archive, name):
            pass


def _attribute(attributes: list[str], key: str) -> str | None:
    """The value of `key` in expat's ordered attribute list [name, value, name, value, …]."""
    for index in range(0, len(attributes), 2):
        if attributes[index] == key:
            return attributes[index + 1]
    return None


# --- the workbook's parts -------------------------------------------------------------------


class _Relationships(_Part):
    """xl/_rels/workbook.xml.rels: relationship id → (type, part name)."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.targets: dict[str, tuple[str, str]] = {}

    def start(self, name: str, attributes: list[str]) -> None:
        self.spend()
        if name != _RELATIONSHIP or _attribute(attributes, "TargetMode") == "External":
            return
        target = _attribute(attributes, "Target") or ""
        # Targets are relative to xl/ unless absolute in the package (as openpyxl resolves them).
        part = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        kind = (_attribute(attributes, "Type") or "").rsplit("/", 1)[-1]
        self.targets[_attribute(attributes, "Id") or ""] = (kind, part)

    def end(self, name: str) -> None:
        pass


class _Workbook(_Part):
    """xl/workbook.xml: the sheets in order, and which calendar dates count from."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.sheet_ids: list[str] = []
        self.date1904 = False

    def start(self, name: str, attributes: list[str]) -> None:
        self.spend()
        if name == _SHEET:
            self.sheet_ids.append(_attribute(attributes, _RELATIONSHIP_ID) or "")
        elif name == _WORKBOOK_PR:
            self.date1904 = (_attribute(attributes, "date1904") or "").lower() in {"1", "true"}

    def end(self, name: str) -> None:
        pass


class _Styles(_Part):
    """xl/styles.xml: for each cell style, its indent and whether it shows a date or duration."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.indents: dict[int, int] = {}
        self.in_cell_xfs = False

    def start(self, name: str, attributes: list[str]) -> None:
        self.spend()
        if name == _NUM_FMT:
            number = _attribute(attributes, "numFmtId")
            if number is not None and number.isdigit():
                self.formats[int(number)] = _attribute(attributes, "formatCode") or ""
        elif name == _CELL_XFS:
            self.in_cell_xfs = True
        elif self.in_cell_xfs and name == _XF:
            number = _attribute(attributes, "numFmtId") or "0"
            self.xf_formats.append(int(number) if number.isdigit() else 0)
        elif self.in_cell_xfs and name == _ALIGNMENT and self.xf_formats:
            indent = _attribute(attributes, "indent")
            try:
                steps = int(float(indent)) if indent else 0
            except ValueError:
                steps = 0
            if steps > 0:
                self.indents[len(self.xf_formats) - 1] = min(steps, 255)

    def end(self, name: str) -> None:
        if name == _CELL_XFS:
            self.in_cell_xfs = False
            self.stop()  # nothing after the cell styles matters here

    def date_styles(self) -> tuple[set[int], set[int]]:
        """(styles showing dates or times, styles showing durations), as openpyxl decides."""
        if not self.xf_formats:
            return set(), set()
        from openpyxl.styles.numbers import (  # openpyxl only for its date-format rules
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )

        dates: set[int] = set()
        durations: set[int] = set()
        for style, number in enumerate(self.xf_formats):
            code = self.formats.get(number, BUILTIN_FORMATS.get(number))
            if is_date_format(code):
                dates.add(style)
                if is_timedelta_format(code):
                    durations.add(style)
        return dates, durations


class _SharedStrings(_Part):
    """xl/sharedStrings.xml: the texts cells of type "s" point at, rich text flattened and
    phonetic guides left out."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(budget)
        self.strings: list[str] = []
        self.in_phonetic = False

    def start(self, name: str, attributes: list[str]) -> None:
        self.spend()
        if name == _TEXT:
            if not self.in_phonetic:
                self.collect()
        elif name == _PHONETIC:
            self.in_phonetic = True

    def end(self, name: str) -> None:
        if name == _TEXT:
            self.pause()
        elif name == _PHONETIC:
            self.in_phonetic = False
        elif name == _SHARED_ITEM:
            if len(self.strings) >= MAX_SHARED_STRINGS:
                raise XlsxError(
                    gettext("the workbook has more than %(count)s different texts")
                    % {"count": _count(MAX_SHARED_STRINGS)}
                )
            self.strings.append(self.take_text())


# --- a worksheet ----------------------------------------------------------------------------


class _Cells:
    """What every sheet of one workbook shares: the texts, the styles, the cell budget."""

    def __init__(self, strings: list[str], styles: _Styles, date1904: bool) -> None:
        self.strings = strings
        self.indents = styles.indents
        self.dates, self.durations = styles.date_styles()
        self.date1904 = date1904
        self.cells_left = MAX_CELLS


class _Sheet(_Part):
    """One worksheet's rows as (row number, [values of columns 1…MAX_COLUMNS, trailing empty
    ones left out]), in file order."""

    def __init__(self, budget: _Budget, cells: _Cells) -> None:
        super().__init__(budget)
        self.shared = cells
        self.rows: list[tuple[int, list[Cell]]] = []
        self.row_elements = 0
        self.row_number = 0
        self.row_cells: list[Cell] = []
        self.cells_in_row = 0
        self.column = 0
        # the cell being read (only kept columns): type, style, raw value, inline text
        self.kind = ""
        self.style = 0
        self.keep = False
        self.raw: str | None = None
        self.inline: str | None = None
        self.in_inline = False
        self.in_phonetic = False

    def start(self, name: str, attributes: list[str]) -> None:
        budget = self.budget
        budget.left -= 1
        if budget.left < 0:
            raise budget.exhausted()
        if name == _CELL:
            self.start_cell(attributes)
        elif not self.keep:
            if name == _ROW:
                self.start_row(attributes)
        elif name == _VALUE:
            if not self.in_inline:
                self.collect()
        elif name == _INLINE:
            self.in_inline = True
        elif name == _TEXT:
            if self.in_inline and not self.in_phonetic:
                self.collect()
        elif name == _PHONETIC:
            self.in_phonetic = True

    def end(self, name: str) -> None:
        if name == _CELL:
            if self.keep:
                self.end_cell()
        elif name == _ROW:
            self.rows.append((self.row_number, self.row_cells))
        elif not self.keep:
            if name == _SHEET_DATA:
                self.stop()
        elif name == _VALUE:
            if not self.in_inline:
                self.pause()
                text = self.take_text()
                if self.raw is None:  # the first <v>, as openpyxl reads it
                    self.raw = text
        elif name == _TEXT:
            if self.in_inline and not self.in_phonetic:
                self.pause()
        elif name == _INLINE:
            self.in_inline = False
            self.inline = self.take_text()
        elif name == _PHONETIC:
            self.in_phonetic = False

    def start_row(self, attributes: list[str]) -> None:
        self.row_elements += 1
        if self.row_elements > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        reference = _attribute(attributes, "r")
        if reference is None:
            self.row_number += 1
        else:
            try:
                self.row_number = int(reference)
            except ValueError:
                number = _float(reference)
                if not number.is_integer():
                    raise _damaged() from None
                self.row_number = int(number)
        self.row_cells = []
        self.cells_in_row = 0
        self.column = 0

    def start_cell(self, attributes: list[str]) -> None:
        self.cells_in_row += 1
        self.shared.cells_left -= 1
        if self.cells_in_row > MAX_CELLS_PER_ROW:
            raise XlsxError(
                gettext(
                    "row %(row)s has more than %(count)s cells (cells that only hold formatting "
                    "count too); copy the RAB's columns into a new workbook and import that"
                )
                % {"row": _count(self.row_number), "count": _count(MAX_CELLS_PER_ROW)}
            )
        if self.shared.cells_left < 0:
            raise XlsxError(
                gettext(
                    "the workbook has more than %(count)s cells (cells that only hold formatting "
                    "count too); copy the RAB's columns into a new workbook and import that"
                )
                % {"count": _count(MAX_CELLS)}
            )
        reference = kind = style = None
        for index in range(0, len(attributes), 2):
            key = attributes[index]
            if key == "r":
                reference = attributes[index + 1]
            elif key == "t":
                kind = attributes[index + 1]
            elif key == "s":
                style = attributes[index + 1]
        self.column = self.column + 1 if reference is None else _column(reference)
        self.keep = self.column <= MAX_COLUMNS
        if self.keep:
            self.kind = kind or "n"
            try:
                self.style = int(style) if style else 0
            except ValueError:
                raise _damaged() from None
            self.raw = self.inline = None

    def end_cell(self) -> None:
        self.keep = False
        value = self.value()
        cells = self.row_cells
        index = self.column - 1
        if index == len(cells):
            cells.append(value)
        else:
            cells.extend([None] * (index + 1 - len(cells)))
            cells[index] = value

    def value(self) -> Cell:
        """The cell's value as openpyxl reads it (read-only, values only), indent applied."""
        kind, raw = self.kind, self.raw or None
        value: Any
        if kind == "inlineStr":
            value = self.inline
        elif raw is None:
            value = None
        elif kind == "n":
            value = _number(raw)
            if self.style in self.shared.dates:
                value = self.date(value)
        elif kind == "s":
            try:
                value = self.shared.strings[int(raw)]
            except (ValueError, IndexError):
                raise _damaged() from None
        elif kind == "b":
            try:
                value = bool(int(raw))
            except ValueError:
                raise _damaged() from None
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                value = from_ISO8601(raw)
            except ValueError:
                raise _damaged() from None
        else:  # "str" (a formula's text), "e" (an error such as #N/A) and anything else: text
            value = raw
        if isinstance(value, str):
            indent = self.shared.indents.get(self.style)
            if indent:
                value = "  " * indent + value
        return value

    def date(self, serial: int | float) -> Cell | dt.timedelta:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel

        epoch = CALENDAR_MAC_1904 if self.shared.date1904 else WINDOWS_EPOCH
        try:
            return from_excel(serial, epoch, timedelta=self.style in self.shared.durations)
        except (OverflowError, ValueError):
            return "#VALUE!"  # what openpyxl shows for a serial outside the calendar

    def iter_rows(self, archive: zipfile.ZipFile, name: str) -> Iterator[tuple[int, list[Cell]]]:
        for _ in self.chunks(archive, name):
            if self.rows:
                yield from self.rows
                self.rows.clear()


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise _damaged() from None


def _number(text: str) -> int | float:
    """As openpyxl: an int unless the text has a decimal point or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return _float(text)
    try:
        return int(text)
    except ValueError:
        raise _damaged() from None


def _column(reference: str) -> int:
    """1 for "A7" … 64 for "BL7"; `_BEYOND` for any valid column after those."""
    letters = reference.rstrip("0123456789")
    column = _KEPT_COLUMNS.get(letters)
    if column is not None:
        return column
    letters = letters.upper().replace("$", "")
    column = _KEPT_COLUMNS.get(letters)
    if column is not None:
        return column
    if 1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha():
        return _BEYOND
    raise _damaged()


def _too_many_rows() -> XlsxError:
    return XlsxError(
        gettext("the worksheet has more than %(count)s rows") % {"count": _count(MAX_SCANNED_ROWS)}
    )


def _rows(raw: Iterator[tuple[int, list[Cell]]]) -> Iterator[SheetRow]:
    """Number the rows as the spreadsheet shows them: rows the file leaves out are empty rows;
    rows out of order are skipped (as openpyxl does); a long run of empty rows ends the data."""
    expected = 1
    empty_run = 0
    for number, cells in raw:
        if number < expected:
            continue
        while expected <= number:
            if expected > MAX_SCANNED_ROWS:
                raise _too_many_rows()
            values = cells if expected == number else []
            if any(value is not None and value != "" for value in values):
                empty_run = 0
            else:
                empty_run += 1
                if empty_run >= EMPTY_ROWS_ENDING_DATA:
                    return
            yield SheetRow(expected, values)
            expected += 1


# --- the workbook ---------------------------------------------------------------------------


class _Book:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.budget = _Budget(MAX_XML_ELEMENTS)
        names = set(archive.namelist())
        relationships = _Relationships(self.budget)
        if "xl/_rels/workbook.xml.rels" in names:
            relationships.read(archive, "xl/_rels/workbook.xml.rels")
        workbook = _Workbook(self.budget)
        workbook.read(archive, "xl/workbook.xml")
        self.sheets = [
            relationships.targets[rid][1]
            for rid in workbook.sheet_ids
            if rid in relationships.targets
            and relationships.targets[rid][0] == "worksheet"
            and relationships.targets[rid][1] in names
        ]
        parts = {kind: part for kind, part in relationships.targets.values()}
        styles = _Styles(self.budget)
        styles_part = parts.get("styles", "xl/styles.xml")
        if styles_part in names:
            styles.read(archive, styles_part)
        strings = _SharedStrings(self.budget)
        strings_part = parts.get("sharedStrings", "xl/sharedStrings.xml")
        if strings_part in names:
            strings.read(archive, strings_part)
        self.cells = _Cells(strings.strings, styles, workbook.date1904)

    def rows(self, sheet: str) -> Iterator[SheetRow]:
        return _rows(_Sheet(self.budget, self.cells).iter_rows(self.archive, sheet))


def read_xlsx(data: bytes) -> list[SheetRow]:
    """Rows of the first worksheet that has a header row (else of the first worksheet)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise XlsxError(gettext("the file is not an Excel workbook (.xlsx)")) from exc
    try:
        with archive:
            _check_zip(archive)
            book = _Book(archive)
            if not book.sheets:
                raise XlsxError(gettext("the workbook has no worksheet"))
            chosen = book.sheets[0]
            for sheet in book.sheets:
                with closing(book.rows(sheet)) as rows:
                    if _has_header(rows):
                        chosen = sheet
                        break
            with closing(book.rows(chosen)) as rows:
                return list(rows)
    except XlsxError:
        raise
    except Exception as exc:  # zipfile and expat raise many kinds for a damaged file
        raise _damaged() from exc


def _has_header(rows: Iterator[SheetRow]) -> bool:
    for index, row in enumerate(rows):
        if looks_like_header(row.cells):
            return True
        if index >= HEADER_SCAN_ROWS:
            return False
    return False
