"""AHSP prices of a project: linking a pekerjaan, harga dasar, overhead, a pekerjaan's own
lines, and the pages that edit them (SPEC §13). Every price is checked against the pure
engine (`scheduling.price`) or a hand computation."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ahsp.models import AhspBaris
from detail_project import scheduling
from detail_project.documents.harga_dasar import read_prices, write_prices
from detail_project.models import HargaDasar, JadwalLog, Pekerjaan, PekerjaanAhspBaris
from detail_project.selectors.kurva_s import kurva_s_data
from detail_project.selectors.rab import rab_tree
from detail_project.services import ahsp_pricing
from detail_project.services.ahsp_pricing import LineEdit
from detail_project.services.errors import ServiceError
from detail_project.tests.ahsp_fixtures import BETON_LINES, PRICES, SEMEN, hand_price, link
from detail_project.tests.factories import make_rab


@pytest.fixture
def priced(project, pekerjaan, catalogue, owner):
    """Pekerjaan 0 and 1 on the beton analysis, 2 on plester, the rest typed; prices set."""
    link(pekerjaan[0], "2.2.1.4.5", owner)
    link(pekerjaan[1], "2.2.1.4.5", owner)
    link(pekerjaan[2], "2.3.1.1", owner)
    ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=PRICES)
    return pekerjaan


def test_engine_prices_by_the_regulation_form():
    lines = [
        scheduling.Line("tenaga", "L.01", Decimal("1.65")),
        scheduling.Line("bahan", SEMEN, Decimal("371")),
        scheduling.Line("alat", "X", Decimal("2")),
    ]
    result = scheduling.price(lines, {"L.01": Decimal(120000), SEMEN: Decimal(1700)}, Decimal(15))
    assert result.parts == {"tenaga": Decimal("198000.00"), "bahan": Decimal(630700), "alat": 0}
    assert result.subtotal == Decimal("828700.00")
    assert result.overhead == Decimal("124305")
    assert result.harga_satuan == Decimal(953005)
    assert result.unpriced == ["X"]


def test_linking_copies_lines_creates_harga_dasar_and_derives_the_price(
    project, pekerjaan, catalogue, owner
):
    before = project.jadwal_version
    link(pekerjaan[0], "2.2.1.4.5", owner)
    lines = list(PekerjaanAhspBaris.objects.filter(pekerjaan=pekerjaan[0]))
    assert [line.kode_item for line in lines] == ["L.01", "L.02", SEMEN, "B.0001", "E.01"]
    items = dict(HargaDasar.objects.filter(project=project).values_list("kode_item", "harga"))
    assert items == dict.fromkeys(BETON_LINES, Decimal("0.00"))
    pekerjaan[0].refresh_from_db()
    assert pekerjaan[0].ahsp.kode == "2.2.1.4.5"
    assert pekerjaan[0].harga_satuan == 0  # nothing priced yet
    project.refresh_from_db()
    assert project.jadwal_version == before + 1

    ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=PRICES)
    pekerjaan[0].refresh_from_db()
    assert pekerjaan[0].harga_satuan == hand_price(BETON_LINES, Decimal(15))


def test_changing_semen_reprices_every_dependent_pekerjaan_rab_and_kurva_s(
    project, priced, owner, weekly
):
    untouched = Pekerjaan.objects.get(pk=priced[3].pk).harga_satuan
    old = dict(Pekerjaan.objects.filter(project=project).values_list("pk", "harga_satuan"))
    total_before = rab_tree(project).totals.total_biaya_langsung
    version = Pekerjaan.objects.get(pk=priced[0].pk).project.jadwal_version
    result = ahsp_pricing.harga_dasar_update(
        project=project, user=owner, prices={SEMEN: Decimal("2000")}
    )
    assert result.changed_items == 1 and result.repriced == 3
    assert result.version == version + 1
    rows = {row.pk: row for row in Pekerjaan.objects.filter(project=project)}
    new_prices = {**PRICES, SEMEN: Decimal(2000)}
    expected = scheduling.price(
        [scheduling.Line("tenaga", k, v) for k, v in BETON_LINES.items()], new_prices, Decimal(15)
    ).harga_satuan
    assert rows[priced[0].pk].harga_satuan == expected == rows[priced[1].pk].harga_satuan
    plester = (Decimal("0.3") * 120000 + Decimal("6.24") * 2000) * Decimal("1.15")
    assert rows[priced[2].pk].harga_satuan == plester.quantize(Decimal(1))
    assert rows[priced[3].pk].harga_satuan == untouched
    total_after = rab_tree(project).totals.total_biaya_langsung
    delta = sum(row.volume * (row.harga_satuan - old[row.pk]) for row in rows.values())
    assert delta == 21 * 371 * 300 * Decimal("1.15") + 12 * (55752 - 53599)  # by hand
    assert total_after - total_before == delta
    # The Kurva S weighs by the new prices: its total is the new RAB total.
    assert kurva_s_data(project)["total_biaya"] == pytest.approx(float(total_after), abs=1)
    log = JadwalLog.objects.filter(project=project).latest("id")
    assert log.action == JadwalLog.Action.HARGA_DASAR
    assert log.detail["items"] == [SEMEN] and log.detail["repriced"] == 3


def test_overhead_percent_reprices(project, priced, owner):
    ahsp_pricing.harga_dasar_update(
        project=project, user=owner, prices={}, overhead_profit_percent=Decimal("10")
    )
    project.refresh_from_db()
    assert project.overhead_profit_percent == 10
    row = Pekerjaan.objects.get(pk=priced[0].pk)
    assert row.harga_satuan == hand_price(BETON_LINES, Decimal(10))


def test_a_write_that_changes_nothing_keeps_the_version(project, priced, owner):
    project.refresh_from_db()
    version = project.jadwal_version
    result = ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=PRICES)
    assert (result.changed_items, result.repriced, result.version) == (0, 0, version)


@pytest.mark.parametrize(
    ("prices", "percent", "message"),
    [
        ({"Z.99": Decimal(1)}, None, "Z.99 is not used"),
        ({SEMEN: Decimal(-1)}, None, "cannot be negative"),
        ({SEMEN: Decimal("1.234")}, None, "more than 2 decimal places"),
        ({}, Decimal(101), "from 0 to 100"),
    ],
)
def test_bad_prices_change_nothing(project, priced, owner, prices, percent, message):
    before = dict(Pekerjaan.objects.filter(project=project).values_list("pk", "harga_satuan"))
    stored = dict(HargaDasar.objects.filter(project=project).values_list("kode_item", "harga"))
    with pytest.raises(ServiceError, match=message):
        ahsp_pricing.harga_dasar_update(
            project=project,
            user=owner,
            prices={"L.01": Decimal(1), **prices},
            overhead_profit_percent=percent,
        )
    assert dict(Pekerjaan.objects.filter(project=project).values_list("pk", "harga_satuan")) == (
        before
    )
    assert dict(HargaDasar.objects.filter(project=project).values_list("kode_item", "harga")) == (
        stored
    )


def test_a_link_to_a_missing_analysis_is_refused(project, pekerjaan, catalogue, owner):
    with pytest.raises(ServiceError, match="no AHSP analysis “9.9.9”"):
        link(pekerjaan[0], "9.9.9", owner)
    assert Pekerjaan.objects.get(pk=pekerjaan[0].pk).ahsp_id is None


def test_unlinking_keeps_the_last_price_as_typed(project, priced, owner):
    row = Pekerjaan.objects.get(pk=priced[0].pk)
    price = row.harga_satuan
    link(row, "", owner)
    row.refresh_from_db()
    assert row.ahsp_id is None and row.harga_satuan == price
    assert not PekerjaanAhspBaris.objects.filter(pekerjaan=row).exists()


def test_editing_lines_changes_this_pekerjaan_only_not_the_catalogue(project, priced, owner):
    row = Pekerjaan.objects.get(pk=priced[0].pk)
    lines = list(PekerjaanAhspBaris.objects.filter(pekerjaan=row))
    edits = [
        LineEdit(line.pk, line.kategori, line.kode_item, line.uraian, line.satuan, line.koefisien)
        for line in lines
        if line.kode_item != "E.01"  # remove the molen
    ]
    edits[2] = LineEdit(edits[2].id, "bahan", SEMEN, "Semen Portland", "kg", Decimal("400"))
    ahsp_pricing.lines_update(pekerjaan=row, user=owner, lines=edits)
    row.refresh_from_db()
    changed = {**BETON_LINES, SEMEN: Decimal(400)}
    del changed["E.01"]
    assert row.harga_satuan == hand_price(changed, Decimal(15))
    other = Pekerjaan.objects.get(pk=priced[1].pk)
    assert other.harga_satuan == hand_price(BETON_LINES, Decimal(15))
    assert AhspBaris.objects.get(analisis__kode="2.2.1.4.5", kode_item=SEMEN).koefisien == 371

    ahsp_pricing.lines_reset(pekerjaan=row, user=owner)
    row.refresh_from_db()
    assert row.harga_satuan == hand_price(BETON_LINES, Decimal(15))


def test_a_line_of_another_pekerjaan_is_refused(project, priced, owner):
    mine = Pekerjaan.objects.get(pk=priced[0].pk)
    foreign = PekerjaanAhspBaris.objects.filter(pekerjaan=priced[1]).first()
    with pytest.raises(ServiceError, match="not a line of this pekerjaan"):
        ahsp_pricing.lines_update(
            pekerjaan=mine,
            user=owner,
            lines=[LineEdit(foreign.pk, "bahan", SEMEN, "Semen", "kg", Decimal(1))],
        )
    assert PekerjaanAhspBaris.objects.filter(pekerjaan=mine).count() == 5


def test_repricing_queries_do_not_grow_with_pekerjaan(
    project, catalogue, owner, django_assert_max_num_queries
):
    rows = make_rab(project, pekerjaan=60)
    with ahsp_pricing.jadwal_write(project=project, user=owner, action="harga_dasar") as write:
        ahsp_pricing.link_many(write, dict.fromkeys([row.pk for row in rows], catalogue[0]))
    with django_assert_max_num_queries(12):
        ahsp_pricing.harga_dasar_update(project=project, user=owner, prices=PRICES)
    assert len(set(Pekerjaan.objects.filter(project=project).values_list("harga_satuan"))) == 1


# --- xlsx ------------------------------------------------------------------------------------


def test_harga_dasar_xlsx_round_trip(project, priced):
    body = write_prices(HargaDasar.objects.filter(project=project), project_name=project.nama)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    assert [cell.value for cell in sheet[3]] == [
        "Kode",
        "Kategori",
        "Uraian",
        "Satuan",
        "Harga dasar (Rp)",
    ]
    values = {row[0]: row[4] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values[SEMEN] == 1700
    read = read_prices(body)
    assert read.problems == [] and read.prices == PRICES


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Kode", "Uraian"], ["L.01", "x"]], "No header row"),
        ([["Kode", "Harga dasar (Rp)"], ["L.01", "mahal"]], "is not a number"),
        ([["Kode", "Harga dasar (Rp)"], ["L.01", -5]], "cannot be negative"),
    ],
)
def test_bad_xlsx_is_refused_with_a_message(rows, message):
    assert message in " ".join(read_prices(_xlsx(rows)).problems)


def test_indonesian_numbers_in_xlsx_text_cells_are_read():
    read = read_prices(_xlsx([["Kode", "Harga dasar (Rp)"], ["L.01", "Rp 1.234.567,50"]]))
    assert read.prices == {"L.01": Decimal("1234567.50")}


# --- pages -----------------------------------------------------------------------------------


def test_harga_dasar_page_edits_prices_and_overhead(owner_client, project, priced):
    url = reverse("detail_project:harga_dasar", args=[project.pk])
    page = owner_client.get(url)
    assert page.status_code == 200
    rows = {row.kode_item: row for row in HargaDasar.objects.filter(project=project)}
    assert f'name="harga_{rows[SEMEN].pk}"' in page.content.decode()
    data = {f"harga_{row.pk}": str(row.harga) for row in rows.values()}
    data[f"harga_{rows[SEMEN].pk}"] = "2,000"  # English grouping in the test's language
    data["overhead_profit_percent"] = "12.5"
    response = owner_client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.overhead_profit_percent == Decimal("12.5")
    assert HargaDasar.objects.get(pk=rows[SEMEN].pk).harga == 2000
    changed = {**PRICES, SEMEN: Decimal(2000)}
    expected = scheduling.price(
        [scheduling.Line("x", k, v) for k, v in BETON_LINES.items()], changed, Decimal("12.5")
    ).harga_satuan
    assert Pekerjaan.objects.get(pk=priced[0].pk).harga_satuan == expected


def test_harga_dasar_page_refuses_a_negative_price(owner_client, project, priced):
    url = reverse("detail_project:harga_dasar", args=[project.pk])
    rows = list(HargaDasar.objects.filter(project=project))
    data = {f"harga_{row.pk}": "-1" for row in rows} | {"overhead_profit_percent": "15"}
    response = owner_client.post(url, data)
    assert response.status_code == 200
    assert "Cannot be negative." in response.content.decode()
    assert all(row.harga for row in HargaDasar.objects.filter(project=project))


def test_harga_dasar_import_and_export(owner_client, project, priced):
    export = owner_client.get(reverse("detail_project:harga_dasar_export", args=[project.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")
    upload = _xlsx([["Kode", "Harga dasar (Rp)"], [SEMEN, 1800], ["L.01", 125000]])
    response = owner_client.post(
        reverse("detail_project:harga_dasar_import", args=[project.pk]),
        {"file": SimpleUploadedFile("harga.xlsx", upload)},
    )
    assert response.status_code == 302
    prices = dict(HargaDasar.objects.filter(project=project).values_list("kode_item", "harga"))
    assert prices[SEMEN] == 1800 and prices["L.01"] == 125000


def test_harga_dasar_import_of_an_unknown_item_changes_nothing(owner_client, project, priced):
    upload = _xlsx([["Kode", "Harga dasar (Rp)"], [SEMEN, 1800], ["ZZ.1", 5]])
    response = owner_client.post(
        reverse("detail_project:harga_dasar_import", args=[project.pk]),
        {"file": SimpleUploadedFile("harga.xlsx", upload)},
        follow=True,
    )
    assert "ZZ.1 is not used by this project" in response.content.decode()
    assert HargaDasar.objects.get(project=project, kode_item=SEMEN).harga == 1700


def test_pekerjaan_form_links_by_kode_and_derives_the_price(owner_client, project, priced):
    row = Pekerjaan.objects.get(pk=priced[4].pk)
    url = reverse("detail_project:rab_pekerjaan_edit", args=[project.pk, row.pk])
    response = owner_client.post(
        url,
        {
            "kode_pekerjaan": row.kode_pekerjaan,
            "uraian": row.uraian,
            "satuan": row.satuan,
            "volume": str(row.volume),
            "ahsp_kode": "2.2.1.4.5",
            "harga_satuan": "",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.harga_satuan == hand_price(BETON_LINES, Decimal(15))
    page = owner_client.get(reverse("detail_project:rab", args=[project.pk])).content.decode()
    assert reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, row.pk]) in page


def test_pekerjaan_form_needs_a_price_or_an_analysis(owner_client, project, priced):
    row = Pekerjaan.objects.get(pk=priced[4].pk)
    url = reverse("detail_project:rab_pekerjaan_edit", args=[project.pk, row.pk])
    response = owner_client.post(
        url, {"uraian": row.uraian, "volume": "1", "ahsp_kode": "", "harga_satuan": ""}
    )
    assert response.status_code == 200
    assert "Enter the unit price, or choose an AHSP analysis" in response.content.decode()
    response = owner_client.post(
        url, {"uraian": row.uraian, "volume": "1", "ahsp_kode": "0.0.0", "harga_satuan": ""}
    )
    assert "no AHSP analysis “0.0.0”" in response.content.decode()


def test_pekerjaan_ahsp_page_shows_the_analysis_from_the_engine(owner_client, project, priced):
    row = Pekerjaan.objects.get(pk=priced[0].pk)
    url = reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, row.pk])
    html = owner_client.get(url).content.decode()
    assert "2.2.1.4.5" in html and "Semen Portland" in html
    assert f"Rp {row.harga_satuan:,.0f}" in html


def test_pekerjaan_ahsp_page_saves_lines(owner_client, project, priced):
    row = Pekerjaan.objects.get(pk=priced[2].pk)
    lines = list(PekerjaanAhspBaris.objects.filter(pekerjaan=row))
    data = {
        "baris-TOTAL_FORMS": "3",
        "baris-INITIAL_FORMS": "2",
        "baris-MIN_NUM_FORMS": "0",
        "baris-MAX_NUM_FORMS": "200",
    }
    for index, line in enumerate(lines):
        data |= {
            f"baris-{index}-id": str(line.pk),
            f"baris-{index}-kategori": line.kategori,
            f"baris-{index}-kode_item": line.kode_item,
            f"baris-{index}-uraian": line.uraian,
            f"baris-{index}-satuan": line.satuan,
            f"baris-{index}-koefisien": str(line.koefisien),
        }
    data["baris-1-koefisien"] = "7"
    url = reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, row.pk])
    assert owner_client.post(url, data).status_code == 302
    row.refresh_from_db()
    expected = (Decimal("0.3") * 120000 + 7 * Decimal(1700)) * Decimal("1.15")
    assert row.harga_satuan == expected.quantize(Decimal(1))


def test_outsider_gets_404_on_every_ahsp_page(outsider_client, project, priced):
    row = priced[0]
    for url in [
        reverse("detail_project:harga_dasar", args=[project.pk]),
        reverse("detail_project:harga_dasar_export", args=[project.pk]),
        reverse("detail_project:rab_pekerjaan_ahsp", args=[project.pk, row.pk]),
    ]:
        assert outsider_client.get(url).status_code == 404


def test_a_rab_import_links_pekerjaan_whose_kode_is_an_analysis(project, catalogue, owner):
    from detail_project.importing import ParsedRab
    from detail_project.importing.rab_parse import (
        ParsedKlasifikasi,
        ParsedPekerjaan,
        ParsedSubKlasifikasi,
    )
    from detail_project.services.rab_import import rab_import_apply, rab_import_preview

    parsed = ParsedRab()
    klasifikasi = ParsedKlasifikasi(name="Struktur", row=None)
    sub = ParsedSubKlasifikasi(name="Beton", row=None)
    for row, kode in enumerate(["2.2.1.4.5", "X.9", "2.3.1.1"], 1):
        sub.pekerjaan.append(
            ParsedPekerjaan(
                row=row,
                kode=kode,
                uraian=f"Pekerjaan {kode}",
                satuan="m3",
                volume=Decimal(2),
                harga_satuan=Decimal(1000),
            )
        )
    klasifikasi.subs.append(sub)
    parsed.klasifikasi.append(klasifikasi)
    assert rab_import_preview(project=project, parsed=parsed, replace=True).ahsp_matches == 2
    summary = rab_import_apply(
        project=project, parsed=parsed, replace=True, link_ahsp=True, user=owner
    )
    assert summary.ahsp_linked == 2
    rows = {row.kode_pekerjaan: row for row in Pekerjaan.objects.filter(project=project)}
    assert rows["2.2.1.4.5"].ahsp.kode == "2.2.1.4.5"
    assert rows["X.9"].ahsp_id is None and rows["X.9"].harga_satuan == 1000  # typed, kept
    assert rows["2.3.1.1"].harga_satuan == 0  # derived: nothing priced yet
    assert HargaDasar.objects.filter(project=project).count() == len(BETON_LINES)


def test_import_rab_command_links_by_kode(owner, catalogue, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from dashboard.models import Project

    csv = tmp_path / "rab.csv"
    csv.write_text(
        "Kode;Uraian;Satuan;Volume;Harga Satuan\n"
        "I;Struktur;;;\n"
        "A;  Beton;;;\n"
        "2.2.1.4.5;    Beton f'c 20;m3;2;1000\n"
        "X.9;    Lain-lain;ls;1;5000\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_rab",
        str(csv),
        "--owner",
        owner.username,
        "--name",
        "Gudang",
        "--link-ahsp",
        stdout=out,
    )
    assert "Priced by their AHSP analyses: 1 pekerjaan." in out.getvalue()
    project = Project.objects.get(nama="Gudang")
    rows = {row.kode_pekerjaan: row for row in Pekerjaan.objects.filter(project=project)}
    assert rows["2.2.1.4.5"].ahsp.kode == "2.2.1.4.5" and rows["X.9"].ahsp_id is None
