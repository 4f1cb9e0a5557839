"""Reading the SNI 2025 AHSP library and loading it into the catalogue: the shipped file's
figures, the koefisien repair rule, files a user might supply (missing columns, text and
negative koefisien), idempotency, and the `import_ahsp` command with its report."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from ahsp.models import AhspAnalisis, AhspBaris
from ahsp.services import catalogue_import
from ahsp.source import (
    DEFAULT_PATH,
    AhspFileError,
    ParsedCatalogue,
    judge_suspect,
    parse_ahsp_workbook,
    read_ahsp_analyses,
)
from detail_project.models import Pekerjaan
from detail_project.tests.factories import make_rab

HEADER = (
    "id",
    "kode_ahsp",
    "nama_ahsp",
    "kode_item_lookup",
    "kategori",
    "item",
    "satuan",
    "koefisien",
    "source_file",
    "sumber_ahsp",
)
LINES_IN_THE_LIBRARY = 13_899
ANALYSES_IN_THE_LIBRARY = 2_305


def workbook(rows: list[tuple[Any, ...]], header: tuple[str, ...] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def line(kode, nama, kode_item, kategori, item, satuan, koefisien) -> tuple[Any, ...]:
    return (None, kode, nama, kode_item, kategori, item, satuan, koefisien, "test.xlsx", "Uji")


BETON = "Pembuatan 1 m3 beton mutu rendah"
PLESTER = "Pemasangan 1 m2 plesteran 1PC : 4PP"
SMALL = [
    line("1.1", BETON, "TK.0008", "Tenaga Kerja", "Pekerja", "OH", "1.2"),
    line("1.1", BETON, "B.1871", "Bahan", "Semen Portland", "kg", "326.0"),
    line("1.1", BETON, "PR.0001", "Peralatan", "Molen", "jam", "0.25"),
    line("1.2", PLESTER, "TK.0008", "Tenaga Kerja", "Pekerja", "OH", "0.3"),
    line("1.2", PLESTER, "B.1871", "Bahan", "Semen Portland", "kg", "6.24"),
]


def by_kode(parsed: ParsedCatalogue, kode: str):
    return next(analysis for analysis in parsed.analyses if analysis.kode == kode)


def line_of(parsed: ParsedCatalogue, kode: str, row: int):
    return next(line for line in by_kode(parsed, kode).lines if line.row == row)


@pytest.fixture(scope="module")
def shipped() -> ParsedCatalogue:
    return parse_ahsp_workbook()


# --- the shipped library ------------------------------------------------------------------


def test_the_shipped_copy_lives_in_the_catalogue_app():
    assert DEFAULT_PATH.parts[-3:] == ("ahsp", "data", "SNI_2025_AHSP.xlsx")
    assert DEFAULT_PATH.is_file()


def test_every_line_of_the_library_is_loaded_or_refused(shipped):
    assert len(shipped.analyses) == ANALYSES_IN_THE_LIBRARY
    assert len({analysis.kode for analysis in shipped.analyses}) == ANALYSES_IN_THE_LIBRARY
    assert shipped.line_count + len(shipped.refusals) == LINES_IN_THE_LIBRARY
    assert (shipped.line_count, len(shipped.repairs), len(shipped.refusals)) == (13_476, 614, 423)
    assert shipped.incomplete_count == 106
    loaded_rows = {line.row for analysis in shipped.analyses for line in analysis.lines}
    refused_rows = {refusal.row for refusal in shipped.refusals}
    assert not loaded_rows & refused_rows
    assert loaded_rows | refused_rows == set(range(2, LINES_IN_THE_LIBRARY + 2))


def test_the_37_lines_that_refer_to_other_analyses_are_refused_and_reported(shipped):
    references = [r for r in shipped.refusals if "refers to another analysis" in r.reason]
    assert len(references) == 37
    assert all(r.kode_item == "" for r in references)
    jalan = by_kode(shipped, "1.1.2.6")  # "Jalan sementara (Jalan Tanah)": four such lines
    assert jalan.lengkap is False
    assert jalan.lines == ()
    assert [r.row for r in references if r.kode == "1.1.2.6"] == [128, 129, 130, 131]
    assert "Row 128 (Pembersihan & Pengupasan" in jalan.catatan
    assert jalan.catatan.count("refers to another analysis") == 4


def test_an_integer_that_lost_its_decimal_point_is_repaired_from_its_family(shipped):
    # 1.1.1.1 has the float 26.406 for Semen Portland; 1.1.1.2 and 1.1.1.3 have the int 26406.
    original = line_of(shipped, "1.1.1.1", 10)
    assert (original.kode_item, original.koefisien, original.koefisien_asli) == (
        "B.1871",
        Decimal("26.406"),
        "",
    )
    for kode, row in (("1.1.1.2", 23), ("1.1.1.3", 35)):
        repaired = line_of(shipped, kode, row)
        assert (repaired.koefisien, repaired.koefisien_asli) == (Decimal("26.406"), "26406")
        repair = next(r for r in shipped.repairs if r.row == row)
        assert (repair.kode, repair.kode_item, repair.raw, repair.repaired) == (
            kode,
            "B.1871",
            "26406",
            Decimal("26.406"),
        )
        assert "1.1.1.1" in repair.reason


def test_repairs_by_the_items_range_and_by_its_typical_magnitude(shipped):
    # Semen Portland in kg reads 0.5 … 468 elsewhere: 1.704, not 1704 kg per m' of plint.
    plint = line_of(shipped, "3.9.1.5", next(r.row for r in shipped.repairs if r.kode == "3.9.1.5"))
    assert (plint.kode_item, plint.koefisien, plint.koefisien_asli) == (
        "B.1869",
        Decimal("1.704"),
        "1704",
    )
    # Pekerja (OH) is typically 0.14: 44444 OH is absurd, 44.444 is not.
    pekerja = next(r for r in shipped.repairs if r.kode == "2.2.2.3.15" and r.raw == "44444")
    assert pekerja.repaired == Decimal("44.444")
    assert "typically 0.14" in pekerja.reason


def test_every_repair_is_an_integer_of_1000_or_more_divided_by_1000(shipped):
    for repair in shipped.repairs:
        assert repair.raw.isdigit() and int(repair.raw) >= 1000, repair
        assert repair.repaired == Decimal(repair.raw) / 1000, repair
    loaded = {
        (analysis.kode, line.row): line for analysis in shipped.analyses for line in analysis.lines
    }
    assert all(loaded[(r.kode, r.row)].koefisien_asli == r.raw for r in shipped.repairs)
    assert sum(1 for line in loaded.values() if line.koefisien_asli) == len(shipped.repairs)


def test_the_725_suspect_integers_are_each_repaired_or_refused(shipped):
    suspect_refused = [r for r in shipped.refusals if r.raw.isdigit() and int(r.raw) >= 1000]
    assert len(shipped.repairs) + len(suspect_refused) == 725
    ambiguous = [r for r in suspect_refused if "decimal point lost" in r.reason]
    assert len(ambiguous) == 81
    # Kerikil reads 1009 … 1440 kg elsewhere: neither 83349 nor 83.349 fits; refused.
    kerikil = next(r for r in ambiguous if r.kode == "1.1.1.1")
    assert (kerikil.row, kerikil.kode_item, kerikil.raw) == (12, "B.0846", "83349")
    assert by_kode(shipped, "1.1.1.1").lengkap is False


def test_an_analysis_the_source_runs_on_from_keeps_only_its_own_lines(shipped):
    # 2.2.1.1.4 (reinforcement ≥ 12 mm) is followed by four wiremesh analyses under its kode.
    penulangan = by_kode(shipped, "2.2.1.1.4")
    assert [line.row for line in penulangan.lines] == list(range(643, 651))
    assert {line.kode_item for line in penulangan.lines} >= {"B.0104", "PR.0040"}
    assert not {line.kode_item for line in penulangan.lines} & {"B.2174", "B.2177"}
    assert penulangan.lengkap is False
    assert (
        "Rows 651 to 674 are not in the catalogue: item TK.0008 is listed a second time at row "
        "651" in penulangan.catatan
    )
    run_on = [r for r in shipped.refusals if r.kode == "2.2.1.1.4"]
    assert [r.row for r in run_on] == list(range(651, 675))
    assert "listed a second time" in run_on[0].reason
    assert "it follows row 651" in run_on[-1].reason
    starts = [r for r in shipped.refusals if "is listed a second time:" in r.reason]
    assert len(starts) == 26
    assert len([r for r in shipped.refusals if r.reason.startswith("it follows row")]) == 279


def test_text_koefisien_are_read_as_written_even_above_1000(shipped):
    lines = by_kode(shipped, "2.2.1.4.1").lines
    kerikil = next(line for line in lines if line.kode_item == "B.0846")
    assert (kerikil.koefisien, kerikil.koefisien_asli) == (Decimal("1009.0"), "")


def test_mojibake_is_repaired_in_names_items_and_units(shipped):
    auger = {line.uraian for line in by_kode(shipped, "2.2.2.3.13").lines}
    assert "Bor: Auger ∅ 50 cm" in auger
    assert {line.satuan for line in by_kode(shipped, "2.7.1").lines} >= {"m²"}
    texts = [a.nama for a in shipped.analyses]
    texts += [line.uraian + line.satuan for a in shipped.analyses for line in a.lines]
    assert not [text for text in texts if "Ã" in text or "Â" in text or "âˆ" in text]


def test_an_analysis_is_priced_in_the_unit_of_its_name(shipped):
    analysis = by_kode(shipped, "1.1.1.1")
    assert analysis.nama.startswith("Pembuatan 1 m3 pagar sementara")
    assert (analysis.satuan, analysis.sumber) == ("m3", "AHSP 2025")


def test_the_demo_list_of_analyses_matches_the_catalogue(shipped):
    listed = [(a.kode, a.nama, a.satuan) for a in read_ahsp_analyses()]
    assert listed == [(a.kode, a.nama, a.satuan) for a in shipped.analyses]


# --- the repair rule ----------------------------------------------------------------------


def decimals(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_the_rule_repairs_on_an_exact_match_in_the_family():
    family = {Decimal("26.406"): "1.1.1.1"}
    verdict = judge_suspect(26406, decimals("26.406", "40", "326"), family, item="B.1871")
    assert verdict.decision == "repair"
    assert "1.1.1.1" in verdict.reason


def test_the_rule_repairs_within_the_range_of_the_item():
    assert judge_suspect(1704, decimals("0.5", "18", "468")).decision == "repair"


def test_the_rule_repairs_when_the_typical_value_is_100_times_smaller():
    assert judge_suspect(1574, decimals("0.1", "0.14", "0.2")).decision == "repair"
    # Typical 20: 1574 is only 79 times that — not clear enough.
    assert judge_suspect(1574, decimals("19", "20", "21")).decision == "refuse"


def test_the_rule_keeps_a_value_the_item_really_has():
    assert judge_suspect(1009, decimals("1009.0", "1440.0")).decision == "keep"


def test_the_rule_refuses_without_evidence_or_when_it_contradicts():
    assert judge_suspect(11667, []).decision == "refuse"
    # Kerikil: 83.349 is far below 1009 … 1440, 83349 far above.
    assert judge_suspect(83349, decimals("1009", "1440")).decision == "refuse"
    # Both readings lie within what the item has: no way to tell.
    assert judge_suspect(1600, decimals("1", "1500", "1700")).decision == "refuse"
    # N / 1000 would itself be absurd (over 1000 × the typical value).
    assert judge_suspect(5_000_000, decimals("0.1", "0.2")).decision == "refuse"


# --- files a user supplies ----------------------------------------------------------------


def test_a_file_missing_columns_is_refused_whole_with_their_names():
    header = tuple(name for name in HEADER if name not in {"kategori", "koefisien"})
    rows = [tuple(v for n, v in zip(HEADER, row, strict=True) if n in header) for row in SMALL]
    with pytest.raises(AhspFileError) as error:
        parse_ahsp_workbook(workbook(rows, header=header))
    assert "kategori, koefisien" in error.value.message
    assert "missing the columns" in error.value.message


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(AhspFileError, match="not an Excel workbook"):
        parse_ahsp_workbook(b"kode_ahsp;nama_ahsp\n1.1;Beton\n")


def test_a_small_file_is_read_in_its_parts():
    parsed = parse_ahsp_workbook(workbook(SMALL))
    assert [a.kode for a in parsed.analyses] == ["1.1", "1.2"]
    beton = parsed.analyses[0]
    assert (beton.nama, beton.satuan, beton.sumber, beton.lengkap) == (BETON, "m3", "Uji", True)
    assert [(line.kategori, line.kode_item, line.koefisien) for line in beton.lines] == [
        ("tenaga", "TK.0008", Decimal("1.2")),
        ("bahan", "B.1871", Decimal("326.0")),
        ("alat", "PR.0001", Decimal("0.25")),
    ]
    assert parsed.analyses[1].satuan == "m2"
    assert (parsed.repairs, parsed.refusals) == ((), ())


@pytest.mark.parametrize("koefisien", ["satu", "0,5", "1.2.3", "NaN", "1_000", True])
def test_a_text_koefisien_is_refused_with_a_clear_message(koefisien):
    rows = [*SMALL, line("1.2", PLESTER, "B.0001", "Bahan", "Pasir", "m3", koefisien)]
    parsed = parse_ahsp_workbook(workbook(rows))
    (refusal,) = parsed.refusals
    assert (refusal.kode, refusal.row, refusal.kode_item) == ("1.2", 7, "B.0001")
    assert f"the koefisien “{str(koefisien).strip()}” is not a number" in refusal.reason
    plester = parsed.analyses[1]
    assert plester.lengkap is False
    assert "Row 7 (B.0001) is not in the catalogue: the koefisien" in plester.catatan
    assert len(plester.lines) == 2  # the lines that could be read are kept


@pytest.mark.parametrize("koefisien", ["-0.5", -2, -0.25])
def test_a_negative_koefisien_is_refused(koefisien):
    rows = [*SMALL, line("1.1", BETON, "B.0001", "Bahan", "Pasir", "m3", koefisien)]
    (refusal,) = parse_ahsp_workbook(workbook(rows)).refusals
    assert refusal.reason == f"the koefisien {koefisien} is negative"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"koefisien": None}, "the koefisien is empty"),
        ({"koefisien": "0.1234567"}, "more than 6 decimal places"),
        ({"koefisien": "1e13"}, "is too large"),
        ({"kategori": "Upah"}, "unknown kategori “Upah”"),
        ({"kategori": None}, "no kategori"),
        ({"kode_item_lookup": None}, "no item code"),
        ({"item": "x" * 256}, "item is longer than 255 characters"),
        ({"kode_ahsp": None}, "no kode_ahsp"),
    ],
)
def test_a_line_that_cannot_be_read_is_refused_with_why(changes, reason):
    pasir = line("1.1", BETON, "B.0001", "Bahan", "Pasir", "m3", "0.5")
    row = dict(zip(HEADER, pasir, strict=True))
    row.update(changes)
    parsed = parse_ahsp_workbook(workbook([*SMALL, tuple(row.values())]))
    (refusal,) = parsed.refusals
    assert reason in refusal.reason
    assert refusal.row == 7
    assert parsed.line_count == len(SMALL)


def test_decimal_places_beyond_six_that_are_zeros_are_fine():
    rows = [*SMALL, line("1.1", BETON, "B.0001", "Bahan", "Pasir", "m3", "0.50000000")]
    parsed = parse_ahsp_workbook(workbook(rows))
    assert parsed.refusals == ()
    assert parsed.analyses[0].lines[-1].koefisien == Decimal("0.5")


def test_lines_of_one_kode_apart_in_the_file_are_gathered_and_empty_rows_skipped():
    rows = [
        SMALL[0],
        SMALL[3],
        (None,) * len(HEADER),
        line("1.1", BETON, "B.0001", "Bahan", "Pasir", "m3", "0.5"),
    ]
    parsed = parse_ahsp_workbook(workbook(rows))
    assert [(a.kode, [line.row for line in a.lines]) for a in parsed.analyses] == [
        ("1.1", [2, 5]),
        ("1.2", [3]),
    ]


def test_an_item_listed_twice_ends_the_analysis_there():
    rows = [
        *SMALL[:3],
        line("1.1", BETON, "TK.0008", "Tenaga Kerja", "Pekerja", "OH", "0.9"),  # again
        line("1.1", BETON, "B.0001", "Bahan", "Pasir", "m3", "0.5"),
        *SMALL[3:],
    ]
    parsed = parse_ahsp_workbook(workbook(rows))
    beton = by_kode(parsed, "1.1")
    assert [line.row for line in beton.lines] == [2, 3, 4]
    assert [(r.row, r.kode_item) for r in parsed.refusals] == [(5, "TK.0008"), (6, "B.0001")]
    assert beton.lengkap is False
    assert beton.catatan.startswith("Rows 5 to 6 are not in the catalogue: item TK.0008")
    assert by_kode(parsed, "1.2").lengkap is True


def test_a_suspect_integer_in_a_small_file_is_judged_against_the_same_file():
    # Trusted in SMALL: Pekerja 1.2 and 0.3 OH, Semen Portland 326.0 and 6.24 kg.
    rows = [
        *SMALL,
        line("1.3", BETON, "TK.0008", "Tenaga Kerja", "Pekerja", "OH", 1650),  # → 1.65
        line("1.3", BETON, "B.1871", "Bahan", "Semen Portland", "kg", 1000),  # near 326: kept
        line("1.3", BETON, "B.9999", "Bahan", "Barang baru", "buah", 2500),  # nothing to compare
        line("1.3", BETON, "PR.0001", "Peralatan", "Molen", "jam", 2),  # small: as written
        line("1.4", BETON, "B.1871", "Bahan", "Semen Portland", "kg", 3000),  # 3 or 3000?
    ]
    parsed = parse_ahsp_workbook(workbook(rows))
    analysis = by_kode(parsed, "1.3")
    assert [(line.kode_item, line.koefisien, line.koefisien_asli) for line in analysis.lines] == [
        ("TK.0008", Decimal("1.65"), "1650"),
        ("B.1871", Decimal("1000"), ""),
        ("PR.0001", Decimal("2"), ""),
    ]
    assert [(r.kode_item, r.raw) for r in parsed.repairs] == [("TK.0008", "1650")]
    assert [(r.kode_item, r.raw) for r in parsed.refusals] == [
        ("B.9999", "2500"),
        ("B.1871", "3000"),
    ]
    assert "no other line of the file has item B.9999 in buah" in parsed.refusals[0].reason
    assert "(6.24 to 326, typically 166.12) do not tell which" in parsed.refusals[1].reason
    assert analysis.lengkap is False


# --- loading into the catalogue -----------------------------------------------------------


def catalogue_snapshot() -> tuple[list[Any], list[Any]]:
    return (
        list(AhspAnalisis.objects.order_by("pk").values()),
        list(AhspBaris.objects.order_by("pk").values()),
    )


@pytest.mark.django_db
def test_the_library_loads_and_a_second_import_changes_nothing(shipped):
    first = catalogue_import(shipped)
    assert (first.analyses_created, first.analyses_updated, first.analyses_unchanged) == (
        ANALYSES_IN_THE_LIBRARY,
        0,
        0,
    )
    assert (first.lines_created, first.lines_updated, first.lines_deleted) == (13_476, 0, 0)
    assert (first.repaired, first.refused, first.incomplete) == (614, 423, 106)
    assert AhspAnalisis.objects.count() == ANALYSES_IN_THE_LIBRARY
    assert AhspBaris.objects.count() == 13_476
    stored = AhspBaris.objects.get(analisis__kode="1.1.1.2", kode_item="B.1871")
    assert (stored.koefisien, stored.koefisien_asli, stored.diperbaiki) == (
        Decimal("26.406"),
        "26406",
        True,
    )
    before = catalogue_snapshot()

    second = catalogue_import(shipped)

    assert second.changed is False
    assert (second.analyses_created, second.analyses_updated) == (0, 0)
    assert second.analyses_unchanged == ANALYSES_IN_THE_LIBRARY
    assert (second.lines_created, second.lines_updated, second.lines_deleted) == (0, 0, 0)
    assert second.lines_unchanged == 13_476
    assert catalogue_snapshot() == before  # not even updated_at moved


@pytest.mark.django_db
def test_a_changed_file_updates_only_what_changed():
    catalogue_import(parse_ahsp_workbook(workbook(SMALL)))
    pekerja = AhspBaris.objects.get(analisis__kode="1.1", kode_item="TK.0008")
    plester = AhspAnalisis.objects.get(kode="1.2")
    plester_before = (plester.updated_at, list(plester.baris.values()))
    changed = [
        line("1.1", BETON, "TK.0008", "Tenaga Kerja", "Pekerja", "OH", "1.5"),  # koefisien
        SMALL[1],  # the molen (PR.0001) is gone
        SMALL[3],
        SMALL[4],
        line("1.3", "Pemasangan 1 m2 keramik", "B.0001", "Bahan", "Keramik", "buah", "11.5"),
    ]

    result = catalogue_import(parse_ahsp_workbook(workbook(changed)))

    assert (result.analyses_created, result.analyses_updated, result.analyses_unchanged) == (
        1,
        1,
        1,
    )
    assert (result.lines_created, result.lines_updated, result.lines_deleted) == (1, 1, 1)
    assert result.lines_unchanged == 3
    pekerja.refresh_from_db()  # updated in place: same row
    assert pekerja.koefisien == Decimal("1.5")
    beton = AhspAnalisis.objects.get(kode="1.1")
    assert [line.kode_item for line in beton.baris.all()] == ["TK.0008", "B.1871"]
    plester.refresh_from_db()
    assert (plester.updated_at, list(plester.baris.values())) == plester_before
    assert AhspAnalisis.objects.get(kode="1.3").satuan == "m2"


@pytest.mark.django_db
def test_an_analysis_absent_from_the_file_is_left_alone_even_when_a_project_links_it(project):
    kept = AhspAnalisis.objects.create(kode="9.9.9", nama="Analisa proyek lama", satuan="m2")
    pekerjaan = make_rab(project, pekerjaan=1, klasifikasi=1, subs=1)[0]
    Pekerjaan.objects.filter(pk=pekerjaan.pk).update(ahsp=kept)

    result = catalogue_import(parse_ahsp_workbook(workbook(SMALL)))

    assert result.analyses_not_in_file == 1
    assert AhspAnalisis.objects.filter(pk=kept.pk, nama="Analisa proyek lama").exists()
    assert Pekerjaan.objects.get(pk=pekerjaan.pk).ahsp_id == kept.pk


@pytest.mark.django_db
def test_a_line_refused_in_a_later_file_marks_the_analysis_incomplete():
    catalogue_import(parse_ahsp_workbook(workbook(SMALL)))
    rows = [*SMALL[:2], line("1.1", BETON, "PR.0001", "Peralatan", "Molen", "jam", "-1")]
    catalogue_import(parse_ahsp_workbook(workbook([*rows, *SMALL[3:]])))
    beton = AhspAnalisis.objects.get(kode="1.1")
    assert beton.lengkap is False
    assert "Row 4 (PR.0001) is not in the catalogue: the koefisien -1 is negative" in beton.catatan
    assert beton.baris.count() == 2


@pytest.mark.django_db
def test_a_dry_run_counts_everything_and_saves_nothing():
    result = catalogue_import(parse_ahsp_workbook(workbook(SMALL)), dry_run=True)
    assert (result.dry_run, result.analyses_created, result.lines_created) == (True, 2, 5)
    assert not AhspAnalisis.objects.exists()
    assert not AhspBaris.objects.exists()


# --- the command --------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_ahsp", *args, stdout=out)
    return out.getvalue()


def read_report(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.django_db
def test_the_command_loads_the_shipped_library_and_reports_every_repair_and_refusal(tmp_path):
    report = tmp_path / "report.csv"

    out = run("--report", str(report))

    assert "(13,899 lines of 2,305 analyses)" in out
    assert (
        "Analyses loaded: 2,305 (2,305 created, 0 updated, 0 unchanged), 106 of them incomplete"
        in out
    )
    assert "Lines loaded: 13,476 (13,476 created, 0 updated, 0 unchanged, 0 removed)" in out
    assert "Koefisien repaired: 614" in out
    assert "Lines refused: 423" in out
    assert f"Report: {report.resolve()}" in out
    assert AhspAnalisis.objects.count() == ANALYSES_IN_THE_LIBRARY
    assert AhspBaris.objects.count() == 13_476
    rows = read_report(report)
    assert [row["outcome"] for row in rows].count("repaired") == 614
    assert [row["outcome"] for row in rows].count("refused") == 423
    semen = next(row for row in rows if row["kode AHSP"] == "1.1.1.2" and row["row"] == "23")
    assert (semen["item code"], semen["koefisien as in the source"]) == ("B.1871", "26406")
    assert semen["koefisien loaded"] == "26.406"
    kerikil = next(row for row in rows if row["kode AHSP"] == "1.1.1.1" and row["row"] == "12")
    assert (kerikil["outcome"], kerikil["koefisien loaded"]) == ("refused", "")
    assert "do not tell which" in kerikil["reason"]

    again = run("--report", str(report))

    assert "Analyses loaded: 2,305 (0 created, 0 updated, 2,305 unchanged)" in again
    assert "Lines loaded: 13,476 (0 created, 0 updated, 13,476 unchanged, 0 removed)" in again
    assert "nothing changed" in again


@pytest.mark.django_db
def test_the_report_goes_to_the_current_directory_by_default(tmp_path, monkeypatch):
    source = tmp_path / "kecil.xlsx"
    source.write_bytes(
        workbook([*SMALL, line("1.2", PLESTER, "B.0001", "Bahan", "Pasir", "m3", "x")])
    )
    monkeypatch.chdir(tmp_path)

    out = run(str(source))

    assert "Lines refused: 1" in out
    (refused,) = read_report(tmp_path / "ahsp_import_report.csv")
    assert (refused["outcome"], refused["kode AHSP"], refused["row"]) == ("refused", "1.2", "7")
    assert AhspAnalisis.objects.count() == 2


@pytest.mark.django_db
def test_the_command_refuses_a_file_missing_columns_and_writes_nothing(tmp_path):
    source = tmp_path / "tanpa_koefisien.xlsx"
    source.write_bytes(workbook([row[:7] for row in SMALL], header=HEADER[:7]))
    report = tmp_path / "report.csv"

    with pytest.raises(CommandError, match="missing the column koefisien"):
        run(str(source), "--report", str(report))

    assert not report.exists()
    assert not AhspAnalisis.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "tidak_ada.xlsx"), "--report", str(tmp_path / "r.csv"))
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.django_db
def test_the_command_dry_run_saves_nothing_but_writes_the_report(tmp_path):
    source = tmp_path / "kecil.xlsx"
    source.write_bytes(workbook(SMALL))
    report = tmp_path / "report.csv"

    out = run(str(source), "--dry-run", "--report", str(report))

    assert "Analyses loaded: 2 (2 created, 0 updated, 0 unchanged)" in out
    assert "Dry run: nothing was saved." in out
    assert report.exists()
    assert not AhspAnalisis.objects.exists()
