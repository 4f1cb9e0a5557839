"""The import report: every koefisien repaired and every line refused, one row each.

`report_rows` yields the rows; `report_csv` writes them the way the app's other CSV files are
written (semicolons, a BOM so Excel reads UTF-8, numbers in the reader's language).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import formats
from django.utils.translation import gettext

from ahsp.source import ParsedCatalogue

REPAIRED = "repaired"
REFUSED = "refused"
# A cell that starts like a formula is run by a spreadsheet; the file's texts are not ours.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(value: object) -> str:
    return formats.number_format(value, use_l10n=True)


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def report_header() -> tuple[str, ...]:
    return (
        gettext("outcome"),
        gettext("kode AHSP"),
        gettext("row"),
        gettext("item code"),
        gettext("item"),
        gettext("koefisien as in the source"),
        gettext("koefisien loaded"),
        gettext("reason"),
    )


def report_rows(parsed: ParsedCatalogue) -> Iterator[tuple[str, ...]]:
    """The repairs, then the refusals, each in row order. The outcome column is the fixed word
    "repaired" or "refused", so a spreadsheet filter works in every language."""
    for repair in parsed.repairs:
        yield (
            REPAIRED,
            repair.kode,
            str(repair.row),
            _text(repair.kode_item),
            _text(repair.uraian),
            _text(repair.raw),
            _number(repair.repaired),
            repair.reason,
        )
    for refusal in parsed.refusals:
        yield (
            REFUSED,
            _text(refusal.kode),
            str(refusal.row),
            _text(refusal.kode_item),
            _text(refusal.uraian),
            _text(refusal.raw),
            "",
            refusal.reason,
        )


def report_csv(parsed: ParsedCatalogue) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(report_header())
    writer.writerows(report_rows(parsed))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
