"""The RAB as a document (SPEC §11), tested by opening it: the xlsx read back with openpyxl (its
formulas and the values cached with them, the page set-up), the PDF with pypdf (page size, the
text of every page) and rendered to an image; every figure equal to `money.rab_totals`."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
from decimal import Decimal

import pytest
from django.utils.translation import gettext
from openpyxl import load_workbook
from pypdf import PdfReader

from detail_project import clock, money
from detail_project.demo import seed_demo
from detail_project.documents.header import document_language
from detail_project.documents.rab import (
    KLASIFIKASI,
    PEKERJAAN,
    SUB,
    rab_document,
    rab_pdf,
    rab_xlsx,
)
from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi
from detail_project.selectors.rab import roman_numeral
from detail_project.tests.factories import make_rab

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
A4_PORTRAIT = (595.28, 841.89)  # points
A3_PORTRAIT = (841.89, 1190.55)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGNATURES = [
    {"peran": "Dibuat oleh, Kontraktor Pelaksana", "nama": "Budi Santoso", "jabatan": "Direktur"},
    {"peran": "Diperiksa oleh, Konsultan Pengawas", "nama": "Siti Aminah", "jabatan": "Ketua"},
    {
        "peran": "Disetujui oleh, Pejabat Pembuat Komitmen",
        "nama": "Ahmad Hidayat",
        "jabatan": "NIP 19700101 199503 1 001",
    },
]

# --- fixtures and readers --------------------------------------------------------------------


@pytest.fixture
def demo(monkeypatch):
    """The demo's sample RAB (PPN 10 %, rounded down to Rp 10.000) with three signatures."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    result = seed_demo(today=TODAY)
    project = result.project
    project.tanda_tangan = SIGNATURES
    project.lokasi = "Bandung, Jawa Barat"
    project.save()
    return result


@pytest.fixture
def demo_client(demo):
    from django.test import Client

    client = Client()
    client.force_login(demo.user)
    return client


def url(project, fmt: str, **query: str) -> str:
    text = f"/detail_project/project/{project.pk}/rab/export/{fmt}/"
    if query:
        text += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return text


def document_of(project):
    with document_language():
        return rab_document(project, today=TODAY)


def xlsx_of(project) -> bytes:
    with document_language():
        return rab_xlsx(rab_document(project, today=TODAY))


def pdf_of(project, paper: str = "A4") -> bytes:
    with document_language():
        return rab_pdf(rab_document(project, today=TODAY), paper=paper)


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def page_label(page: int, pages: int) -> str:
    with document_language():
        return gettext("Page %(page)s of %(pages)s") % {"page": page, "pages": pages}


def expected_totals(project) -> money.RabTotals:
    """The totals worked out afresh from the stored rows, by `money` alone."""
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    return money.rab_totals(
        [money.jumlah_harga(volume, harga) for volume, harga in rows],
        ppn_percent=project.ppn_percent,
        pembulatan_step=project.pembulatan_step,
    )


class Workbook:
    """The "RAB" sheet read twice: formulas (as written) and values (as cached)."""

    def __init__(self, content: bytes) -> None:
        self.formulas = load_workbook(io.BytesIO(content), data_only=False)["RAB"]
        self.values = load_workbook(io.BytesIO(content), data_only=True)["RAB"]
        column_a = [cell.value for cell in self.formulas["A"]]
        self.head = 1 + column_a.index("No")  # the column header
        self.total = 1 + column_a.index("TOTAL BIAYA LANGSUNG")
        self.rows = range(self.head + 1, self.total)

    def formula(self, ref: str) -> str:
        return str(self.formulas[ref].value)

    def value(self, ref: str):
        return self.values[ref].value

    def is_pekerjaan(self, row: int) -> bool:
        return self.formula(f"G{row}") == f"=D{row}*F{row}"

    def kinds(self, project) -> dict[int, str]:
        """Each table row's kind, as the RAB page has it."""
        document = document_of(project)
        return {row: item.kind for row, item in zip(self.rows, document.rows, strict=True)}


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


# --- the download ----------------------------------------------------------------------------


def test_it_downloads_the_rab_as_xlsx(demo, demo_client):
    response = demo_client.get(url(demo.project, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert re.fullmatch(
        r'attachment; filename="rab-[a-z0-9-]+\.xlsx"', response["Content-Disposition"]
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["RAB"]


def test_it_downloads_the_rab_as_pdf_on_a4_portrait(demo, demo_client):
    response = demo_client.get(url(demo.project, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="rab-[a-z0-9-]+\.pdf"', response["Content-Disposition"]
    )
    reader = PdfReader(io.BytesIO(response.content))
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_PORTRAIT, abs=0.1)


def test_it_prints_on_a3_portrait_when_asked(demo, demo_client):
    response = demo_client.get(url(demo.project, "pdf", paper="A3"))
    assert response.status_code == 200
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A3_PORTRAIT, abs=0.1
    )


def test_it_writes_indonesian_numbers_whatever_the_page_language(demo, demo_client):
    demo_client.cookies["django_language"] = "en"
    text = "\n".join(page_texts(demo_client.get(url(demo.project, "pdf")).content))
    assert "8.012.739.981" in text
    assert "8,012,739,981" not in text


def test_it_rejects_outsider(demo, outsider_client):
    assert outsider_client.get(url(demo.project, "xlsx")).status_code == 404
    assert outsider_client.get(url(demo.project, "pdf")).status_code == 404


def test_it_sends_anonymous_users_to_log_in(demo, client):
    response = client.get(url(demo.project, "pdf"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("fmt", ["csv", "docx", "XLSX"])
def test_it_answers_404_to_an_unknown_format(demo, demo_client, fmt):
    assert demo_client.get(url(demo.project, fmt)).status_code == 404


def test_it_answers_404_to_an_unknown_paper(demo, demo_client):
    assert demo_client.get(url(demo.project, "pdf", paper="A5")).status_code == 404


def test_it_refuses_post(demo, demo_client):
    assert demo_client.post(url(demo.project, "xlsx")).status_code == 405


# --- the xlsx --------------------------------------------------------------------------------


def test_xlsx_has_the_title_block_and_the_column_header(demo):
    book = Workbook(xlsx_of(demo.project))
    sheet = book.formulas
    assert sheet["A1"].value == "RENCANA ANGGARAN BIAYA"
    assert sheet["A2"].value == demo.project.nama
    labels = [sheet.cell(book.head, column).value for column in range(1, 9)]
    assert labels[0] == "No" and labels[2] == "Uraian pekerjaan" and labels[3] == "Volume"
    assert labels[4] == "Satuan" and labels[7] == "Bobot (%)"
    lines = [sheet.cell(row, 3).value for row in range(4, book.head - 1)]
    assert ": Rp 8.012.739.981" in lines  # the contract value, before PPN


def test_xlsx_keeps_live_formulas_for_every_amount(demo):
    book = Workbook(xlsx_of(demo.project))
    kinds = book.kinds(demo.project)
    for row, kind in kinds.items():
        assert book.is_pekerjaan(row) == (kind == PEKERJAAN)
    assert (
        list(kinds.values()).count(PEKERJAAN)
        == Pekerjaan.objects.filter(project=demo.project).count()
    )
    assert (
        list(kinds.values()).count(KLASIFIKASI)
        == Klasifikasi.objects.filter(project=demo.project).count()
    )
    assert (
        list(kinds.values()).count(SUB)
        == SubKlasifikasi.objects.filter(project=demo.project).count()
    )
    total = f"$G${book.total}"
    for row, kind in kinds.items():
        assert book.formula(f"H{row}") == f"=IF({total}=0,0,G{row}/{total}*100)"
        if kind == SUB:
            assert re.fullmatch(r"=SUM\(G\d+:G\d+\)", book.formula(f"G{row}"))
        elif kind == KLASIFIKASI:
            assert re.fullmatch(r"=SUM\(G\d+(,G\d+)*\)", book.formula(f"G{row}"))
    t = book.total
    assert re.fullmatch(r"=ROUND\(SUM\(G\d+(,G\d+)*\),0\)", book.formula(f"G{t}"))
    assert book.formula(f"G{t + 1}") == f"=ROUND({total}*10/100,0)"
    assert book.formula(f"G{t + 2}") == f"={total}+G{t + 1}"
    assert book.formula(f"G{t + 3}") == f"=FLOOR(G{t + 2},10000)"
    assert book.formulas[f"A{t + 1}"].value == "PPN 10%"
    assert book.formulas[f"A{t + 2}"].value == "GRAND TOTAL"
    assert book.formulas[f"A{t + 3}"].value.startswith("PEMBULATAN")


def test_xlsx_caches_the_apps_totals_to_the_rupiah(demo):
    book = Workbook(xlsx_of(demo.project))
    totals = expected_totals(demo.project)
    t = book.total
    cached = [book.value(f"G{row}") for row in range(t, t + 4)]
    assert cached == [
        totals.total_biaya_langsung,
        totals.ppn,
        totals.grand_total,
        totals.pembulatan,
    ]
    assert cached == [8_012_739_981, 801_273_998, 8_814_013_979, 8_814_010_000]
    assert book.value(f"H{t}") == 100


def test_xlsx_caches_volume_times_harga_on_every_pekerjaan_row(demo):
    book = Workbook(xlsx_of(demo.project))
    stored = {
        (p.kode_pekerjaan, p.volume, p.harga_satuan)
        for p in Pekerjaan.objects.filter(project=demo.project)
    }
    seen = set()
    for row in book.rows:
        if not book.is_pekerjaan(row):
            continue
        volume = Decimal(str(book.value(f"D{row}")))
        harga = Decimal(str(book.value(f"F{row}")))
        seen.add((book.value(f"B{row}"), volume, harga))
        jumlah = Decimal(str(book.value(f"G{row}")))
        assert jumlah == pytest.approx(money.jumlah_harga(volume, harga), abs=Decimal("0.001"))
    assert seen == stored


def test_xlsx_caches_each_subtotal_as_the_sum_of_its_children(demo):
    book = Workbook(xlsx_of(demo.project))
    document = document_of(demo.project)
    for row, item in zip(book.rows, document.rows, strict=True):
        assert book.value(f"C{row}") == item.uraian
        assert book.value(f"G{row}") == pytest.approx(float(item.jumlah), abs=0.001)
        assert book.value(f"H{row}") == pytest.approx(float(item.bobot), abs=1e-9)
        match = re.fullmatch(r"=SUM\((.*)\)", book.formula(f"G{row}"))
        if match is None:
            continue
        refs = match.group(1)
        if ":" in refs:
            first, last = (int(ref[1:]) for ref in refs.split(":"))
            children = [f"G{child}" for child in range(first, last + 1)]
        else:
            children = refs.split(",")
        assert sum(book.value(ref) for ref in children) == pytest.approx(
            book.value(f"G{row}"), abs=0.01
        )


def test_xlsx_prints_on_a4_portrait_with_the_column_header_on_every_page(demo):
    book = Workbook(xlsx_of(demo.project))
    sheet = book.formulas
    setup = sheet.page_setup
    assert setup.paperSize == 9  # A4
    assert setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # as wide as the page
    assert sheet.print_title_rows == f"${book.head}:${book.head}"
    assert sheet.freeze_panes == f"A{book.head + 1}"
    last_row = sheet.max_row
    assert sheet.print_area == f"'RAB'!$A$1:$H${last_row}"
    footer = sheet.oddFooter
    assert footer.right.text == page_label("&P", "&N")
    assert footer.left.text == demo.project.nama


def test_xlsx_ends_with_the_signature_blocks(demo):
    book = Workbook(xlsx_of(demo.project))
    below = [
        cell.value
        for row in book.formulas.iter_rows(min_row=book.total + 4)
        for cell in row
        if cell.value
    ]
    assert below[0].startswith("Bandung, ")
    for block in SIGNATURES:
        assert block["nama"] in below
        assert block["jabatan"] in below
    assert "Dibuat oleh" in below and "Kontraktor Pelaksana" in below


def test_xlsx_writes_a_uraian_that_looks_like_a_formula_as_text(project):
    make_rab(project, pekerjaan=2)
    Pekerjaan.objects.filter(project=project).update(uraian='=HYPERLINK("http://x")')
    book = Workbook(xlsx_of(project))
    uraian = [book.formulas[f"C{row}"] for row in book.rows if book.is_pekerjaan(row)]
    assert [cell.data_type for cell in uraian] == ["s", "s"]


def test_xlsx_and_pdf_of_an_empty_rab(project):
    book = Workbook(xlsx_of(project))
    assert list(book.rows) == []
    assert book.formula(f"G{book.total}") == "=ROUND(0,0)"
    assert book.value(f"G{book.total + 3}") == 0
    texts = page_texts(pdf_of(project))
    assert len(texts) == 1
    assert "TOTAL BIAYA LANGSUNG" in texts[0] and "Rp 0" in texts[0]


def test_footer_escapes_an_ampersand_in_the_project_name(project):
    project.nama = "Gedung A & B"
    project.save()
    footer = Workbook(xlsx_of(project)).formulas.oddFooter
    assert footer.left.text == "Gedung A && B"


# --- the PDF ---------------------------------------------------------------------------------


def test_pdf_shows_the_project_totals_and_page_numbers(demo):
    texts = page_texts(pdf_of(demo.project))
    first, last = texts[0], texts[-1]
    assert demo.project.nama in first
    assert "RENCANA ANGGARAN BIAYA" in first
    assert page_label(1, len(texts)) in first
    assert f"Halaman 1 dari {len(texts)}" in first
    assert page_label(len(texts), len(texts)) in last
    assert "Rp 8.012.739.981" in last
    assert "Rp 801.273.998" in last
    assert "Rp 8.814.013.979" in last
    assert "Rp 8.814.010.000" in last
    assert "PPN 10%" in last


def test_pdf_puts_the_signatures_on_the_last_page(demo):
    texts = page_texts(pdf_of(demo.project))
    for block in SIGNATURES:
        assert block["nama"] in texts[-1]
        assert all(block["nama"] not in text for text in texts[:-1])
    assert "Bandung, 7 Desember 2026" in texts[-1]


def test_pdf_repeats_the_column_header_on_every_page(project):
    make_rab(project, pekerjaan=300, klasifikasi=3, subs=4)
    texts = page_texts(pdf_of(project))
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert "Uraian pekerjaan" in text
        assert page_label(number, len(texts)) in text
    shown = re.findall(r"^Pekerjaan (\d+)$", "\n".join(texts), flags=re.MULTILINE)
    assert sorted(map(int, shown)) == list(range(1, 301))  # every row, once


def test_pdf_wraps_a_long_uraian_instead_of_cutting_it(project):
    make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)
    uraian = (
        "Pemasangan 1 m2 dinding bata merah tebal 1/2 batu dengan mortar tipe N campuran "
        "1 SP : 4 PP (Lihat Peraturan Menteri Pekerjaan Umum dan Perumahan Rakyat Nomor 8 "
        "Tahun 2023 Lampiran B A.4.4.1.9)"
    )
    Pekerjaan.objects.filter(project=project).update(uraian=uraian)
    text = page_texts(pdf_of(project))[0]
    assert "…" not in text
    assert " ".join(text.split()).count("Lampiran B A.4.4.1.9)") == 1
    assert "Pemasangan 1 m2 dinding bata merah" in text


def test_pdf_starts_a_new_page_for_signatures_that_do_not_fit(project):
    project.tanda_tangan = SIGNATURES
    project.save()
    for rows in range(30, 90, 2):  # some RAB fills the last page just short of the signatures
        Klasifikasi.objects.filter(project=project).delete()
        make_rab(project, pekerjaan=rows, klasifikasi=1, subs=1)
        texts = page_texts(pdf_of(project))
        if "Budi Santoso" in texts[-1] and "TOTAL BIAYA LANGSUNG" not in texts[-1]:
            break
    else:
        pytest.fail("no RAB size pushed the signatures onto a page of their own")
    assert "TOTAL BIAYA LANGSUNG" in texts[-2]
    assert "Uraian pekerjaan" not in texts[-1]  # no empty table above the signatures


def test_pdf_renders_to_a_readable_image(demo, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "rab.pdf"
    source.write_bytes(pdf_of(demo.project))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (image,) = tmp_path.glob("p*.png")
    width, height = png_size(image)
    assert width == pytest.approx(496, abs=1) and height == pytest.approx(702, abs=1)  # A4, 60 dpi
    assert image.stat().st_size > 20_000  # a page of text, not a blank one


# --- building the document -------------------------------------------------------------------


def test_document_rows_follow_the_rab_page(demo):
    document = document_of(demo.project)
    kinds = [row.kind for row in document.rows]
    assert kinds[0] == KLASIFIKASI and kinds[1] == SUB and kinds[2] == PEKERJAAN
    numbers = [row.nomor for row in document.rows if row.kind == KLASIFIKASI]
    assert numbers == [roman_numeral(index) for index in range(1, len(numbers) + 1)]
    assert document.totals == expected_totals(demo.project)
    assert document.header.nama == demo.project.nama
    assert document.title == "Rencana Anggaran Biaya"


@pytest.mark.parametrize("pekerjaan", [10, 400])
def test_document_reads_the_rab_in_three_queries(project, django_assert_num_queries, pekerjaan):
    make_rab(project, pekerjaan=pekerjaan)
    with django_assert_num_queries(3), document_language():
        rab_document(project, today=TODAY)
