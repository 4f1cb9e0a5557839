"""RAB import without HTTP: the parsers, the money reconciliation and the write service."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from config.numbers import NumberError, parse_number
from dashboard.models import Project
from detail_project import money
from detail_project.demo import SAMPLE_JADWAL, SAMPLE_RAB
from detail_project.importing import TEMPLATE_COLUMNS, ParsedRab, parse_rab_file
from detail_project.importing.ahsp_catalog import repair_mojibake, satuan_from_uraian
from detail_project.importing.jadwal_sample import parse_jadwal_sample
from detail_project.importing.reconcile import Group, Line, reconcile
from detail_project.importing.templates import build_template_csv, build_template_xlsx
from detail_project.models import (
    Klasifikasi,
    Pekerjaan,
    PekerjaanTahapan,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.services.errors import ServiceError
from detail_project.services.rab_import import (
    rab_import_apply,
    rab_import_create_project,
    rab_import_preview,
)

HEADER = "Uraian Pekerjaan;Kode AHSP;Satuan;Volume;Harga Satuan (Rp);Jumlah Harga (Rp)"


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return SAMPLE_RAB.read_bytes()


@pytest.fixture
def sample(sample_bytes) -> ParsedRab:
    return parse_rab_file(sample_bytes)


def rekap(*lines: str, summary: str = "") -> bytes:
    """A seed-style export: BOM on every line, the table header, the given rows."""
    body = ["RENCANA ANGGARAN BIAYA", "Proyek;Uji", "", HEADER, *lines]
    if summary:
        body += ["", summary]
    return "".join(f"\ufeff{line}\r\n" for line in body).encode("utf-8")


def tabular_csv(rows: list[list[object]], *, delimiter: str = ";") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messages(parsed: ParsedRab) -> str:
    return " | ".join(f"{e.row}:{e.column}:{e.message}:{e.value}" for e in parsed.errors)


def tree_counts(project: Project) -> tuple[int, int, int]:
    return (
        Klasifikasi.objects.filter(project=project).count(),
        SubKlasifikasi.objects.filter(project=project).count(),
        Pekerjaan.objects.filter(project=project).count(),
    )


def saved_totals(project: Project, ppn: Decimal | None = None) -> money.RabTotals:
    rows = Pekerjaan.objects.filter(project=project).values_list("volume", "harga_satuan")
    return money.rab_totals(
        [money.jumlah_harga(v, h) for v, h in rows],
        ppn_percent=project.ppn_percent if ppn is None else ppn,
        pembulatan_step=project.pembulatan_step,
    )


# --- Indonesian numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "convention", "expected"),
    [
        ("1.234,56", "id", "1234.56"),
        ("3.000,000", "id", "3000.000"),
        ("Rp 1.000.000.008,00", "id", "1000000008.00"),
        ("8.012.739.981", "id", "8012739981"),
        ("301.304", "id", "301304"),
        ("12,5", "id", "12.5"),
        ("2.5", "id", "2.5"),
        ("0.500", "id", "0.500"),
        ("1234.56", "plain", "1234.56"),
        ("1,234.56", "plain", "1234.56"),
        ("1.500", "plain", "1.500"),
        ("1,500", "plain", "1500"),
        ("1.234,5", "plain", "1234.5"),
        ("50,00%", "id", "50.00"),
        ("-7", "id", "-7"),
        ("(7)", "id", "-7"),
        (" 1 234 ", "id", "1234"),
    ],
)
def test_it_reads_indonesian_and_plain_numbers(text, convention, expected):
    assert parse_number(text, convention=convention) == Decimal(expected)


@pytest.mark.parametrize("value", [None, "", "  ", "-"])
def test_it_reads_empty_cells_as_none(value):
    assert parse_number(value) is None


@pytest.mark.parametrize("value", ["abc", "12a", "1.2.3,4,5", "1,2,3.4.5", "12.34.5", "--1"])
def test_it_refuses_text_that_is_not_a_number(value):
    with pytest.raises(NumberError):
        parse_number(value)


def test_it_keeps_floats_from_xlsx_exact_to_their_shortest_form():
    assert parse_number(0.1) == Decimal("0.1")
    assert parse_number(101574.25) == Decimal("101574.25")
    with pytest.raises(NumberError):
        parse_number(dt.date(2026, 1, 10))


# --- the seed-system sample ---------------------------------------------------------------


def test_the_sample_has_three_klasifikasi_five_subs_and_29_pekerjaan(sample):
    assert sample.is_valid, messages(sample)
    assert sample.layout == "rekap"
    assert (sample.klasifikasi_count, sample.sub_klasifikasi_count, sample.pekerjaan_count) == (
        3,
        5,
        29,
    )
    assert [k.name for k in sample.klasifikasi] == ["K1", "Klasifikasi 2", "K3"]
    assert [s.name for k in sample.klasifikasi for s in k.subs] == [
        "K1.1",
        "K1.2",
        "Sub-Klasifikasi 2.1",
        "Sub-Klasifikasi 2.2",
        "K3.1",
    ]


def test_it_reads_the_header_block_and_the_summary_rows(sample):
    meta = sample.metadata
    assert meta.nama == "Project  test 4"
    assert meta.keterangan == ["ket project satu 8", "ket project dua 8"]
    assert meta.nama_client == "Client 8 (instansi client 8)"
    assert meta.sumber_dana == "Pemilik 8"
    assert meta.lokasi == "" and meta.tahun == ""
    assert meta.anggaran == Decimal("1000000008.00")
    totals = sample.file_totals
    assert totals.total_biaya_langsung == Decimal("8012739981")
    assert totals.ppn_percent == Decimal("10.00")
    assert totals.grand_total == Decimal("8814013979")
    assert totals.pembulatan == Decimal("8814010000")


def test_it_reproduces_the_files_totals_to_the_rupiah(sample):
    totals = money.rab_totals(sample.jumlahs(), ppn_percent=Decimal("10"), pembulatan_step=10_000)
    assert totals.total_biaya_langsung == Decimal("8012739981")
    assert totals.ppn == Decimal("801273998")
    assert totals.grand_total == Decimal("8814013979")
    assert totals.pembulatan == Decimal("8814010000")
    assert sample.totals_match is True
    # The seed export leaves every Satuan empty: said once, nothing else to warn about.
    assert len(sample.warnings) == 1 and sample.warnings[0].startswith("No satuan on any row")


def test_plain_derivation_alone_would_be_two_rupiah_off(sample):
    """Why reconciliation exists: jumlah / volume rounded to the cent sums to …983."""
    exact = sum(
        (
            p.volume * (p.file_jumlah / p.volume).quantize(Decimal("0.01"))
            for p in sample.pekerjaan()
        ),
        Decimal(0),
    )
    assert money.round_rupiah(exact) == Decimal("8012739983")


def test_every_row_still_shows_its_file_jumlah(sample):
    for pekerjaan in sample.pekerjaan():
        assert money.round_rupiah(pekerjaan.jumlah) == pekerjaan.file_jumlah, pekerjaan.row


def test_every_subtotal_matches_the_file_too(sample):
    for klasifikasi in sample.klasifikasi:
        assert money.round_rupiah(klasifikasi.jumlah) == klasifikasi.file_jumlah
        for sub in klasifikasi.subs:
            assert money.round_rupiah(sub.jumlah) == sub.file_jumlah


def test_it_adjusts_few_harga_by_single_cents_deterministically(sample, sample_bytes):
    adjusted = [(a.row, a.before, a.after) for a in sample.adjustments]
    assert adjusted == [
        (28, Decimal("92166.26"), Decimal("92166.25")),
        (45, Decimal("1783.11"), Decimal("1783.10")),
        (46, Decimal("72242.51"), Decimal("72242.50")),
    ]
    again = parse_rab_file(sample_bytes)
    assert [p.harga_satuan for p in again.pekerjaan()] == [
        p.harga_satuan for p in sample.pekerjaan()
    ]


def test_harga_satuan_is_derived_from_the_jumlah_not_the_rounded_display(sample):
    first = next(sample.pekerjaan())
    assert first.file_harga_satuan == Decimal("301304")
    assert first.harga_satuan == Decimal("301304.38")
    assert first.volume == Decimal("100.000")
    assert first.kode == "3.6.1.1"


def test_a_quoted_row_keeps_the_indentation_inside_the_quotes(sample):
    k3_1 = sample.klasifikasi[2].subs[0]
    uraian = [p.uraian for p in k3_1.pekerjaan]
    assert 'Pemasangan 1 buah butterfly valve, Dia. 10" (250 mm)' in uraian
    assert len(k3_1.pekerjaan) == 9


def test_a_bom_anywhere_is_ignored(sample_bytes):
    text = sample_bytes.decode("utf-8").replace("K1.2;", "K1.\ufeff2;")
    parsed = parse_rab_file(text.encode("utf-8"))
    assert parsed.is_valid, messages(parsed)
    assert parsed.klasifikasi[0].subs[1].name == "K1.2"


def test_the_rekap_layout_in_xlsx_reads_leading_spaces(sample_bytes):
    text = sample_bytes.decode("utf-8").replace("\ufeff", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    parsed = parse_rab_file(xlsx(rows))
    assert parsed.is_valid, messages(parsed)
    assert parsed.file_format == "xlsx"
    assert (parsed.klasifikasi_count, parsed.sub_klasifikasi_count, parsed.pekerjaan_count) == (
        3,
        5,
        29,
    )
    assert parsed.total_biaya_langsung == Decimal("8012739981")


def test_the_rekap_layout_in_xlsx_reads_cell_indentation():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(["Pekerjaan Persiapan", None, None, None, None, 1_500_000])
    sheet.append(["Umum", None, None, None, None, 1_500_000])
    sheet["A3"].alignment = Alignment(indent=1)
    sheet.append(["Papan nama", "1.1.2.1", "buah", 1, 1_500_000, 1_500_000])
    sheet["A4"].alignment = Alignment(indent=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_rab_file(buffer.getvalue())
    assert parsed.is_valid, messages(parsed)
    assert parsed.klasifikasi[0].subs[0].pekerjaan[0].uraian == "Papan nama"


# --- rekap rows: jumlah, harga, errors -----------------------------------------------------


def test_a_row_without_jumlah_uses_the_given_harga_satuan():
    parsed = parse_rab_file(rekap("A;;;;;", "  B;;;;;", "    Galian;1.2;m3;2,5;10.000,25;"))
    assert parsed.is_valid, messages(parsed)
    row = next(parsed.pekerjaan())
    assert (row.volume, row.harga_satuan, row.satuan) == (
        Decimal("2.500"),
        Decimal("10000.25"),
        "m3",
    )


def test_pekerjaan_directly_under_a_klasifikasi_get_a_sub_named_after_it():
    parsed = parse_rab_file(rekap("Persiapan;;;;;", "    Galian;;m3;2;10;"))
    assert parsed.is_valid, messages(parsed)
    assert parsed.klasifikasi[0].subs[0].name == "Persiapan"
    assert any("no sub-klasifikasi" in w for w in parsed.warnings)


def test_volume_zero_with_a_jumlah_is_a_row_error():
    parsed = parse_rab_file(rekap("A;;;;;", "  B;;;;;", "    Galian;;m3;0,000;10;500"))
    assert not parsed.is_valid
    (issue,) = parsed.errors
    assert (issue.row, issue.column) == (7, "Volume")
    assert "is 0" in issue.message


def test_an_unreachable_total_is_imported_with_the_difference_as_a_warning():
    # Volume 1000: one cent of harga moves the row by Rp 10, so the row cannot absorb Rp 3.
    parsed = parse_rab_file(
        rekap(
            "A;;;;;",
            "  B;;;;;",
            "    Beton;;m3;1.000,000;2.000;2.000.000",
            summary="TOTAL BIAYA LANGSUNG;2.000.003",
        )
    )
    assert parsed.is_valid, messages(parsed)
    assert parsed.totals_match is False
    assert parsed.total_difference == Decimal("-3")
    assert any("TOTAL BIAYA LANGSUNG" in w and "-Rp 3" in w for w in parsed.warnings)


def test_reconcile_moves_the_row_with_the_finest_steps_the_least_it_must():
    # Rp 15.579.778,20 (volume 60, one cent = Rp 0,60) + Rp 100,40 (volume 1, one cent = Rp 0,01)
    # = 15.579.878,60, which shows …879; the file's total says …878.
    lines = [Line(60_000, 25_966_297, target=15_579_778), Line(1_000, 10_040, target=100)]
    outcome = reconcile(lines, [Group("TOTAL", [0, 1], 15_579_878)])
    assert outcome.unsettled_groups == []
    assert outcome.harga_cents == [25_966_297, 9_980]  # 100,40 → 99,80: the sum is …878,00


def test_reconcile_reports_what_it_cannot_reach():
    lines = [Line(1_000_000, 200_000, target=2_000_000)]  # one cent moves Rp 10
    outcome = reconcile(lines, [Group("TOTAL", [0], 2_000_003)])
    assert outcome.harga_cents == [200_000]
    assert [(g.label, diff) for g, diff in outcome.unsettled_groups] == [("TOTAL", -3)]


# --- template ------------------------------------------------------------------------------


def test_the_csv_template_round_trips(project):
    text = build_template_csv().decode("utf-8")
    assert text.startswith("\ufeffklasifikasi;sub_klasifikasi;kode;uraian;satuan;volume;")
    text += (
        "Pekerjaan Atap;Rangka;2.1.1;Pemasangan 1 m2 rangka atap baja ringan;m2;120,5;185.000\r\n"
    )
    parsed = parse_rab_file(text.encode("utf-8"))
    assert parsed.is_valid, messages(parsed)
    assert parsed.layout == "tabular"
    assert (parsed.klasifikasi_count, parsed.sub_klasifikasi_count, parsed.pekerjaan_count) == (
        3,
        3,
        5,
    )
    rab_import_apply(project=project, parsed=parsed, replace=True)
    atap = Pekerjaan.objects.get(project=project, kode_pekerjaan="2.1.1")
    assert (atap.volume, atap.harga_satuan, atap.satuan) == (
        Decimal("120.500"),
        Decimal("185000.00"),
        "m2",
    )
    assert atap.sub_klasifikasi.klasifikasi.name == "Pekerjaan Atap"
    papan = Pekerjaan.objects.get(project=project, kode_pekerjaan="1.1.2.1")
    assert (papan.volume, papan.harga_satuan) == (Decimal("1.000"), Decimal("1180300.00"))


def test_the_xlsx_template_round_trips(project):
    workbook = load_workbook(io.BytesIO(build_template_xlsx()))
    sheet = workbook["RAB"]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(
        ["Pekerjaan Tanah", "Galian", "1.2.1.1.1", "Galian tanah biasa", "m3", 45.5, 101574.25]
    )
    sheet.append([None, None, "1.3.1.4", "Urukan tanah", "m3", 30, "13.365"])
    sheet.append(
        ["Pekerjaan Struktur", None, "2.2.1.4.5", "Beton f'c 20 MPa", "m3", 12.75, 2298298.97]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse_rab_file(buffer.getvalue())
    assert parsed.is_valid, messages(parsed)
    assert (parsed.klasifikasi_count, parsed.sub_klasifikasi_count, parsed.pekerjaan_count) == (
        2,
        2,
        3,
    )
    summary = rab_import_apply(project=project, parsed=parsed, replace=True)
    assert summary.pekerjaan_created == 3
    urukan = Pekerjaan.objects.get(project=project, kode_pekerjaan="1.3.1.4")
    assert urukan.sub_klasifikasi.name == "Galian"  # filled down from the row above
    assert urukan.harga_satuan == Decimal("13365.00")
    beton = Pekerjaan.objects.get(project=project, kode_pekerjaan="2.2.1.4.5")
    assert beton.sub_klasifikasi.name == "Pekerjaan Struktur"  # no sub given: named after it
    assert (beton.volume, beton.harga_satuan) == (Decimal("12.750"), Decimal("2298298.97"))


def test_a_comma_separated_template_reads_plain_numbers():
    parsed = parse_rab_file(
        tabular_csv([["A", "B", "", "Galian", "m3", "1,234.5", "1500.25"]], delimiter=",")
    )
    assert parsed.is_valid, messages(parsed)
    row = next(parsed.pekerjaan())
    assert (row.volume, row.harga_satuan) == (Decimal("1234.500"), Decimal("1500.25"))


def test_a_tabular_file_may_give_jumlah_harga_instead_of_harga():
    body = b"klasifikasi;uraian;volume;jumlah_harga\nA;Galian;3;1.000\n"
    parsed = parse_rab_file(body)
    assert parsed.is_valid, messages(parsed)
    row = next(parsed.pekerjaan())
    assert row.harga_satuan == Decimal("333.33")
    assert money.round_rupiah(row.jumlah) == Decimal("1000")


# --- bad files: a clear report, nothing written ---------------------------------------------


def assert_refused(parsed: ParsedRab, project: Project, *fragments: str) -> None:
    assert not parsed.is_valid
    text = messages(parsed)
    for fragment in fragments:
        assert fragment in text, text
    before = tree_counts(project)
    with pytest.raises(ServiceError):
        rab_import_apply(project=project, parsed=parsed, replace=True)
    assert tree_counts(project) == before


@pytest.fixture
def project_with_rab(project):
    rab_import_apply(project=project, parsed=parse_rab_file(SAMPLE_RAB.read_bytes()), replace=True)
    return project


def test_it_refuses_wrong_columns_and_says_which_are_expected(project_with_rab):
    parsed = parse_rab_file(b"nama;qty;price\nGalian;2;100\n")
    assert_refused(parsed, project_with_rab, "No header row found", "klasifikasi, sub_klasifikasi")


def test_it_refuses_missing_columns_by_name(project_with_rab):
    parsed = parse_rab_file(b"klasifikasi;uraian;satuan\nA;Galian;m3\n")
    assert_refused(parsed, project_with_rab, "Missing columns: volume, harga_satuan")


def test_it_reports_text_in_number_cells_with_row_column_and_value(project_with_rab):
    parsed = parse_rab_file(
        tabular_csv(
            [
                ["A", "B", "", "Galian", "m3", "dua", "100"],
                ["A", "B", "", "Urukan", "m3", "2", "seratus"],
                ["A", "B", "", "Beton", "m3", "3", "1.000"],
            ]
        )
    )
    assert [(e.row, e.column, e.value) for e in parsed.errors] == [
        (2, "volume", "dua"),
        (3, "harga_satuan", "seratus"),
    ]
    assert_refused(parsed, project_with_rab, "is not a number")


def test_it_refuses_negative_volume_and_price(project_with_rab):
    parsed = parse_rab_file(
        rekap("A;;;;;", "  B;;;;;", "    Galian;;m3;-2;100;", "    Urukan;;m3;2;-100;")
    )
    assert [(e.row, e.column) for e in parsed.errors] == [(7, "Volume"), (8, "Harga Satuan (Rp)")]
    assert_refused(parsed, project_with_rab, "cannot be negative")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", "\ufeff\n\ufeff\n".encode()])
def test_it_refuses_an_empty_file(project_with_rab, data):
    assert_refused(parse_rab_file(data), project_with_rab, "The file is empty")


def test_it_refuses_a_png_renamed_xlsx(project_with_rab):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    assert_refused(parse_rab_file(png), project_with_rab, "PNG image", "Only .xlsx and .csv")


def test_it_refuses_a_pdf(project_with_rab):
    assert_refused(parse_rab_file(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), project_with_rab, "PDF")


def test_it_refuses_binary_junk(project_with_rab):
    junk = bytes(range(256)) * 40
    assert_refused(parse_rab_file(junk), project_with_rab, "binary")


def test_it_refuses_a_zip_that_is_not_a_workbook(project_with_rab):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert_refused(parse_rab_file(buffer.getvalue()), project_with_rab, "not an Excel workbook")


def test_it_refuses_a_damaged_workbook(project_with_rab):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all <<<")
    assert_refused(parse_rab_file(buffer.getvalue()), project_with_rab, "cannot be read")


def test_it_refuses_a_file_over_the_size_limit_before_parsing(project_with_rab, settings):
    junk = b"x" * (10 * 1024 * 1024)
    parsed = parse_rab_file(junk, max_bytes=settings.RAB_IMPORT_MAX_BYTES)
    assert_refused(parsed, project_with_rab, "10.0 MB", "limit is 5 MB")


def test_it_refuses_a_csv_with_absurdly_many_rows(project_with_rab):
    data = b"klasifikasi;uraian;volume;harga_satuan\n" + b"\n" * 100_001
    assert_refused(parse_rab_file(data), project_with_rab, "more than 100,000 rows")


def test_it_refuses_a_pekerjaan_without_a_klasifikasi_above_it(project_with_rab):
    parsed = parse_rab_file(rekap("    Galian;;m3;2;100;"))
    assert_refused(parsed, project_with_rab, "without a klasifikasi above it")
    parsed = parse_rab_file(tabular_csv([["", "", "", "Galian", "m3", "2", "100"]]))
    assert_refused(parsed, project_with_rab, "every pekerjaan needs a klasifikasi")


def test_it_refuses_a_spreadsheet_with_zero_pekerjaan(project_with_rab):
    assert_refused(parse_rab_file(rekap("A;;;;;", "  B;;;;;")), project_with_rab, "no pekerjaan")
    assert_refused(parse_rab_file(tabular_csv([])), project_with_rab, "no pekerjaan")


def test_it_refuses_a_seed_file_whose_indentation_was_lost(project_with_rab):
    parsed = parse_rab_file(rekap("A;;;;;", "B;;;;;", "Galian;;m3;2;100;200"))
    assert_refused(parsed, project_with_rab, "not indented as a pekerjaan")


def test_it_collects_every_error_not_just_the_first(project_with_rab):
    parsed = parse_rab_file(
        rekap(
            "  Sub tanpa induk;;;;;",
            "A;;;;;",
            "  B;;;;;",
            "    Galian;;m3;x;100;",
            "    Urukan;;m3;2;-1;",
            "    Beton;;m3;0;10;20",
        )
    )
    assert [e.row for e in parsed.errors] == [5, 8, 9, 10]
    assert_refused(parsed, project_with_rab)


def test_it_refuses_too_long_kode_and_satuan(project_with_rab):
    parsed = parse_rab_file(tabular_csv([["A", "B", "K" * 65, "Galian", "s" * 33, "1", "1"]]))
    assert [e.column for e in parsed.errors] == ["kode", "satuan"]
    assert_refused(parsed, project_with_rab, "longer than 64", "longer than 32")


# --- the write service ---------------------------------------------------------------------


def test_import_writes_the_tree_in_file_order_with_the_files_totals(project, sample):
    summary = rab_import_apply(project=project, parsed=sample, replace=True, use_file_ppn=True)
    assert (summary.klasifikasi_created, summary.sub_klasifikasi_created) == (3, 5)
    assert summary.pekerjaan_created == 29
    assert summary.totals_match is True and summary.harga_adjusted == 3
    project.refresh_from_db()
    assert project.ppn_percent == Decimal("10.00")
    totals = saved_totals(project)
    assert totals.total_biaya_langsung == Decimal("8012739981")
    assert totals.ppn == Decimal("801273998")
    assert totals.grand_total == Decimal("8814013979")
    assert totals.pembulatan == Decimal("8814010000")
    ordered = Pekerjaan.objects.filter(project=project).order_by(
        "sub_klasifikasi__klasifikasi__ordering_index",
        "sub_klasifikasi__ordering_index",
        "ordering_index",
    )
    assert [p.uraian for p in ordered] == [p.uraian for p in sample.pekerjaan()]
    for saved, parsed in zip(ordered, sample.pekerjaan(), strict=True):
        assert money.round_rupiah(money.jumlah_harga(saved.volume, saved.harga_satuan)) == (
            parsed.file_jumlah
        )


def test_import_keeps_the_projects_ppn_unless_asked(project, sample):
    summary = rab_import_apply(project=project, parsed=sample, replace=True)
    project.refresh_from_db()
    assert project.ppn_percent == Decimal("11.00") and not summary.ppn_changed
    assert saved_totals(project, ppn=Decimal("10")).grand_total == Decimal("8814013979")


def test_replace_deletes_the_old_rab_and_its_schedule_entries(project, sample):
    rab_import_apply(project=project, parsed=sample, replace=True)
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="Minggu 1")
    first = Pekerjaan.objects.filter(project=project).first()
    PekerjaanTahapan.objects.create(pekerjaan=first, tahapan=tahapan, proporsi_volume=50)
    version = Project.objects.get(pk=project.pk).jadwal_version

    summary = rab_import_apply(project=project, parsed=sample, replace=True)
    assert (summary.pekerjaan_deleted, summary.assignments_deleted) == (29, 1)
    assert summary.klasifikasi_deleted == 3
    assert tree_counts(project) == (3, 5, 29)
    assert not PekerjaanTahapan.objects.filter(tahapan=tahapan).exists()
    assert TahapPelaksanaan.objects.filter(pk=tahapan.pk).exists()
    assert Project.objects.get(pk=project.pk).jadwal_version == version + 1


def test_append_adds_the_file_after_the_current_rab(project, sample):
    rab_import_apply(project=project, parsed=sample, replace=True)
    summary = rab_import_apply(project=project, parsed=sample, replace=False)
    assert summary.pekerjaan_deleted == 0
    assert tree_counts(project) == (6, 10, 58)
    indexes = list(
        Klasifikasi.objects.filter(project=project)
        .order_by("ordering_index")
        .values_list("ordering_index", flat=True)
    )
    assert indexes == [0, 1, 2, 3, 4, 5]
    assert saved_totals(project).total_biaya_langsung == Decimal("8012739981") * 2


def test_replace_leaves_other_projects_alone(project, outsider, sample):
    other = Project.objects.create(
        owner=outsider,
        nama="Lain",
        tanggal_mulai=dt.date(2026, 1, 1),
        tanggal_selesai=dt.date(2026, 6, 30),
    )
    rab_import_apply(project=other, parsed=sample, replace=True)
    rab_import_apply(project=project, parsed=sample, replace=True)
    rab_import_apply(project=project, parsed=sample, replace=True)
    assert tree_counts(other) == (3, 5, 29)


def big_tabular(rows: int) -> ParsedRab:
    data = tabular_csv(
        [
            [f"K{i % 7}", f"S{i % 3}", f"1.{i}", f"Pekerjaan {i}", "m2", "2,5", "1.000"]
            for i in range(rows)
        ]
    )
    parsed = parse_rab_file(data)
    assert parsed.is_valid, messages(parsed)
    return parsed


def test_the_import_runs_the_same_number_of_queries_for_any_size(project):
    """One statement per level and per delete, whether it replaces 10 rows or 600. SQLite alone
    splits an INSERT every 999 parameters (about 99 pekerjaan); PostgreSQL sends one."""
    counts = []
    for size in (600, 10, 600):
        parsed = big_tabular(size)
        with CaptureQueriesContext(connection) as queries:
            rab_import_apply(project=project, parsed=parsed, replace=True)
        assert Pekerjaan.objects.filter(project=project).count() == size
        statements = [q["sql"] for q in queries.captured_queries]
        counts.append((len(statements), len([q for q in statements if not q.startswith("INSERT")])))
    # The second import deletes 600 pekerjaan and writes 10; the third deletes 10, writes 600.
    assert counts[1][1] == counts[2][1]
    if connection.vendor == "postgresql":
        assert counts[1][0] == counts[2][0]


def test_preview_counts_what_a_replace_would_delete(project, sample):
    rab_import_apply(project=project, parsed=sample, replace=True)
    preview = rab_import_preview(project=project, parsed=sample, replace=True)
    assert (preview.existing_klasifikasi, preview.existing_pekerjaan) == (3, 29)
    assert preview.totals_of_file.grand_total == Decimal("8814013979")
    assert preview.ppn_differs  # the project has 11 %, the file 10 %
    appended = rab_import_preview(project=project, parsed=sample, replace=False)
    assert appended.totals_after.total_biaya_langsung == Decimal("8012739981") * 2


def test_a_new_project_is_created_from_the_files_header(owner, sample):
    project, summary = rab_import_create_project(
        owner=owner,
        parsed=sample,
        tanggal_mulai=dt.date(2026, 1, 5),
        tanggal_selesai=dt.date(2026, 7, 4),
    )
    assert project.nama == "Project  test 4"
    assert project.nama_client == "Client 8 (instansi client 8)"
    assert project.sumber_dana == "Pemilik 8"
    assert project.anggaran_owner == Decimal("1000000008.00")
    assert project.ppn_percent == Decimal("10.00")
    assert summary.pekerjaan_created == 29
    assert saved_totals(project).pembulatan == Decimal("8814010000")


# --- AHSP library and the sample schedule -------------------------------------------------


@pytest.mark.parametrize(
    ("uraian", "satuan"),
    [
        ("Pemasangan 1 m2 Dinding Bata Merah", "m2"),
        ("1m3 Urukan Batu Kerikil", "m3"),
        ("Per-m' penetrasi Tiang Beton", "m'"),
        ("Pemancangan per m' Tiang Pancang Kayu", "m'"),
        ("Pemasangan 1 Buah Kunci Tanam", "buah"),
        ("Menggenangi 1 m² permukaan beton selama 4 hari", "m2"),
        ("Pemupukan (1 kali) untuk 1 m2 Semak", "m2"),
        ("Patok Tetap Bantu (PTB)", "ls"),
        ("Pemasangan 1 Titik Kabel NYM 3 x 2,5 mm2", "titik"),
    ],
)
def test_the_satuan_of_an_analysis_is_read_from_its_name(uraian, satuan):
    assert satuan_from_uraian(uraian) == satuan


def test_mojibake_is_repaired_only_when_it_is_mojibake():
    assert repair_mojibake('Pompa beton Ã¸1,5"') == 'Pompa beton ø1,5"'
    assert repair_mojibake("Kabel NYY 1 x 25 mmÂ²") == "Kabel NYY 1 x 25 mm²"
    assert repair_mojibake("diameter â‰¥ 12 mm") == "diameter ≥ 12 mm"
    assert repair_mojibake("Rp 5.000 – café") == "Rp 5.000 – café"


def test_the_sample_schedule_joins_three_pages_into_47_weeks():
    sample = parse_jadwal_sample(SAMPLE_JADWAL)
    assert sample.weeks == 47
    assert len(sample.rows) == 29
    assert all(len(row.percents) == 47 for row in sample.rows)
    first = sample.rows[0]
    assert first.uraian.startswith("Pemasangan 1 m2 Dinding Bata Merah")
    assert first.volume == Decimal("100.000")
    assert first.percents[:2] == [Decimal("50.00"), Decimal("50.00")]
    assert sum(first.percents) == 100
    waterproofing = next(
        r for r in sample.rows if r.uraian == "Pelapisan 1 m2 Waterproofing Acrylic Base"
    )
    assert set(waterproofing.percents) == {Decimal("1.00")}
    assert sum(waterproofing.percents) == 47
    assert sample.week_labels[18].startswith("Week 19")


def test_the_sample_schedule_rows_follow_the_rab_rows(sample):
    schedule = parse_jadwal_sample(SAMPLE_JADWAL.read_bytes())
    assert [r.uraian for r in schedule.rows] == [p.uraian for p in sample.pekerjaan()]
    assert [r.volume for r in schedule.rows] == [p.volume for p in sample.pekerjaan()]


# --- whatever arrives, the parser answers with a report, never an exception -----------------

_CELLS = st.one_of(
    st.sampled_from(["", "A", "  B", "    Galian", "1.234,5", "-3", "x", "Rp 1.000", "TOTAL"]),
    st.text(max_size=12),
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2_000))
def test_random_bytes_never_crash_the_parser(data):
    parsed = parse_rab_file(data)
    assert parsed.is_valid or parsed.errors


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELLS, max_size=7), max_size=12), st.sampled_from(["rekap", "tabular"]))
def test_random_tables_never_crash_the_parser(rows, layout):
    header = HEADER if layout == "rekap" else ";".join(TEMPLATE_COLUMNS)
    text = header + "\n" + "\n".join(";".join(c.replace("\n", " ") for c in r) for r in rows)
    parsed = parse_rab_file(text.encode("utf-8"))
    assert parsed.is_valid or parsed.errors
    if parsed.is_valid:
        for pekerjaan in parsed.pekerjaan():
            assert pekerjaan.volume >= 0 and pekerjaan.harga_satuan >= 0
