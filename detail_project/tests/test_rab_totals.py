"""Money rules of a RAB (`detail_project.money`) and the totals the RAB tree adds up with them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from detail_project import money
from detail_project.models import Pekerjaan
from detail_project.selectors.rab import letter_label, rab_total_biaya, rab_tree, roman_numeral
from detail_project.services import rab as services
from detail_project.templatetags.rupiah import angka, persen, rupiah

D = Decimal


@pytest.fixture
def indonesian():
    """Numbers as an Indonesian reader sees them (the suite runs in English)."""
    with translation.override("id"):
        yield


# --- row products and sums -------------------------------------------------------------------


def test_a_rows_jumlah_harga_is_the_exact_product():
    assert money.jumlah_harga(D("12.75"), D("1250000.50")) == D("15937506.375")
    assert money.jumlah_harga(D("0.001"), D("0.01")) == D("0.00001")
    assert money.jumlah_harga(D("0"), D("999999")) == 0


def test_the_total_adds_exact_rows_and_rounds_once():
    # Three rows of 0,5: rounded one by one they would make 3; the exact sum 1,5 makes 2.
    assert money.rab_totals([D("0.5")] * 3, ppn_percent=D("0"), pembulatan_step=1) == (
        money.RabTotals(D("2"), D("0"), D("0"), D("2"), D("2"))
    )
    # Three rows of 0,4 would each round to 0; together they are 1,2 → 1.
    totals = money.rab_totals([D("0.4")] * 3, ppn_percent=D("0"), pembulatan_step=1)
    assert totals.total_biaya_langsung == 1


def test_an_empty_rab_totals_zero():
    totals = money.rab_totals([], ppn_percent=D("11"), pembulatan_step=10_000)

    assert totals == money.RabTotals(D("0"), D("11"), D("0"), D("0"), D("0"))


def test_the_total_rounds_half_up_to_the_rupiah():
    assert money.rab_totals([D("1000.5")], ppn_percent=D("0"), pembulatan_step=1).grand_total == (
        1001
    )
    assert money.rab_totals([D("1000.49")], ppn_percent=D("0"), pembulatan_step=1).grand_total == (
        1000
    )


# --- PPN -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "percent", "ppn"),
    [
        ("20885006", "11", "2297351"),  # 2.297.350,66 → up
        ("1000004", "11", "110000"),  # 110.000,44 → down
        ("15", "10", "2"),  # 1,5 → half up
        ("8012739981", "10", "801273998"),  # the sample RAB: 801.273.998,1
        ("20885006", "12.5", "2610626"),  # 2.610.625,75
        ("20885006", "0", "0"),
    ],
)
def test_ppn_is_a_percentage_of_the_rounded_total_rounded_to_the_rupiah(total, percent, ppn):
    totals = money.rab_totals([D(total)], ppn_percent=D(percent), pembulatan_step=1)

    assert totals.ppn == D(ppn)
    assert totals.grand_total == D(total) + D(ppn)


def test_ppn_is_taken_on_the_rounded_total_not_the_exact_one():
    # exact 4,5 → total 5 → PPN 11 % = 0,55 → 1; 11 % of the exact 4,5 would be 0,495 → 0.
    totals = money.rab_totals([D("4.5")], ppn_percent=D("11"), pembulatan_step=1)

    assert (totals.total_biaya_langsung, totals.ppn, totals.grand_total) == (5, 1, 6)


# --- PEMBULATAN ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grand_total", "step", "pembulatan"),
    [
        ("23182357", 10_000, "23180000"),
        ("23182357", 1_000, "23182000"),
        ("23182357", 1, "23182357"),
        ("23189999", 10_000, "23180000"),  # always down, never to the nearest
        ("23180000", 10_000, "23180000"),  # an exact multiple stays
        ("9999", 10_000, "0"),
        ("8814013979", 10_000, "8814010000"),  # the sample RAB
        ("1234567", 0, "1234567"),  # a step below 1 counts as 1
    ],
)
def test_pembulatan_rounds_the_grand_total_down_to_the_step(grand_total, step, pembulatan):
    totals = money.rab_totals([D(grand_total)], ppn_percent=D("0"), pembulatan_step=step)

    assert totals.pembulatan == D(pembulatan)


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D("1234567"), "Rp 1.234.567"),
        (D("0"), "Rp 0"),
        (D("0.4"), "Rp 0"),
        (D("0.5"), "Rp 1"),
        (D("-0.4"), "Rp 0"),
        (D("-1234.5"), "-Rp 1.235"),
        (D("999.49"), "Rp 999"),
        (D("8012739981"), "Rp 8.012.739.981"),
        (D("123456789012345678"), "Rp 123.456.789.012.345.678"),
        (1000, "Rp 1.000"),
    ],
)
def test_format_rupiah_shows_whole_rupiah_with_dots(indonesian, amount, text):
    assert money.format_rupiah(amount) == text
    assert rupiah(amount) == text


def test_the_rupiah_filter_can_leave_out_the_prefix_and_ignores_non_numbers(indonesian):
    assert rupiah(D("1234567"), "") == "1.234.567"
    assert rupiah(None) == ""
    assert rupiah("") == ""
    assert rupiah("not a number") == ""
    assert rupiah("1234.5") == "Rp 1.235"
    assert rupiah(D("NaN")) == ""


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (D("1234.56"), 2, "1.234,56"),
        (D("1234.565"), 2, "1.234,57"),
        (D("-1234.5"), 2, "-1.234,50"),
        (D("0"), 2, "0,00"),
        (D("-0.001"), 2, "0,00"),
        (D("12.75"), 3, "12,750"),
        (D("1234567890.123"), 3, "1.234.567.890,123"),
        (D("1500"), 0, "1.500"),
        (D("14.96288746045450991632747347"), 2, "14,96"),
    ],
)
def test_angka_writes_indonesian_decimals(indonesian, value, places, text):
    assert money.format_decimal_id(value, places) == text
    assert angka(value, places) == text


def test_the_angka_filter_defaults_to_two_places_and_ignores_non_numbers(indonesian):
    assert angka(D("1234.5")) == "1.234,50"
    assert angka(None) == ""
    assert angka("abc") == ""
    assert angka(True) == ""
    assert angka(D("1.5"), "x") == "1,50"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("11.00"), "11"),
        (D("11.50"), "11,5"),
        (D("0"), "0"),
        (D("12.25"), "12,25"),
        (10, "10"),
        (D("1E+1"), "10"),  # what Decimal.normalize() makes of 10.00: never shown as "1E+1"
    ],
)
def test_persen_drops_trailing_zeros(indonesian, value, text):
    assert persen(value) == text


def test_the_filters_write_english_numbers_in_english():
    with translation.override("en"):
        assert rupiah(D("8012739980.93")) == "Rp 8,012,739,981"
        assert rupiah(D("-1234.5")) == "-Rp 1,235"
        assert angka(D("3000"), 3) == "3,000.000"
        assert angka(D("14.96288")) == "14.96"
        assert persen(D("12.50")) == "12.5"
        assert persen(D("1E+1")) == "10"


def test_files_keep_the_indonesian_format_whatever_the_language():
    with translation.override("en"):
        assert money.format_decimal_id(D("1234.5"), 2) == "1.234,50"


def test_numbering_uses_roman_numerals_and_letters():
    assert [roman_numeral(n) for n in (1, 2, 3, 4, 9, 14, 40, 1999)] == [
        "I",
        "II",
        "III",
        "IV",
        "IX",
        "XIV",
        "XL",
        "MCMXCIX",
    ]
    assert [letter_label(n) for n in (1, 2, 26, 27, 52, 53)] == ["A", "B", "Z", "AA", "AZ", "BA"]


# --- the tree adds up with these rules -------------------------------------------------------


def build(project, tree):
    """tree: {klasifikasi: {sub: [(kode, volume, harga_satuan), …]}}"""
    for klasifikasi_name, subs in tree.items():
        klasifikasi = services.klasifikasi_create(project=project, name=klasifikasi_name)
        for sub_name, rows in subs.items():
            sub = services.sub_klasifikasi_create(klasifikasi=klasifikasi, name=sub_name)
            for kode, volume, harga in rows:
                services.pekerjaan_create(
                    sub_klasifikasi=sub,
                    kode_pekerjaan=kode,
                    uraian=f"Pekerjaan {kode}",
                    volume=D(volume),
                    harga_satuan=D(harga),
                )


def test_the_tree_keeps_subtotals_exact_and_rounds_only_the_total(project):
    project.pembulatan_step = 100
    project.save()
    build(
        project,
        {
            "Persiapan": {
                "Umum": [("1", "1.5", "1000.33"), ("2", "2.5", "333.33")],
                #          1.500,495        +     833,325       = 2.333,82
            },
            "Struktur": {
                "Beton": [("3", "0.333", "1000.01")],  # 333,00333
                "Kosong": [],
            },
        },
    )

    tree = rab_tree(project)

    persiapan, struktur = tree.klasifikasi
    umum = persiapan.subs[0]
    assert [row.jumlah_harga for row in umum.pekerjaan] == [D("1500.495"), D("833.325")]
    assert umum.subtotal == persiapan.subtotal == D("2333.82")
    assert struktur.subtotal == D("333.00333")
    assert struktur.subs[1].subtotal == 0
    assert struktur.subs[1].pekerjaan == []
    assert tree.total_exact == D("2666.82333")
    # Row by row it would be 1.500 + 833 + 333 = 2.666; the exact sum rounds once to 2.667.
    # PPN 11 % of 2.667 = 293,37 → 293; GRAND TOTAL 2.960; down to a multiple of 100: 2.900.
    assert tree.totals == money.RabTotals(
        total_biaya_langsung=D("2667"),
        ppn_percent=D("11"),
        ppn=D("293"),
        grand_total=D("2960"),
        pembulatan=D("2900"),
    )
    assert persiapan.bobot + struktur.bobot == 100
    assert rab_total_biaya(project) == D("2667")


def test_many_small_rows_round_once_not_row_by_row(project):
    # 7 rows of 0,5 × 1 = 0,5: row by row 7 × 1 = 7, once 3,5 → 4.
    build(project, {"K": {"S": [(str(n), "0.5", "1") for n in range(7)]}})

    tree = rab_tree(project)

    assert tree.totals.total_biaya_langsung == 4
    assert tree.klasifikasi[0].subs[0].subtotal == D("3.5")


# The 29 rows of the seed system's sample RAB (data/samples/rekap_rab_160.csv). The sample shows
# whole-rupiah jumlah harga computed from unit prices we do not have. Dividing each jumlah by its
# volume and rounding to cents reproduces every row but not the sums (the total would come to
# Rp 8.012.739.983). These two-decimal prices were picked, each inside its row's rounding window,
# so that every row, subtotal and total shows exactly what the sample shows — several sums land
# on ,50 and so also check the half-up rounding. The exact sums are noted beside each sub.
SAMPLE = {
    "K1": {
        "K1.1": [
            ("3.6.1.1", "100", "301304.38", "30130438"),
            ("2.2.1.4.5", "3000", "2298298.97", "6894896910"),
            ("2.2.1.1.3", "9000", "69137.64", "622238760"),
            ("2.2.1.3.5", "60", "259662.96", "15579778"),
            ("2.2.2.3.14", "10", "217339.09", "2173391"),
        ],  # 7.565.019.276,50
        "K1.2": [
            ("2.2.1.3.1", "10", "255403.45", "2554035"),
            ("1.4.1.12", "20", "34249.04", "684981"),
            ("5.3.1.10", "30", "186065.01", "5581950"),
            ("5.5.1.1", "40", "323213.01", "12928520"),
            ("5.6.1.1", "50", "361878", "18093900"),
        ],  # 39.843.386,00
    },
    "Klasifikasi 2": {
        "Sub-Klasifikasi 2.1": [
            ("3.9.3.3", "60", "73568", "4414080"),
            ("3.1.1.2", "70", "92166.25", "6451638"),
            ("3.4.4", "80", "30054.75", "2404380"),
            ("5.4.4.1", "90", "62535", "5628150"),
        ],  # 18.898.247,50
        "Sub-Klasifikasi 2.2": [
            ("2.2.1.1.9", "100", "1420.10", "142010"),
            ("10.1.1", "110", "1995408.25", "219494908"),
            ("3.2.1", "120", "19045.95", "2285514"),
            ("3.12.7", "22", "24914.98", "548130"),
            ("1.1.2.1", "11", "1180300.01", "12983300"),
            ("2.2.1.4.1", "33", "2303688.98", "76021736"),
        ],  # 311.475.597,51
    },
    "K3": {
        "K3.1": [
            ("1.6.9", "44", "13365", "588060"),
            ("1.1.3.9", "55", "22395.45", "1231750"),
            ("5.5.1.8", "66", "8893.50", "586971"),
            ("1.3.1.4", "77", "13365", "1029105"),
            ("1.2.1.1.7", "56", "101574", "5688144"),
            ("2.2.1.9.1", "65", "1783.10", "115902"),
            ("3.11.4.12", "67", "72242.51", "4840248"),
            ("6.5.8.8", "76", "586426.50", "44568414"),
            ("5.6.1.17", "80", "235686", "18854880"),
        ],  # 77.503.473,42
    },
}
# K1 = 7.604.862.662,50 · Klasifikasi 2 = 330.373.845,01 · K3 = 77.503.473,42
# TOTAL = 8.012.739.980,93 → 8.012.739.981; PPN 10 % = 801.273.998,1 → 801.273.998;
# GRAND TOTAL 8.814.013.979; PEMBULATAN (10.000) 8.814.010.000.


def test_the_sample_rab_shows_the_seed_systems_figures(indonesian, project):
    project.ppn_percent = D("10")
    project.pembulatan_step = 10_000
    project.save()
    build(
        project,
        {
            k: {s: [(kode, vol, harga) for kode, vol, harga, _ in rows] for s, rows in subs.items()}
            for k, subs in SAMPLE.items()
        },
    )

    tree = rab_tree(project)

    shown_rows = [
        money.format_rupiah(row.jumlah_harga, prefix="")
        for k in tree.klasifikasi
        for s in k.subs
        for row in s.pekerjaan
    ]
    expected_rows = [
        money.format_rupiah(D(jumlah), prefix="")
        for subs in SAMPLE.values()
        for rows in subs.values()
        for *_, jumlah in rows
    ]
    assert len(shown_rows) == Pekerjaan.objects.filter(project=project).count() == 29
    assert shown_rows == expected_rows
    assert [money.format_rupiah(s.subtotal) for k in tree.klasifikasi for s in k.subs] == [
        "Rp 7.565.019.277",
        "Rp 39.843.386",
        "Rp 18.898.248",
        "Rp 311.475.598",
        "Rp 77.503.473",
    ]
    assert [money.format_rupiah(k.subtotal) for k in tree.klasifikasi] == [
        "Rp 7.604.862.663",
        "Rp 330.373.845",
        "Rp 77.503.473",
    ]
    assert tree.total_exact == D("8012739980.93")
    totals = tree.totals
    shown = [totals.total_biaya_langsung, totals.ppn, totals.grand_total, totals.pembulatan]
    assert [money.format_rupiah(amount) for amount in shown] == [
        "Rp 8.012.739.981",  # TOTAL BIAYA LANGSUNG
        "Rp 801.273.998",  # PPN 10 %
        "Rp 8.814.013.979",  # GRAND TOTAL
        "Rp 8.814.010.000",  # PEMBULATAN
    ]
