"""Uploads crafted to make a RAB import work hard, generated here rather than committed.

They are the files of the security review (issue 10): each is small on the wire and was cheap
to refuse for nobody. The tests and `bench/bench_uploads.py` build them with these functions.
"""

from __future__ import annotations

import io
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="RAB" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def workbook(rows_xml: bytes) -> bytes:
    """An .xlsx whose only sheet holds `rows_xml` (`<row>` elements) and no `<dimension>`."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
        + rows_xml
        + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def wide_rows_xlsx(rows: int = 5_000, cells: int = 600) -> bytes:
    """Rows of `cells` numbers each, 48 MB of XML in about 180 KB: the file that held a worker
    for 66 s, because every cell of every row was built although 64 columns are read."""
    row = b"<row>" + b"".join(b"<c><v>%d</v></c>" % (n % 10) for n in range(cells)) + b"</row>"
    return workbook(row * rows)


def many_short_rows_xlsx(rows: int = 150_000) -> bytes:
    """Rows of one number each, more than any RAB (about 35 KB): the old reader spent 53 s on
    a file like it before reaching its 100,000-row limit."""
    body = b"".join(b"<row><c><v>%d</v></c></row>" % (n % 997) for n in range(rows))
    return workbook(body)


def csv_with_nul_after(offset: int = 9_000) -> bytes:
    """A seed-style RAB CSV that is plain text for its first `offset` bytes and then has a NUL
    inside an uraian: the binary sniff looked at 8 KB only, and PostgreSQL cannot store NUL."""
    header = "Uraian Pekerjaan;Kode AHSP;Satuan;Volume;Harga Satuan (Rp);Jumlah Harga (Rp)\n"
    lines = [header, "PEKERJAAN PERSIAPAN;;;;;\n", "  Umum;;;;;\n"]
    size = sum(len(line) for line in lines)
    number = 0
    while size < offset:
        number += 1
        line = f"    Pembersihan lokasi bagian {number};1.1.{number};m2;10;1.000;10.000\n"
        lines.append(line)
        size += len(line)
    lines.append("    Pemasangan pagar\x00 sementara;1.2.1;m;5;2.000;10.000\n")
    return "".join(lines).encode()
