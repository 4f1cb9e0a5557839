"""The AHSP 2025 library as a list of analyses (kode, nama, satuan) for the demo data.

The workbook and its reading live in the catalogue app (`ahsp.source`, SPEC §13); this module
keeps the names the demo data and its tests import.
"""

from __future__ import annotations

from ahsp.source import (
    DEFAULT_PATH,
    AhspAnalysis,
    ahsp_analyses,
    clean_nama,
    read_ahsp_analyses,
    repair_mojibake,
    satuan_from_uraian,
)

__all__ = [
    "DEFAULT_PATH",
    "AhspAnalysis",
    "ahsp_analyses",
    "clean_nama",
    "read_ahsp_analyses",
    "repair_mojibake",
    "satuan_from_uraian",
]
