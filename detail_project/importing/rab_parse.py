"""The common row model of a RAB import, and the builder that turns spreadsheet rows into it.

The CSV and XLSX readers only produce `SheetRow`s (a row number and its cells); everything about
what the rows mean lives here, so both file formats accept both layouts:

* **rekap** — the seed system's "Rekap RAB" export: a header block (Proyek, Pemilik Project, …),
  the table header `Uraian Pekerjaan; Kode AHSP; Satuan; Volume; Harga Satuan (Rp); Jumlah
  Harga (Rp)`, the tree given by the indentation of the uraian (0 spaces klasifikasi, 2 sub-
  klasifikasi, 4 pekerjaan), then TOTAL BIAYA LANGSUNG, PPN, GRAND TOTAL, PEMBULATAN and a
  REKAPITULASI block that is ignored.
* **tabular** — our template: one row per pekerjaan with the columns `klasifikasi,
  sub_klasifikasi, kode, uraian, satuan, volume, harga_satuan` (and optionally `jumlah_harga`).

Nothing here touches the database: the result is a `ParsedRab` that a service writes. Every
problem is collected as a `RowIssue` (row, column, message, value) rather than raised, so a
planner sees all of them at once and fixes the file in one go. Every text the import keeps
(names, kode, uraian, satuan, the header block) is checked with `config.text`: a control
character is a row problem here, so nothing that the database or an export would choke on
reaches the confirm.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext

from config.numbers import Convention, NumberError, parse_number
from config.text import control_character, control_character_message
from detail_project import money
from detail_project.importing import reconcile

Layout = Literal["rekap", "tabular"]
FileFormat = Literal["csv", "xlsx", ""]
Cell = str | int | float | Decimal | dt.date | dt.time | bool | None

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "klasifikasi",
    "sub_klasifikasi",
    "kode",
    "uraian",
    "satuan",
    "volume",
    "harga_satuan",
)
REKAP_COLUMNS: tuple[str, ...] = (
    "Uraian Pekerjaan",
    "Kode AHSP",
    "Satuan",
    "Volume",
    "Harga Satuan (Rp)",
    "Jumlah Harga (Rp)",
)


def _expected_columns_text() -> str:
    return gettext(
        "Expected the template's columns (%(template)s) or the seed system's RAB export "
        "(%(rekap)s)."
    ) % {"template": ", ".join(TEMPLATE_COLUMNS), "rekap": "; ".join(REKAP_COLUMNS)}


# Read in the language of whoever reads it (the column names themselves are the file's).
EXPECTED_COLUMNS_TEXT = lazy(_expected_columns_text, str)()

# Limits that keep a hostile or mistaken upload from eating the server; a real RAB is far below.
MAX_DATA_ROWS = 20_000
MAX_ISSUES = 200
HEADER_SCAN_ROWS = 100

# Column limits of the models (detail_project.models); checked here so the write cannot fail.
NAME_MAX_LENGTH = 255
# An AHSP uraian is a sentence or two; anything far longer is not a RAB (and would make the
# preview page megabytes long).
URAIAN_MAX_LENGTH = 2_000
KODE_MAX_LENGTH = 64
SATUAN_MAX_LENGTH = 32
VOLUME_PLACES = 3
HARGA_PLACES = 2
VOLUME_LIMIT = Decimal(10) ** 15  # max_digits=18, decimal_places=3
HARGA_LIMIT = Decimal(10) ** 18  # max_digits=20, decimal_places=2

ZERO = Decimal(0)
CENT = Decimal("0.01")
MILLI = Decimal("0.001")

# Header spellings → our column keys. Headers are compared lower-case, without "(Rp)" and with
# every run of non-letters turned into "_", so "Harga Satuan (Rp)" and "harga_satuan" match.
_ALIASES: dict[str, str] = {
    "klasifikasi": "klasifikasi",
    "sub_klasifikasi": "sub_klasifikasi",
    "subklasifikasi": "sub_klasifikasi",
    "kode": "kode",
    "kode_ahsp": "kode",
    "kode_pekerjaan": "kode",
    "kode_analisa": "kode",
    "uraian": "uraian",
    "uraian_pekerjaan": "uraian",
    "nama_pekerjaan": "uraian",
    "satuan": "satuan",
    "volume": "volume",
    "vol": "volume",
    "harga_satuan": "harga_satuan",
    "harga": "harga_satuan",
    "jumlah_harga": "jumlah_harga",
    "jumlah": "jumlah_harga",
    "total_harga": "jumlah_harga",
}
_NUMBER_KEYS = ("volume", "harga_satuan", "jumlah_harga")

_METADATA_LABELS: dict[str, str] = {
    "proyek": "nama",
    "nama_proyek": "nama",
    "project": "nama",
    "pemilik_project": "nama_client",
    "pemilik_proyek": "nama_client",
    "pemilik": "nama_client",
    "nama_client": "nama_client",
    "tahun": "tahun",
    "sumber_dana": "sumber_dana",
    "lokasi": "lokasi",
    "project_anggaran": "anggaran",
    "anggaran": "anggaran",
    "nilai_anggaran": "anggaran",
}

_SUMMARY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("total_biaya_langsung", re.compile(r"^TOTAL(\s+BIAYA\s+LANGSUNG)?\s*:?$")),
    ("ppn", re.compile(r"^PPN\b\s*(?P<percent>[\d.,]+)?\s*%?\s*:?$")),
    ("grand_total", re.compile(r"^GRAND\s+TOTAL\s*:?$")),
    ("pembulatan", re.compile(r"^PEMBULATAN\s*:?$")),
)


# --- the model ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One spreadsheet row: its number as the planner sees it (1-based) and its raw cells."""

    number: int
    cells: Sequence[Cell]


@dataclass(frozen=True, slots=True)
class RowIssue:
    """A problem with the file: where (row, column) and what, in the planner's words."""

    row: int | None
    column: str
    message: str
    value: str = ""


@dataclass(slots=True)
class ParsedPekerjaan:
    row: int
    kode: str
    uraian: str
    satuan: str
    volume: Decimal
    harga_satuan: Decimal
    file_harga_satuan: Decimal | None = None
    file_jumlah: Decimal | None = None

    @property
    def jumlah(self) -> Decimal:
        return money.jumlah_harga(self.volume, self.harga_satuan)


@dataclass(slots=True)
class ParsedSubKlasifikasi:
    name: str
    row: int | None
    file_jumlah: Decimal | None = None
    implicit: bool = False
    pekerjaan: list[ParsedPekerjaan] = field(default_factory=list)

    @property
    def jumlah(self) -> Decimal:
        return sum((p.jumlah for p in self.pekerjaan), ZERO)


@dataclass(slots=True)
class ParsedKlasifikasi:
    name: str
    row: int | None
    file_jumlah: Decimal | None = None
    subs: list[ParsedSubKlasifikasi] = field(default_factory=list)

    @property
    def jumlah(self) -> Decimal:
        return sum((s.jumlah for s in self.subs), ZERO)

    @property
    def pekerjaan_count(self) -> int:
        return sum(len(s.pekerjaan) for s in self.subs)


@dataclass(slots=True)
class RabMetadata:
    """The header block of a seed-system export: what a new project is created from."""

    nama: str = ""
    keterangan: list[str] = field(default_factory=list)
    nama_client: str = ""
    tahun: str = ""
    sumber_dana: str = ""
    lokasi: str = ""
    anggaran: Decimal | None = None


@dataclass(slots=True)
class FileTotals:
    """The summary rows the file printed, kept to check the import against them."""

    total_biaya_langsung: Decimal | None = None
    ppn_percent: Decimal | None = None
    ppn: Decimal | None = None
    grand_total: Decimal | None = None
    pembulatan: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A harga satuan moved by whole cents so the file's subtotals and total come out exactly."""

    row: int
    uraian: str
    volume: Decimal
    before: Decimal
    after: Decimal

    @property
    def cents(self) -> int:
        return int((self.after - self.before) / CENT)


@dataclass(slots=True)
class ParsedRab:
    layout: Layout | None = None
    file_format: FileFormat = ""
    metadata: RabMetadata = field(default_factory=RabMetadata)
    klasifikasi: list[ParsedKlasifikasi] = field(default_factory=list)
    file_totals: FileTotals = field(default_factory=FileTotals)
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    hidden_errors: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def pekerjaan(self) -> Iterator[ParsedPekerjaan]:
        for klasifikasi in self.klasifikasi:
            for sub in klasifikasi.subs:
                yield from sub.pekerjaan

    @property
    def klasifikasi_count(self) -> int:
        return len(self.klasifikasi)

    @property
    def sub_klasifikasi_count(self) -> int:
        return sum(len(k.subs) for k in self.klasifikasi)

    @property
    def pekerjaan_count(self) -> int:
        return sum(k.pekerjaan_count for k in self.klasifikasi)

    def jumlahs(self) -> list[Decimal]:
        """Exact row products, the input of `money.rab_totals`."""
        return [p.jumlah for p in self.pekerjaan()]

    @property
    def total_biaya_langsung(self) -> Decimal:
        return money.round_rupiah(sum(self.jumlahs(), ZERO))

    @property
    def totals_match(self) -> bool | None:
        """Does the import reproduce the file's TOTAL BIAYA LANGSUNG? None if it gave none."""
        if self.file_totals.total_biaya_langsung is None:
            return None
        return self.total_biaya_langsung == money.round_rupiah(
            self.file_totals.total_biaya_langsung
        )

    @property
    def total_difference(self) -> Decimal:
        if self.file_totals.total_biaya_langsung is None:
            return ZERO
        return self.total_biaya_langsung - money.round_rupiah(self.file_totals.total_biaya_langsung)

    def add_error(self, row: int | None, column: str, message: str, value: object = "") -> None:
        if len(self.errors) >= MAX_ISSUES:
            self.hidden_errors += 1
            return
        self.errors.append(RowIssue(row, column, message, _display(value)))


def file_error(message: str, *, file_format: FileFormat = "") -> ParsedRab:
    """A result that refuses the whole file (not a spreadsheet, too big, empty…)."""
    parsed = ParsedRab(file_format=file_format)
    parsed.add_error(None, "", message)
    return parsed


# --- helpers ------------------------------------------------------------------------------


def _display(value: object) -> str:
    text = cell_text(value) if not isinstance(value, str) else value
    text = text if len(text) <= 80 else text[:77] + "..."
    if control_character(text):  # shown, not pasted into the page: U+FFFD marks where
        text = "".join("\ufffd" if control_character(char) else char for char in text)
    return text


def cell_text(cell: object) -> str:
    """A cell as text, the way the planner typed it (U+FEFF removed, floats without `.0`)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.replace("\ufeff", "")
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def header_key(cell: object) -> str:
    """ "Harga Satuan (Rp)" → "harga_satuan"; unknown headers keep their normalised text."""
    text = cell_text(cell).strip().lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return _ALIASES.get(text, text)


def looks_like_header(cells: Sequence[Cell]) -> bool:
    """A row naming the uraian column, or at least two of our columns."""
    keys = {header_key(cell) for cell in cells if cell_text(cell).strip()}
    known = keys & set(_ALIASES.values())
    return "uraian" in known or len(known) >= 2


def _indent_width(text: str) -> int:
    width = 0
    for char in text:
        if char in " \u00a0":
            width += 1
        elif char == "\t":
            width += 4
        else:
            break
    return width


def _tree_level(text: str) -> int:
    """0 klasifikasi, 1 sub-klasifikasi, 2 pekerjaan, from 0 / 2 / 4 leading spaces."""
    width = _indent_width(text)
    if width == 0:
        return 0
    return 1 if width < 4 else 2


def _rows_list(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    if len(numbers) <= 10:
        return shown
    return gettext("%(rows)s and %(count)s more") % {"rows": shown, "count": len(numbers) - 10}


def _summary_kind(label: str) -> tuple[str, re.Match[str]] | None:
    upper = " ".join(label.upper().split())
    for kind, pattern in _SUMMARY_PATTERNS:
        match = pattern.match(upper)
        if match:
            return kind, match
    return None


# --- the builder --------------------------------------------------------------------------


class _Builder:
    """Reads rows after the header into the tree; one instance per parse."""

    def __init__(self, parsed: ParsedRab, columns: dict[str, int], labels: dict[str, str]):
        self.parsed = parsed
        self.columns = columns
        self.labels = labels
        self.convention: Convention = "id"
        self.blank_volume: list[int] = []
        self.blank_harga: list[int] = []
        self.rounded_volume: list[int] = []
        self.rounded_harga: list[int] = []
        self.jumlah_kept: list[int] = []
        self.blank_satuan: list[int] = []
        self.implicit_subs: list[str] = []
        self.data_rows = 0
        self.too_many = False
        self._initial_harga: dict[int, Decimal] = {}

    # cells

    def cell(self, row: SheetRow, key: str) -> Cell:
        index = self.columns.get(key)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def text(self, row: SheetRow, key: str) -> str:
        return cell_text(self.cell(row, key))

    def number(self, row: SheetRow, key: str) -> tuple[Decimal | None, bool]:
        """(value, ok): None for an empty cell; ok False when an error was recorded."""
        cell = self.cell(row, key)
        try:
            value = parse_number(cell, convention=self.convention)
        except NumberError:
            # The example is written the way this file writes numbers, whatever the page's
            # language: a ;-separated CSV or an XLSX is Indonesian, a ,-separated CSV plain.
            example = "1.234,56" if self.convention == "id" else "1234.56"
            self.parsed.add_error(
                row.number,
                self.labels[key],
                gettext("is not a number (expected e.g. %(example)s)") % {"example": example},
                cell,
            )
            return None, False
        if value is not None and value < 0:
            self.parsed.add_error(row.number, self.labels[key], gettext("cannot be negative"), cell)
            return None, False
        return value, True

    def is_blank(self, row: SheetRow) -> bool:
        return all(not cell_text(cell).strip() for cell in row.cells)

    def count_data_row(self, row: SheetRow) -> bool:
        self.data_rows += 1
        if self.data_rows > MAX_DATA_ROWS:
            if not self.too_many:
                self.too_many = True
                self.parsed.add_error(
                    row.number,
                    "",
                    gettext("The file has more than %(count)s rows; split it into smaller files.")
                    % {"count": money.format_number(MAX_DATA_ROWS, 0)},
                )
            return False
        return True

    # one pekerjaan

    def pekerjaan(self, row: SheetRow, uraian: str) -> ParsedPekerjaan | None:
        parsed = self.parsed
        errors_before = len(parsed.errors) + parsed.hidden_errors
        kode = self.text(row, "kode").strip()
        satuan = self.text(row, "satuan").strip()
        if not uraian:
            parsed.add_error(row.number, self.labels["uraian"], gettext("is empty"))
        for value, key, limit in (
            (uraian, "uraian", URAIAN_MAX_LENGTH),
            (kode, "kode", KODE_MAX_LENGTH),
            (satuan, "satuan", SATUAN_MAX_LENGTH),
        ):
            if len(value) > limit:
                parsed.add_error(
                    row.number,
                    self.labels[key],
                    gettext("is longer than %(limit)s characters")
                    % {"limit": money.format_number(limit, 0)},
                    value,
                )
        for value, key in ((uraian, "uraian"), (kode, "kode"), (satuan, "satuan")):
            self.check_text(row, key, value)
        volume, _ = self.number(row, "volume")
        harga, _ = self.number(row, "harga_satuan")
        jumlah, _ = self.number(row, "jumlah_harga")
        if volume is not None and volume >= VOLUME_LIMIT:
            parsed.add_error(row.number, self.labels["volume"], gettext("is too large"), volume)
        for amount, key in ((harga, "harga_satuan"), (jumlah, "jumlah_harga")):
            if amount is not None and amount >= HARGA_LIMIT:
                parsed.add_error(row.number, self.labels[key], gettext("is too large"), amount)
        if len(parsed.errors) + parsed.hidden_errors > errors_before:
            return None

        if not satuan:
            self.blank_satuan.append(row.number)
        if volume is None:
            self.blank_volume.append(row.number)
            volume = ZERO
        quantized = volume.quantize(MILLI, rounding=ROUND_HALF_UP)
        if quantized != volume:
            self.rounded_volume.append(row.number)
        volume = quantized

        if jumlah is not None and volume > 0:
            derived = (jumlah / volume).quantize(CENT, rounding=ROUND_HALF_UP)
            if harga is not None and abs(derived - harga) > 1:
                self.jumlah_kept.append(row.number)
            harga_satuan = derived
        elif jumlah is not None and jumlah > 0:
            parsed.add_error(
                row.number,
                self.labels["volume"],
                gettext(
                    "is 0 but the row has a Jumlah Harga; give the volume or leave the jumlah empty"
                ),
                jumlah,
            )
            return None
        else:
            if harga is None:
                self.blank_harga.append(row.number)
                harga = ZERO
            harga_satuan = harga.quantize(CENT, rounding=ROUND_HALF_UP)
            if harga_satuan != harga:
                self.rounded_harga.append(row.number)
        return ParsedPekerjaan(
            row=row.number,
            kode=kode,
            uraian=uraian,
            satuan=satuan,
            volume=volume,
            harga_satuan=harga_satuan,
            file_harga_satuan=harga,
            file_jumlah=jumlah,
        )

    def group_jumlah(self, row: SheetRow) -> Decimal | None:
        if "jumlah_harga" not in self.columns:
            return None
        value, _ = self.number(row, "jumlah_harga")
        return value

    def name(self, row: SheetRow, key: str, text: str) -> str:
        name = text.strip()
        if len(name) > NAME_MAX_LENGTH:
            self.parsed.add_error(
                row.number,
                self.labels[key],
                gettext("is longer than %(limit)s characters") % {"limit": NAME_MAX_LENGTH},
                name,
            )
        self.check_text(row, key, name)
        return name[:NAME_MAX_LENGTH]

    def check_text(self, row: SheetRow, key: str, text: str) -> None:
        """A text the import keeps must have no control character (config.text)."""
        message = control_character_message(text)
        if message:
            self.parsed.add_error(row.number, self.labels[key], message, text)

    def summary(self, row: SheetRow, label_index: int, kind: str, match: re.Match[str]) -> None:
        totals = self.parsed.file_totals
        value: Decimal | None = None
        for index, cell in enumerate(row.cells):
            if index == label_index or not cell_text(cell).strip():
                continue
            try:
                value = parse_number(cell, convention="id")
            except NumberError:
                value = None
            break
        if kind == "ppn":
            percent = match.group("percent")
            if percent:
                try:
                    totals.ppn_percent = parse_number(percent, convention="id")
                except NumberError:
                    totals.ppn_percent = None
            totals.ppn = value
        else:
            setattr(totals, kind, value)

    # layouts

    def read_rekap(self, rows: Iterable[SheetRow]) -> None:
        parsed = self.parsed
        uraian_index = self.columns["uraian"]
        current_k: ParsedKlasifikasi | None = None
        current_s: ParsedSubKlasifikasi | None = None
        in_summary = False
        for row in rows:
            if self.is_blank(row):
                continue
            raw = self.text(row, "uraian")
            label = raw.strip()
            if label.upper().startswith("REKAPITULASI"):
                break
            summary = _summary_kind(label)
            if summary:
                in_summary = True
                self.summary(row, uraian_index, *summary)
                continue
            if in_summary:
                continue
            if not self.count_data_row(row):
                break  # refused already; reading on could only cost time
            level = _tree_level(raw)
            has_numbers = any(self.text(row, key).strip() for key in ("volume", "harga_satuan"))
            if level < 2 and has_numbers:
                parsed.add_error(
                    row.number,
                    self.labels["uraian"],
                    gettext(
                        "has a volume or harga satuan but is not indented as a pekerjaan "
                        "(klasifikasi start at the margin, sub-klasifikasi with 2 spaces, "
                        "pekerjaan with 4)"
                    ),
                    raw,
                )
                continue
            if level == 0:
                current_k = ParsedKlasifikasi(
                    name=self.name(row, "uraian", label),
                    row=row.number,
                    file_jumlah=self.group_jumlah(row),
                )
                parsed.klasifikasi.append(current_k)
                current_s = None
            elif level == 1:
                if current_k is None:
                    parsed.add_error(
                        row.number,
                        self.labels["uraian"],
                        gettext("is a sub-klasifikasi without a klasifikasi above it"),
                        label,
                    )
                    continue
                current_s = ParsedSubKlasifikasi(
                    name=self.name(row, "uraian", label),
                    row=row.number,
                    file_jumlah=self.group_jumlah(row),
                )
                current_k.subs.append(current_s)
            else:
                if current_k is None:
                    parsed.add_error(
                        row.number,
                        self.labels["uraian"],
                        gettext("is a pekerjaan without a klasifikasi above it"),
                        label,
                    )
                    continue
                if current_s is None:
                    current_s = self.implicit_sub(current_k)
                item = self.pekerjaan(row, label)
                if item is not None:
                    current_s.pekerjaan.append(item)

    def implicit_sub(self, klasifikasi: ParsedKlasifikasi) -> ParsedSubKlasifikasi:
        """Pekerjaan directly under a klasifikasi get a sub-klasifikasi named after it."""
        sub = ParsedSubKlasifikasi(name=klasifikasi.name, row=None, implicit=True)
        klasifikasi.subs.append(sub)
        self.implicit_subs.append(klasifikasi.name)
        return sub

    def read_tabular(self, rows: Iterable[SheetRow]) -> None:
        parsed = self.parsed
        by_name: dict[str, ParsedKlasifikasi] = {}
        subs: dict[tuple[str, str], ParsedSubKlasifikasi] = {}
        implicit: dict[str, ParsedSubKlasifikasi] = {}
        previous_k: str | None = None
        previous_s: str | None = None
        for row in rows:
            if self.is_blank(row):
                continue
            k_text = self.text(row, "klasifikasi").strip()
            s_text = self.text(row, "sub_klasifikasi").strip()
            uraian = self.text(row, "uraian").strip()
            if not k_text and not s_text and _summary_kind(uraian):
                self.summary(row, self.columns["uraian"], *_summary_kind(uraian))  # type: ignore[misc]
                continue
            if not self.count_data_row(row):
                break  # refused already; reading on could only cost time
            # A blank klasifikasi (or sub-klasifikasi) repeats the row above, as merged cells
            # and "fill down" habits produce.
            k_name = self.name(row, "klasifikasi", k_text) if k_text else previous_k
            if k_name is None:
                parsed.add_error(
                    row.number,
                    self.labels["klasifikasi"],
                    gettext(
                        "is empty and no row above gives one: every pekerjaan needs a klasifikasi"
                    ),
                    uraian,
                )
                continue
            if s_text:
                s_name: str | None = self.name(row, "sub_klasifikasi", s_text)
            elif k_name == previous_k:
                s_name = previous_s
            else:
                s_name = None
            previous_k, previous_s = k_name, s_name

            klasifikasi = by_name.get(k_name)
            if klasifikasi is None:
                klasifikasi = ParsedKlasifikasi(name=k_name, row=row.number)
                by_name[k_name] = klasifikasi
                parsed.klasifikasi.append(klasifikasi)
            if s_name is None:
                sub = implicit.get(k_name)
                if sub is None and (uraian or self.has_values(row)):
                    sub = implicit[k_name] = self.implicit_sub(klasifikasi)
            else:
                sub = subs.get((k_name, s_name))
                if sub is None:
                    sub = ParsedSubKlasifikasi(name=s_name, row=row.number)
                    subs[(k_name, s_name)] = sub
                    klasifikasi.subs.append(sub)
            if not uraian and not self.has_values(row):
                continue  # a heading row: it only names the klasifikasi / sub-klasifikasi
            item = self.pekerjaan(row, uraian)
            if item is not None and sub is not None:
                sub.pekerjaan.append(item)

    def has_values(self, row: SheetRow) -> bool:
        return any(self.text(row, key).strip() for key in ("kode", "satuan", *_NUMBER_KEYS))

    # after reading

    def finish_warnings(self) -> None:
        warn = self.parsed.warnings.append
        if self.blank_volume:
            warn(
                gettext("No volume on rows %(rows)s: imported as 0.")
                % {"rows": _rows_list(self.blank_volume)}
            )
        if self.blank_harga:
            warn(
                gettext("No harga satuan on rows %(rows)s: imported as 0.")
                % {"rows": _rows_list(self.blank_harga)}
            )
        if self.blank_satuan:
            if len(self.blank_satuan) == self.parsed.pekerjaan_count:
                text = gettext(
                    "No satuan on any row; the schedule's volume view will show these volumes "
                    "without a unit. Add them on the RAB page after the import, or in the file."
                )
            else:
                text = gettext(
                    "No satuan on rows %(rows)s; the schedule's volume view will show these "
                    "volumes without a unit. Add them on the RAB page after the import, or in "
                    "the file."
                ) % {"rows": _rows_list(self.blank_satuan)}
            warn(text)
        if self.rounded_volume:
            warn(
                gettext("Volume rounded to %(places)s decimals on rows %(rows)s.")
                % {"places": VOLUME_PLACES, "rows": _rows_list(self.rounded_volume)}
            )
        if self.rounded_harga:
            warn(
                gettext("Harga satuan rounded to the cent on rows %(rows)s.")
                % {"rows": _rows_list(self.rounded_harga)}
            )
        if self.jumlah_kept:
            warn(
                gettext(
                    "Harga Satuan × Volume differs from Jumlah Harga by more than %(rupiah)s per "
                    "unit on rows %(rows)s; the Jumlah Harga was kept and the harga satuan "
                    "derived from it."
                )
                % {"rupiah": money.format_rupiah(1), "rows": _rows_list(self.jumlah_kept)}
            )
        if self.implicit_subs:
            names = ", ".join(sorted(set(self.implicit_subs)))
            warn(
                gettext(
                    "Some pekerjaan have no sub-klasifikasi; they were put in a sub-klasifikasi "
                    "named after their klasifikasi (%(names)s)."
                )
                % {"names": names}
            )


def _metadata(parsed: ParsedRab, rows: Sequence[SheetRow]) -> RabMetadata:
    """Read the `Label;value` block above the table header (seed-system exports). A value that
    is kept (it names a new project) with a control character is a row problem."""
    metadata = RabMetadata()
    last_field = last_label = ""
    for row in rows:
        cells = [cell_text(c).strip() for c in row.cells]
        if not any(cells):
            continue
        label, value = (cells + ["", ""])[:2]
        if value == "-":
            value = ""
        if not label and value and last_field == "nama":
            _check_metadata(parsed, row, last_label, value)
            metadata.keterangan.append(value)
            continue
        field_name = _METADATA_LABELS.get(header_key(label), "")
        last_field = field_name
        last_label = label
        if field_name and field_name != "anggaran":
            _check_metadata(parsed, row, label, value)
        if field_name == "anggaran":
            try:
                metadata.anggaran = parse_number(value, convention="id")
            except NumberError:
                metadata.anggaran = None
        elif field_name:
            setattr(metadata, field_name, value)
    return metadata


def _check_metadata(parsed: ParsedRab, row: SheetRow, label: str, value: str) -> None:
    message = control_character_message(value)
    if message:
        parsed.add_error(row.number, label, message, value)


def _map_header(parsed: ParsedRab, header: SheetRow) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header.cells):
        text = cell_text(cell).strip()
        if not text:
            continue
        key = header_key(text)
        if key not in _ALIASES.values():
            ignored.append(text)
            continue
        if key in columns:
            parsed.add_error(
                header.number,
                text,
                gettext("appears twice (also as “%(column)s”)") % {"column": labels[key]},
                text,
            )
            continue
        columns[key] = index
        labels[key] = text
    for key in TEMPLATE_COLUMNS + ("jumlah_harga",):
        labels.setdefault(key, key)
    if ignored:
        text = gettext("Columns not used by the import: %(columns)s.")
        parsed.warnings.append(text % {"columns": ", ".join(ignored)})
    return columns, labels


def _missing_columns(columns: dict[str, int], layout: Layout) -> list[str]:
    required = ["uraian", "volume"]
    if layout == "tabular":
        required.insert(0, "klasifikasi")
    missing = [key for key in required if key not in columns]
    if "harga_satuan" not in columns and "jumlah_harga" not in columns:
        missing.append("harga_satuan")
    return missing


def parse_rows(
    rows: Iterable[SheetRow], *, file_format: FileFormat, convention: Convention = "id"
) -> ParsedRab:
    """Build a `ParsedRab` from spreadsheet rows of either layout.

    `convention` is how to read text numbers in the tabular layout ("id" for `1.234,56`,
    "plain" for `1234.56`); the rekap layout is always Indonesian.
    """
    parsed = ParsedRab(file_format=file_format)
    iterator = iter(rows)
    before_header: list[SheetRow] = []
    header: SheetRow | None = None
    for row in iterator:
        if looks_like_header(row.cells):
            header = row
            break
        before_header.append(row)
        if len(before_header) >= HEADER_SCAN_ROWS:
            break
    if header is None:
        if all(not any(cell_text(c).strip() for c in r.cells) for r in before_header):
            parsed.add_error(None, "", gettext("The file is empty."))
        else:
            parsed.add_error(
                None,
                "",
                gettext("No header row found. %(expected)s")
                % {"expected": _expected_columns_text()},
            )
        return parsed

    parsed.metadata = _metadata(parsed, before_header)
    problems_before_header = len(parsed.errors) + parsed.hidden_errors
    columns, labels = _map_header(parsed, header)
    layout: Layout = "tabular" if "klasifikasi" in columns else "rekap"
    parsed.layout = layout
    missing = _missing_columns(columns, layout)
    if missing:
        parsed.add_error(
            header.number,
            ", ".join(missing),
            ngettext(
                "Missing column: %(columns)s. %(expected)s",
                "Missing columns: %(columns)s. %(expected)s",
                len(missing),
            )
            % {"columns": ", ".join(missing), "expected": _expected_columns_text()},
        )
        return parsed
    if len(parsed.errors) + parsed.hidden_errors > problems_before_header:
        return parsed  # a column named twice: the rows cannot be read reliably

    builder = _Builder(parsed, columns, labels)
    if layout == "rekap":
        builder.convention = "id"
        builder.read_rekap(iterator)
    else:
        builder.convention = convention
        builder.read_tabular(iterator)

    if parsed.is_valid and parsed.pekerjaan_count == 0:
        if layout == "rekap":
            message = gettext(
                "The file contains no pekerjaan. The tree is read from the indentation of "
                "Uraian Pekerjaan: klasifikasi at the margin, sub-klasifikasi indented by 2 "
                "spaces, pekerjaan by 4."
            )
        else:
            message = gettext(
                "The file contains no pekerjaan. Add one row per pekerjaan below the header."
            )
        parsed.add_error(None, "", message)
    if parsed.is_valid:
        builder.finish_warnings()
        _reconcile(parsed)
    return parsed


# --- money reconciliation -----------------------------------------------------------------


def _reconcile(parsed: ParsedRab) -> None:
    """Match the file's jumlah, subtotals and TOTAL BIAYA LANGSUNG; see `reconcile`."""
    items = list(parsed.pekerjaan())
    index_of = {id(item): i for i, item in enumerate(items)}
    lines = []
    for item in items:
        volume_milli, harga_cents = reconcile.to_units(item.volume, item.harga_satuan)
        target = None
        if item.file_jumlah is not None and item.volume > 0:
            target = reconcile.rupiah_target(item.file_jumlah)
        lines.append(reconcile.Line(volume_milli, harga_cents, target))
    before = [line.harga_cents for line in lines]

    groups: list[reconcile.Group] = []
    for klasifikasi in parsed.klasifikasi:
        for sub in klasifikasi.subs:
            if sub.file_jumlah is not None and sub.pekerjaan:
                members = [index_of[id(p)] for p in sub.pekerjaan]
                target = reconcile.rupiah_target(sub.file_jumlah)
                label = gettext("Sub-klasifikasi “%(name)s”") % {"name": sub.name}
                groups.append(reconcile.Group(label, members, target, sub.row))
    for klasifikasi in parsed.klasifikasi:
        if klasifikasi.file_jumlah is not None and klasifikasi.pekerjaan_count:
            members = [index_of[id(p)] for s in klasifikasi.subs for p in s.pekerjaan]
            target = reconcile.rupiah_target(klasifikasi.file_jumlah)
            label = gettext("Klasifikasi “%(name)s”") % {"name": klasifikasi.name}
            groups.append(reconcile.Group(label, members, target, klasifikasi.row))
    if parsed.file_totals.total_biaya_langsung is not None:
        target = reconcile.rupiah_target(parsed.file_totals.total_biaya_langsung)
        label = gettext("TOTAL BIAYA LANGSUNG")
        groups.append(reconcile.Group(label, range(len(items)), target))

    outcome = reconcile.reconcile(lines, groups)
    for item, old, new in zip(items, before, outcome.harga_cents, strict=True):
        if new != old:
            after = (Decimal(new) * CENT).quantize(CENT)
            parsed.adjustments.append(
                Adjustment(item.row, item.uraian, item.volume, item.harga_satuan, after)
            )
            item.harga_satuan = after
    for line_index in outcome.unsettled_lines:
        item = items[line_index]
        parsed.warnings.append(
            gettext(
                "Row %(row)s: with volume %(volume)s no harga satuan in whole cents gives the "
                "file's Jumlah Harga %(file)s; it will show %(shown)s."
            )
            % {
                "row": item.row,
                "volume": money.format_trimmed(item.volume),
                "file": money.format_rupiah(item.file_jumlah),
                "shown": money.format_rupiah(item.jumlah),
            }
        )
    for group, difference in outcome.unsettled_groups:
        amounts = {
            "label": group.label,
            "row": group.row,
            "file": money.format_rupiah(group.target),
            "imported": money.format_rupiah(group.target + difference),
            "difference": money.format_rupiah(difference),
        }
        if group.row:
            text = gettext(
                "%(label)s (row %(row)s): the file says %(file)s, the import gives %(imported)s "
                "(difference %(difference)s)."
            )
        else:
            text = gettext(
                "%(label)s: the file says %(file)s, the import gives %(imported)s (difference "
                "%(difference)s)."
            )
        parsed.warnings.append(text % amounts)
