"""Reading the SNI 2025 AHSP library workbook (SPEC §13). Pure: no database, a dataclass out.

The workbook (`data/SNI_2025_AHSP.xlsx`, the app's own copy of the public file) has one row per
resource line under a header row naming its columns:

    id, kode_ahsp, nama_ahsp, kode_item_lookup, kategori, item, satuan, koefisien,
    source_file, sumber_ahsp

`kode_ahsp` and `nama_ahsp` are repeated on every line of an analysis (the lines of one kode
need not be next to each other: they are gathered in file order). `kategori` is "Tenaga Kerja",
"Bahan" or "Peralatan"; `satuan` is the resource's unit (OH, kg, m3 …). The analysis itself has
no satuan column: its unit is in its name ("Pembuatan 1 m3 …"), read by `satuan_from_uraian`.
`kode_ahsp`, `nama_ahsp`, `kode_item_lookup` (or `kode_item`), `kategori`, `item`, `satuan` and
`koefisien` are required: a file without one of them is refused whole (`AhspFileError` names
the missing columns). `sumber_ahsp` is kept when present; the other columns are not read.

Texts went through the wrong encoding in places ("Ã¸" for "ø", "mÂ²" for "m²"): names, items and
units are repaired by `repair_mojibake` when the repair gives valid UTF-8, and their runs of
spaces collapsed.

A line is refused (reported with its row number and why, never guessed) when it has no
kategori and no item code (37 lines of the library: they refer to another analysis, which a
catalogue line cannot hold), an unknown kategori, no item code, a text too long for the
catalogue or with a control character, or a koefisien that is empty, not a number, negative,
too large or with more than 6 decimal places, or that cannot be told apart (below). Its analysis
is still loaded with the lines that could be read, marked incomplete (`lengkap=False`), and its
notes (`catatan`) say which rows are missing and why.

An item code listed a second time in one analysis means the source ran on into the next
analysis without filling in its kode (2.2.1.1.4, reinforcement ≥ 12 mm, goes on with the
lines of four wiremesh analyses; pricing them together would be wrong). The lines before the
repeat are the analysis the name describes; the repeated line and every later line of that kode
are refused (26 analyses of the library).

The koefisien repair. A koefisien written as text ("0.0125", "1009.0") is read exactly as
written; so is a decimal (float) cell, and an integer cell below 1000. An integer cell of 1000
or more is *suspect*: in the library 725 of them are a value with three decimals whose decimal
point was read as a thousands separator when the sheet was made ("26.406" became 26406; the
same item elsewhere in the same family of analyses reads 26.406). Its two readings are N (as
written) and N / 1000. The evidence is the file's trusted koefisien (not suspect, read without
a problem, above 0) of the same item code with the same satuan (case ignored), in any
analysis (lines refused as run-on still count: they are real values of some analysis).
N / 1000 is chosen when the evidence supports it and does not support N:

    supports N / 1000   (a) N / 1000 is exactly a trusted value of the item in an analysis of the
                            same family (the kode without its last part: 1.1.1.2 → 1.1.1), or
                        (b) N / 1000 lies within the trusted values' range (min to max), or
                        (c) their median m is at least 100 times smaller than N (so N / 1000 is
                            at least ten times closer to m than N is, on a log scale) and N / 1000
                            is at most 1000 × m (not absurd itself);
    supports N          N lies within the trusted values' range, or m ≥ N / 10.

Supported reading N / 1000 only: repaired (koefisien = N / 1000, `koefisien_asli` = "N", and the
repair is reported with the rule that decided it). Supported reading N only: kept as written.
No evidence, or evidence for both or for neither: the line is refused as ambiguous.

The shipped library gives 2,305 analyses, 13,476 lines loaded, 614 koefisien repaired (2 by (a),
485 by (b), 127 by (c)) and 423 lines refused: 37 references to other analyses, 81 ambiguous
integers and 305 lines run on from 26 analyses; 106 analyses are incomplete.
"""

from __future__ import annotations

import io
import re
import statistics
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, ngettext

from ahsp.models import KOEFISIEN_DIGITS, KOEFISIEN_PLACES, AhspAnalisis, AhspBaris, Kategori
from config.text import control_character_message

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "SNI_2025_AHSP.xlsx"

REQUIRED_COLUMNS = (
    "kode_ahsp",
    "nama_ahsp",
    "kode_item_lookup",
    "kategori",
    "item",
    "satuan",
    "koefisien",
)
OPTIONAL_COLUMNS = ("sumber_ahsp",)
COLUMN_ALIASES = {"kode_item": "kode_item_lookup"}

KATEGORI_NAMES = {
    "tenaga kerja": Kategori.TENAGA,
    "tenaga": Kategori.TENAGA,
    "bahan": Kategori.BAHAN,
    "peralatan": Kategori.ALAT,
    "alat": Kategori.ALAT,
}

SUSPECT_FROM = 1000  # an integer cell this large may have lost its decimal point
LOST_POINT = Decimal(1000)  # … a thousands separator: three decimals
CLEARLY_SMALLER = 100  # (c): the typical value is at least this much smaller than N
NOT_ABSURD = 1000  # (c): and N / 1000 at most this many times the typical value
WITHIN_A_DECADE = 10  # N is supported when the typical value is at least N / 10

_MAX_INTEGER_DIGITS = KOEFISIEN_DIGITS - KOEFISIEN_PLACES
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

_UNIT = re.compile(
    r"(?:(?<![\w.,])1\s*|\bper[\s-]*)"
    r"(m3|m2|m³|m²|m'|m|kg|ton|buah|unit|titik|set|hari|batang|lembar|tunggul|ha|liter)"
    r"(?![\w²³])",
    re.IGNORECASE,
)
_UNIT_NAMES = {"m³": "m3", "m²": "m2", "tunggul": "buah"}
# A UTF-8 lead byte (Â … ô) followed by a continuation byte (0x80–0xBF), both as Windows-1252
# shows them: the fingerprint of UTF-8 decoded with the wrong codec.
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)
)
_MOJIBAKE = re.compile("[\u00c2-\u00f4][" + re.escape(_CONTINUATION) + "]")


# --- text ---------------------------------------------------------------------------------


def satuan_from_uraian(text: str, default: str = "ls") -> str:
    """The unit an AHSP-style description is priced in: "Pemasangan 1 m2 …" → "m2"."""
    match = _UNIT.search(text)
    if not match:
        return default
    unit = match.group(1).lower()
    return _UNIT_NAMES.get(unit, unit)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 ("Ã¸" → "ø"); return `text` unchanged if unsure."""
    if not _MOJIBAKE.search(text):
        return text
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:
                raw.append(ord(char))  # bytes cp1252 leaves undefined (0x81, 0x9d …)
            else:
                return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def clean_nama(text: str) -> str:
    return " ".join(repair_mojibake(text).split())


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    return clean_nama(str(cell))


def _unit_key(satuan: str) -> str:
    return satuan.casefold()


# --- the result ---------------------------------------------------------------------------


class AhspFileError(ValueError):
    """The file as a whole cannot be read (not a workbook, no header, missing columns); the
    message says why in the reader's language. Nothing of it is used."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedLine:
    row: int  # the sheet's row number (the header is row 1)
    kategori: str  # a Kategori value
    kode_item: str
    uraian: str
    satuan: str
    koefisien: Decimal
    koefisien_asli: str = ""  # the source's text when the koefisien was repaired


@dataclass(frozen=True, slots=True)
class ParsedAnalysis:
    kode: str
    nama: str
    satuan: str
    sumber: str
    lines: tuple[ParsedLine, ...]
    lengkap: bool
    catatan: str


@dataclass(frozen=True, slots=True)
class Repair:
    kode: str
    row: int
    kode_item: str
    uraian: str
    satuan: str
    raw: str
    repaired: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class Refusal:
    kode: str  # "" when the row has no usable kode_ahsp
    row: int
    kode_item: str
    uraian: str
    raw: str  # the koefisien as in the source
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedCatalogue:
    analyses: tuple[ParsedAnalysis, ...]
    repairs: tuple[Repair, ...]
    refusals: tuple[Refusal, ...]

    @property
    def line_count(self) -> int:
        return sum(len(analysis.lines) for analysis in self.analyses)

    @property
    def incomplete_count(self) -> int:
        return sum(1 for analysis in self.analyses if not analysis.lengkap)


# --- reading the sheet --------------------------------------------------------------------


@contextmanager
def _sheet_rows(source: str | PathLike[str] | bytes) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The first worksheet's rows as tuples of values (cached results of formulas)."""
    from openpyxl import load_workbook

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise AhspFileError(
            gettext("The file is not an Excel workbook (.xlsx), or it is damaged.")
        ) from error
    try:
        if not workbook.worksheets:
            raise AhspFileError(gettext("The workbook has no worksheet."))
        yield workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _header(rows: Iterator[tuple[Any, ...]]) -> dict[str, int]:
    """{column name: index} of the first row; names lower-cased, aliases resolved."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(next(rows, ())):
        name = str(cell or "").strip().lower()
        name = COLUMN_ALIASES.get(name, name)
        if name:
            columns.setdefault(name, index)
    return columns


def _require(columns: dict[str, int], required: Sequence[str]) -> None:
    missing = [name for name in required if name not in columns]
    if missing:
        raise AhspFileError(
            ngettext(
                "The file is missing the column %(columns)s; nothing was read. The first row "
                "must name the columns %(required)s.",
                "The file is missing the columns %(columns)s; nothing was read. The first row "
                "must name the columns %(required)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing), "required": ", ".join(required)}
        )


# --- the koefisien ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Koefisien:
    value: Decimal | None  # None: refused, `problem` says why
    raw: str
    suspect: bool = False
    problem: str = ""


def _read_koefisien(cell: Any) -> _Koefisien:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return _Koefisien(None, "", problem=gettext("the koefisien is empty"))
    raw = str(cell).strip()
    value: Decimal | None = None
    if isinstance(cell, bool):
        value = None
    elif isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        raw = repr(cell)
        value = Decimal(raw) if cell == cell and abs(cell) != float("inf") else None
    elif isinstance(cell, str) and _NUMBER.fullmatch(raw):
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
    if value is None:
        problem = gettext(
            "the koefisien “%(value)s” is not a number (decimals are written with a point: 0.0125)"
        )
        return _Koefisien(None, raw, problem=problem % {"value": raw})
    if value < 0:
        problem = gettext("the koefisien %(value)s is negative") % {"value": raw}
        return _Koefisien(None, raw, problem=problem)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > KOEFISIEN_PLACES:
        value = value.normalize()  # "0.50000000" has only one real decimal
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > KOEFISIEN_PLACES:
            problem = gettext("the koefisien %(value)s has more than %(places)s decimal places")
            return _Koefisien(
                None, raw, problem=problem % {"value": raw, "places": KOEFISIEN_PLACES}
            )
    if value >= Decimal(10) ** _MAX_INTEGER_DIGITS:
        problem = gettext("the koefisien %(value)s is too large") % {"value": raw}
        return _Koefisien(None, raw, problem=problem)
    suspect = isinstance(cell, int) and not isinstance(cell, bool) and cell >= SUSPECT_FROM
    return _Koefisien(value, raw, suspect=suspect)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the evidence says of a suspect integer cell: "repair", "keep" or "refuse"."""

    decision: str
    reason: str


def _plain(value: Decimal) -> str:
    """A number for a message, the way the reader writes it (26,406 in Indonesian)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(-exponent, 0) if isinstance(exponent, int) else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True)


def judge_suspect(
    raw: int,
    evidence: Sequence[Decimal],
    family: dict[Decimal, str] | None = None,
    *,
    item: str = "",
    satuan: str = "",
) -> Verdict:
    """Decide between `raw` and `raw / 1000` (the rule in the module docstring). `evidence`:
    the trusted koefisien (> 0) of the same item and satuan in the whole file; `family`: those
    of analyses of the same family, each with the kode of one analysis that has it."""
    value = Decimal(raw)
    repaired = value / LOST_POINT
    names = {"raw": raw, "repaired": _plain(repaired), "item": item, "satuan": satuan}
    if not evidence:
        reason = gettext(
            "the koefisien %(raw)s may be %(repaired)s with its decimal point lost, but no other "
            "line of the file has item %(item)s in %(satuan)s to tell which"
        )
        return Verdict("refuse", reason % names)
    low, high = min(evidence), max(evidence)
    typical = statistics.median(evidence)
    names |= {"low": _plain(low), "high": _plain(high), "typical": _plain(typical)}
    in_family = bool(family) and repaired in (family or {})
    in_range = low <= repaired <= high
    by_magnitude = typical * CLEARLY_SMALLER <= value and repaired <= typical * NOT_ABSURD
    for_repair = in_family or in_range or by_magnitude
    as_written = low <= value <= high or typical * WITHIN_A_DECADE >= value
    if for_repair and not as_written:
        if in_family:
            reason = gettext(
                "item %(item)s reads %(repaired)s in analysis %(other)s of the same family"
            )
            names["other"] = (family or {})[repaired]
        elif in_range:
            reason = gettext(
                "%(repaired)s lies within the other values of item %(item)s in %(satuan)s "
                "(%(low)s to %(high)s) and %(raw)s above them"
            )
        else:
            reason = gettext(
                "the other values of item %(item)s in %(satuan)s are typically %(typical)s, "
                "at least 100 times less than %(raw)s"
            )
        return Verdict("repair", reason % names)
    if as_written and not for_repair:
        return Verdict("keep", "")
    reason = gettext(
        "the koefisien %(raw)s may be %(repaired)s with its decimal point lost, but the other "
        "values of item %(item)s in %(satuan)s (%(low)s to %(high)s, typically %(typical)s) do "
        "not tell which"
    )
    return Verdict("refuse", reason % names)


# --- parsing ------------------------------------------------------------------------------


def _limit(model: type[Any], name: str) -> int:
    return int(model._meta.get_field(name).max_length)


@dataclass(slots=True)
class _Line:
    """A line read from one row, before the suspect koefisien are judged."""

    row: int
    kode: str
    kategori: str
    kode_item: str
    uraian: str
    satuan: str
    value: Decimal
    raw: str
    suspect: bool


@dataclass(slots=True)
class _Analysis:
    kode: str
    nama: str = ""
    sumber: str = ""
    other_names: list[str] = field(default_factory=list)
    lines: list[ParsedLine] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    run_on: list[Refusal] = field(default_factory=list)  # refused from a repeated item on
    repeated_item: str = ""


class _Parser:
    def __init__(self, columns: dict[str, int]) -> None:
        self.columns = columns
        self.analyses: dict[str, _Analysis] = {}
        self.pending: list[_Line] = []
        self.refusals: list[Refusal] = []
        self.repairs: list[Repair] = []
        self.kode_max = _limit(AhspAnalisis, "kode")
        self.sumber_max = _limit(AhspAnalisis, "sumber")
        self.limits = {
            "kode_item": _limit(AhspBaris, "kode_item"),
            "item": _limit(AhspBaris, "uraian"),
            "satuan": _limit(AhspBaris, "satuan"),
        }

    def cell(self, row: tuple[Any, ...], name: str) -> Any:
        index = self.columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    def refuse(self, analysis: _Analysis | None, refusal: Refusal) -> None:
        self.refusals.append(refusal)
        if analysis is not None:
            analysis.refused.append(refusal)

    def read(self, number: int, row: tuple[Any, ...]) -> None:
        if all(value is None or str(value).strip() == "" for value in row):
            return  # an empty row (Excel keeps a few after the data) is not a line
        kode = _text(self.cell(row, "kode_ahsp"))
        kode_item = _text(self.cell(row, "kode_item_lookup"))
        uraian = _text(self.cell(row, "item"))
        raw_koefisien = self.cell(row, "koefisien")
        raw = "" if raw_koefisien is None else str(raw_koefisien).strip()

        def refusal(reason: str, kode: str = kode) -> Refusal:
            return Refusal(kode, number, kode_item, uraian, raw, reason)

        problem = self.kode_problem(kode)
        if problem:
            self.refusals.append(refusal(problem, kode=""))
            return
        analysis = self.analyses.get(kode)
        if analysis is None:
            analysis = self.analyses[kode] = _Analysis(kode)
        self.name(analysis, row)
        kategori_text = _text(self.cell(row, "kategori"))
        satuan = _text(self.cell(row, "satuan"))
        if not kategori_text and not kode_item:
            reason = gettext(
                "no kategori and no item code: the line refers to another analysis, which the "
                "catalogue cannot hold as a resource line"
            )
            self.refuse(analysis, refusal(reason))
            return
        kategori = KATEGORI_NAMES.get(kategori_text.casefold())
        if kategori is None:
            reason = (
                gettext("no kategori (Tenaga Kerja, Bahan or Peralatan)")
                if not kategori_text
                else gettext("unknown kategori “%(kategori)s” (Tenaga Kerja, Bahan or Peralatan)")
                % {"kategori": kategori_text}
            )
            self.refuse(analysis, refusal(reason))
            return
        if not kode_item:
            self.refuse(analysis, refusal(gettext("no item code")))
            return
        for name, text in (("kode_item", kode_item), ("item", uraian), ("satuan", satuan)):
            problem = self.text_problem(name, text)
            if problem:
                self.refuse(analysis, refusal(problem))
                return
        koefisien = _read_koefisien(raw_koefisien)
        if koefisien.value is None:
            self.refuse(analysis, refusal(koefisien.problem))
            return
        self.pending.append(
            _Line(
                number,
                kode,
                kategori,
                kode_item,
                uraian,
                satuan,
                koefisien.value,
                koefisien.raw,
                koefisien.suspect,
            )
        )

    def kode_problem(self, kode: str) -> str:
        if not kode:
            return gettext("no kode_ahsp: the line belongs to no analysis")
        if len(kode) > self.kode_max:
            return gettext("kode_ahsp is longer than %(limit)s characters") % {
                "limit": self.kode_max
            }
        return control_character_message(kode) or ""

    def text_problem(self, name: str, text: str) -> str:
        if len(text) > self.limits[name]:
            return gettext("%(column)s is longer than %(limit)s characters") % {
                "column": name,
                "limit": self.limits[name],
            }
        message = control_character_message(text)
        return f"{name}: {message}" if message else ""

    def name(self, analysis: _Analysis, row: tuple[Any, ...]) -> None:
        nama = _text(self.cell(row, "nama_ahsp"))
        if nama and control_character_message(nama):
            nama = ""
        if not analysis.nama:
            analysis.nama = nama
        elif nama and nama != analysis.nama and nama not in analysis.other_names:
            analysis.other_names.append(nama)
        if not analysis.sumber:
            sumber = _text(self.cell(row, "sumber_ahsp"))
            if not control_character_message(sumber):
                analysis.sumber = sumber[: self.sumber_max]

    def judge(self) -> None:
        """Resolve the suspect koefisien against the trusted ones, then file every line."""
        evidence: dict[tuple[str, str], list[Decimal]] = {}
        family: dict[tuple[str, str, str], dict[Decimal, str]] = {}
        for line in self.pending:
            if line.suspect or line.value <= 0:
                continue
            key = (line.kode_item, _unit_key(line.satuan))
            evidence.setdefault(key, []).append(line.value)
            family.setdefault((_family(line.kode), *key), {}).setdefault(line.value, line.kode)
        repeats = self.repeats()
        for line in self.pending:
            analysis = self.analyses[line.kode]
            repeat = repeats.get(line.kode)
            if repeat is not None and line.row >= repeat.row:
                if line.row == repeat.row:
                    reason = gettext(
                        "item %(item)s is listed a second time: from this row on the source "
                        "seems to run into another analysis under the same kode, so the rest "
                        "is not loaded"
                    )
                else:
                    reason = gettext(
                        "it follows row %(row)s, where item %(item)s is listed a second time "
                        "(the source seems to run into another analysis under the same kode)"
                    )
                refusal = Refusal(
                    line.kode,
                    line.row,
                    line.kode_item,
                    line.uraian,
                    line.raw,
                    reason % {"item": repeat.kode_item, "row": repeat.row},
                )
                self.refusals.append(refusal)
                analysis.run_on.append(refusal)
                analysis.repeated_item = repeat.kode_item
                continue
            value = line.value
            asli = ""
            if line.suspect:
                key = (line.kode_item, _unit_key(line.satuan))
                verdict = judge_suspect(
                    int(value),
                    evidence.get(key, ()),
                    family.get((_family(line.kode), *key)),
                    item=line.kode_item,
                    satuan=line.satuan,
                )
                if verdict.decision == "refuse":
                    self.refuse(
                        analysis,
                        Refusal(
                            line.kode,
                            line.row,
                            line.kode_item,
                            line.uraian,
                            line.raw,
                            verdict.reason,
                        ),
                    )
                    continue
                if verdict.decision == "repair":
                    asli = line.raw
                    value = value / LOST_POINT
                    self.repairs.append(
                        Repair(
                            line.kode,
                            line.row,
                            line.kode_item,
                            line.uraian,
                            line.satuan,
                            asli,
                            value,
                            verdict.reason,
                        )
                    )
            analysis.lines.append(
                ParsedLine(
                    row=line.row,
                    kategori=line.kategori,
                    kode_item=line.kode_item,
                    uraian=line.uraian,
                    satuan=line.satuan,
                    koefisien=value,
                    koefisien_asli=asli,
                )
            )

    def repeats(self) -> dict[str, _Line]:
        """kode → the first line whose item code the analysis already has. An item listed twice
        in one analysis is the mark of the source's rows running on into the next analysis
        with the kode not filled in (2.2.1.1.4 goes on with four wiremesh analyses)."""
        seen: dict[str, set[str]] = {}
        found: dict[str, _Line] = {}
        for line in self.pending:
            items = seen.setdefault(line.kode, set())
            if line.kode_item in items and line.kode not in found:
                found[line.kode] = line
            items.add(line.kode_item)
        return found

    def result(self) -> ParsedCatalogue:
        self.judge()
        analyses: list[ParsedAnalysis] = []
        for analysis in self.analyses.values():
            if not analysis.nama:
                reason = gettext("the analysis %(kode)s has no nama_ahsp on any line") % {
                    "kode": analysis.kode
                }
                for line in analysis.lines:
                    self.refusals.append(
                        Refusal(analysis.kode, line.row, line.kode_item, line.uraian, "", reason)
                    )
                self.repairs = [r for r in self.repairs if r.kode != analysis.kode]
                continue
            notes = [
                gettext("The source also names this analysis “%(nama)s”.") % {"nama": other}
                for other in analysis.other_names
            ]
            for refusal in sorted(analysis.refused, key=lambda refusal: refusal.row):
                notes.append(
                    gettext("Row %(row)s (%(item)s) is not in the catalogue: %(reason)s.")
                    % {
                        "row": refusal.row,
                        "item": refusal.kode_item or refusal.uraian,
                        "reason": refusal.reason,
                    }
                )
            if analysis.run_on:
                first, last = analysis.run_on[0].row, analysis.run_on[-1].row
                names = {"first": first, "last": last, "item": analysis.repeated_item}
                if first == last:
                    note = gettext(
                        "Row %(first)s is not in the catalogue: item %(item)s is listed there a "
                        "second time (the source seems to run into another analysis under the "
                        "same kode)."
                    )
                else:
                    note = gettext(
                        "Rows %(first)s to %(last)s are not in the catalogue: item %(item)s is "
                        "listed a second time at row %(first)s (the source seems to run into "
                        "another analysis under the same kode)."
                    )
                notes.append(note % names)
            analyses.append(
                ParsedAnalysis(
                    kode=analysis.kode,
                    nama=analysis.nama,
                    satuan=satuan_from_uraian(analysis.nama),
                    sumber=analysis.sumber,
                    lines=tuple(sorted(analysis.lines, key=lambda line: line.row)),
                    lengkap=not analysis.refused and not analysis.run_on,
                    catatan="\n".join(notes),
                )
            )
        return ParsedCatalogue(
            analyses=tuple(analyses),
            repairs=tuple(sorted(self.repairs, key=lambda repair: repair.row)),
            refusals=tuple(sorted(self.refusals, key=lambda refusal: refusal.row)),
        )


def _family(kode: str) -> str:
    return kode.rsplit(".", 1)[0] if "." in kode else kode


def parse_ahsp_workbook(source: str | PathLike[str] | bytes = DEFAULT_PATH) -> ParsedCatalogue:
    """Every analysis of the workbook with the lines that could be read, every koefisien
    repair and every refused line. Raises AhspFileError when the file cannot be used at all."""
    with _sheet_rows(source) as rows:
        columns = _header(rows)
        _require(columns, REQUIRED_COLUMNS)
        parser = _Parser(columns)
        for number, row in enumerate(rows, start=2):
            parser.read(number, row)
    return parser.result()


# --- the list of analyses (kode, nama, satuan) the demo data picks from -------------------


@dataclass(frozen=True, slots=True)
class AhspAnalysis:
    kode: str
    nama: str
    satuan: str


def read_ahsp_analyses(source: str | PathLike[str] | bytes = DEFAULT_PATH) -> list[AhspAnalysis]:
    """Every analysis once, in file order. Reads only the kode and nama columns."""
    with _sheet_rows(source) as rows:
        columns = _header(rows)
        _require(columns, ("kode_ahsp", "nama_ahsp"))
        kode_index, nama_index = columns["kode_ahsp"], columns["nama_ahsp"]
        seen: set[str] = set()
        analyses: list[AhspAnalysis] = []
        for row in rows:
            if len(row) <= max(kode_index, nama_index):
                continue
            kode, nama = row[kode_index], row[nama_index]
            if not kode or not nama:
                continue
            kode = str(kode).strip()
            if kode in seen:
                continue
            seen.add(kode)
            nama = clean_nama(str(nama))
            analyses.append(AhspAnalysis(kode=kode, nama=nama, satuan=satuan_from_uraian(nama)))
        return analyses


@lru_cache(maxsize=1)
def ahsp_analyses() -> tuple[AhspAnalysis, ...]:
    """The bundled library, parsed once per process (about a second) and then shared."""
    return tuple(read_ahsp_analyses(DEFAULT_PATH))
