"""The AHSP 2025 library as a list of analyses: kode, nama and the satuan of the analysis.

`SNI_2025_AHSP.xlsx` has one row per resource line (13,900), repeating the analysis' kode and
nama on each; the analysis itself has no satuan column (the `satuan` column is the resource's:
OH, kg, m3 …). An analysis' own unit is in its name — "Pemasangan 1 m2 …", "1m3 beton …",
"Per-m' penetrasi …" — so we read it from there and fall back to "ls" (lump sum).

Some names were saved through the wrong encoding ("Ã¸" for "ø", "mmÂ²" for "mm²"); those are
repaired when the repair gives valid UTF-8, and kept as they are otherwise.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "SNI_2025_AHSP.xlsx"

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


@dataclass(frozen=True, slots=True)
class AhspAnalysis:
    kode: str
    nama: str
    satuan: str


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


def read_ahsp_analyses(source: str | PathLike[str] | bytes = DEFAULT_PATH) -> list[AhspAnalysis]:
    """Every analysis once, in file order. Reads only the kode and nama columns."""
    from openpyxl import load_workbook

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=3, values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(rows, ())]
        kode_index, nama_index = header.index("kode_ahsp"), header.index("nama_ahsp")
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
    finally:
        workbook.close()


@lru_cache(maxsize=1)
def ahsp_analyses() -> tuple[AhspAnalysis, ...]:
    """The bundled library, parsed once per process (about a second) and then shared."""
    return tuple(read_ahsp_analyses(DEFAULT_PATH))
