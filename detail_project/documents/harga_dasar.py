"""The project's harga dasar as an xlsx a planner can fill in and bring back.

`write_prices` gives one sheet — Kode, Kategori, Uraian, Satuan, Harga dasar (Rp) — with the
prices as numbers; `read_prices` reads such a sheet back (the columns found by their names, in
any order, extra columns ignored) and runs in a bounded child process
(`importing.sandbox.run_bounded`) like every upload. It returns the prices by kode or the
problems found; it never writes: `services.ahsp_pricing.harga_dasar_update` does, all or
nothing, and refuses an item the project does not use.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import xlsxwriter
from django.utils.translation import gettext

from detail_project.models import HargaDasar

MAX_ROWS = 20_000
MAX_PROBLEMS = 20
HEADER_KODE = ("kode", "kode item", "kode_item")
HEADER_HARGA = ("harga dasar (rp)", "harga dasar", "harga", "harga_dasar", "harga (rp)")


def write_prices(rows: Iterable[HargaDasar], *, project_name: str) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(gettext("Harga dasar")[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    text = book.add_format({"border": 1})
    sheet.write(0, 0, project_name, book.add_format({"bold": True, "font_size": 12}))
    headers = [
        gettext("Kode"),
        gettext("Kategori"),
        gettext("Uraian"),
        gettext("Satuan"),
        gettext("Harga dasar (Rp)"),
    ]
    for column, header in enumerate(headers):
        sheet.write(2, column, header, bold)
    line = 3
    for row in rows:
        sheet.write_string(line, 0, row.kode_item, text)
        sheet.write_string(line, 1, str(row.get_kategori_display()), text)
        sheet.write_string(line, 2, row.uraian, text)
        sheet.write_string(line, 3, row.satuan, text)
        sheet.write_number(line, 4, float(row.harga), money)
        line += 1
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 48)
    sheet.set_column(3, 3, 9)
    sheet.set_column(4, 4, 18)
    sheet.freeze_panes(3, 0)
    book.close()
    return output.getvalue()


@dataclass
class ReadPrices:
    prices: dict[str, Decimal] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace("Rp", "").replace(" ", "")
    if "," in text and "." in text:  # 1.234.567,50: Indonesian grouping
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def read_prices(data: bytes) -> ReadPrices:
    """Prices by kode from an xlsx; problems (with row numbers) instead when it has any."""
    from openpyxl import load_workbook

    result = ReadPrices()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same answer
        result.problems.append(gettext("This is not an Excel (.xlsx) file that can be read."))
        return result
    try:
        sheet = book.worksheets[0]
        kode_column = harga_column = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > MAX_ROWS:
                result.problems.append(
                    gettext("The file has more than %(n)s rows.") % {"n": MAX_ROWS}
                )
                break
            cells = ["" if cell is None else cell for cell in row]
            if kode_column is None:
                names = [str(cell).strip().lower() for cell in cells]
                kode_column = next((i for i, n in enumerate(names) if n in HEADER_KODE), None)
                harga_column = next((i for i, n in enumerate(names) if n in HEADER_HARGA), None)
                if kode_column is None or harga_column is None:
                    kode_column = harga_column = None
                continue
            kode = str(cells[kode_column]).strip() if kode_column < len(cells) else ""
            raw = cells[harga_column] if harga_column < len(cells) else ""
            if not kode and raw == "":
                continue
            where = gettext("Row %(row)s") % {"row": number}
            value = _number(raw)
            if not kode:
                result.problems.append(gettext("%(where)s: the kode is empty.") % {"where": where})
            elif value is None:
                result.problems.append(
                    gettext("%(where)s (%(kode)s): the harga dasar “%(value)s” is not a number.")
                    % {"where": where, "kode": kode, "value": str(raw)[:40]}
                )
            elif value < 0:
                result.problems.append(
                    gettext("%(where)s (%(kode)s): a harga dasar cannot be negative.")
                    % {"where": where, "kode": kode}
                )
            elif kode in result.prices and result.prices[kode] != value:
                result.problems.append(
                    gettext("%(where)s: %(kode)s appears twice with different prices.")
                    % {"where": where, "kode": kode}
                )
            else:
                result.prices[kode] = value
            if len(result.problems) >= MAX_PROBLEMS:
                break
        if kode_column is None and not result.problems:
            result.problems.append(
                gettext(
                    "No header row with the columns “Kode” and “Harga dasar (Rp)” was found. "
                    "Start from the exported file."
                )
            )
    finally:
        book.close()
    return result


READ_TARGET = "detail_project.documents.harga_dasar:read_prices"
