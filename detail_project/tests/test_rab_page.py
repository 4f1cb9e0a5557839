"""The RAB page: the tree with its money, and editing it at every level."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from decimal import Decimal
from html import unescape

import pytest
from django import forms
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from dashboard.models import Project
from detail_project import views_rab
from detail_project.forms_rab import PekerjaanForm
from detail_project.models import (
    JadwalLog,
    Klasifikasi,
    Pekerjaan,
    PekerjaanTahapan,
    SubKlasifikasi,
    TahapPelaksanaan,
)
from detail_project.selectors.rab import rab_total_biaya, rab_tree
from detail_project.services import rab as services
from detail_project.services.errors import ServiceError
from detail_project.templatetags.rupiah import row_url, row_url_template

# --- builders and readers --------------------------------------------------------------------


def add_pekerjaan(sub, kode, uraian, satuan, volume, harga):
    return services.pekerjaan_create(
        sub_klasifikasi=sub,
        kode_pekerjaan=kode,
        uraian=uraian,
        satuan=satuan,
        volume=Decimal(volume),
        harga_satuan=Decimal(harga),
    )


@pytest.fixture
def rab(project):
    """A small RAB with hand-computed money and an empty klasifikasi and sub-klasifikasi.

    I.  Pekerjaan Persiapan
        A. Umum          250 m2 × 12.500           =  3.125.000
                         40,5 m' × 45.000          =  1.822.500
        B. Keselamatan   (empty)
    II. Pekerjaan Struktur
        A. Beton         12,75 m3 × 1.250.000,50   = 15.937.506,375
    III. Lain-lain       (empty)

    TOTAL 20.885.006,375 → Rp 20.885.006; PPN 11 % → Rp 2.297.351;
    GRAND TOTAL Rp 23.182.357; PEMBULATAN (step 10.000) Rp 23.180.000.
    """
    persiapan = services.klasifikasi_create(project=project, name="Pekerjaan Persiapan")
    umum = services.sub_klasifikasi_create(klasifikasi=persiapan, name="Umum")
    keselamatan = services.sub_klasifikasi_create(klasifikasi=persiapan, name="Keselamatan")
    struktur = services.klasifikasi_create(project=project, name="Pekerjaan Struktur")
    beton = services.sub_klasifikasi_create(klasifikasi=struktur, name="Beton")
    lain = services.klasifikasi_create(project=project, name="Lain-lain")
    return {
        "persiapan": persiapan,
        "umum": umum,
        "keselamatan": keselamatan,
        "struktur": struktur,
        "beton": beton,
        "lain": lain,
        "pembersihan": add_pekerjaan(umum, "1.1.1", "Pembersihan lapangan", "m2", "250", "12500"),
        "bouwplank": add_pekerjaan(
            umum, "1.1.2", "Pengukuran dan bouwplank", "m'", "40.5", "45000"
        ),
        "beton_fc20": add_pekerjaan(
            beton, "2.2.1.4.5", "Beton f'c 20 MPa", "m3", "12.75", "1250000.50"
        ),
    }


def bulk_rab(project, pekerjaan_count, *, per_sub=25, subs_per_klasifikasi=4):
    """`pekerjaan_count` rows in as many klasifikasi and subs as they need, in a few queries."""
    per_klasifikasi = per_sub * subs_per_klasifikasi
    klasifikasi_count = -(-pekerjaan_count // per_klasifikasi)
    klasifikasi = Klasifikasi.objects.bulk_create(
        Klasifikasi(project=project, name=f"Klasifikasi {k + 1}", ordering_index=k)
        for k in range(klasifikasi_count)
    )
    subs = SubKlasifikasi.objects.bulk_create(
        SubKlasifikasi(project=project, klasifikasi=parent, name=f"Sub {s + 1}", ordering_index=s)
        for parent in klasifikasi
        for s in range(subs_per_klasifikasi)
    )
    Pekerjaan.objects.bulk_create(
        Pekerjaan(
            project=project,
            sub_klasifikasi=subs[n // per_sub],
            kode_pekerjaan=f"P.{n + 1}",
            uraian=f"Pekerjaan nomor {n + 1}",
            satuan="m3",
            volume=Decimal("12.345"),
            harga_satuan=Decimal("150000.25") + n,
            ordering_index=n % per_sub,
        )
        for n in range(pekerjaan_count)
    )


def rows_text(response, testid):
    """The visible text of every table row marked `data-testid=testid`."""
    html = response.content.decode()
    found = re.findall(rf'<tr[^>]*data-testid="{testid}"[^>]*>(.*?)</tr>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in found]


def snapshot(*projects):
    """Everything the RAB pages could change, to prove that nothing did."""
    return (
        list(
            Klasifikasi.objects.filter(project__in=projects)
            .order_by("id")
            .values_list("id", "name", "ordering_index")
        ),
        list(
            SubKlasifikasi.objects.filter(project__in=projects)
            .order_by("id")
            .values_list("id", "klasifikasi_id", "name", "ordering_index")
        ),
        list(
            Pekerjaan.objects.filter(project__in=projects)
            .order_by("id")
            .values_list(
                "id",
                "sub_klasifikasi_id",
                "kode_pekerjaan",
                "uraian",
                "satuan",
                "volume",
                "harga_satuan",
                "ordering_index",
            )
        ),
    )


def indexes(queryset):
    return list(queryset.order_by("ordering_index", "id").values_list("ordering_index", flat=True))


def names(queryset, field="name"):
    return list(queryset.order_by("ordering_index", "id").values_list(field, flat=True))


def rab_url(project):
    return reverse("detail_project:rab", args=[project.pk])


def url(name, project, *args):
    return reverse(f"detail_project:{name}", args=[project.pk, *args])


PEKERJAAN_INPUT = {
    "kode_pekerjaan": "3.1.1",
    "uraian": "Pasangan bata merah",
    "satuan": "m2",
    "volume": "1.234,56",
    "harga_satuan": "301.304,38",
}


# --- the page --------------------------------------------------------------------------------


# The money tests read the page in Indonesian, the product's language (the seed system's
# figures); test_i18n_detail reads the same page in English.


def test_page_shows_the_tree_with_numbering_and_money(indonesian_client, project, rab):
    response = indonesian_client.get(rab_url(project))

    assert response.status_code == 200
    klasifikasi = rows_text(response, "klasifikasi-row")
    assert [row.split(" + ")[0] for row in klasifikasi] == [
        "I Pekerjaan Persiapan",
        "II Pekerjaan Struktur",
        "III Lain-lain",
    ]
    subs = rows_text(response, "sub-klasifikasi-row")
    assert [row.split(" + ")[0] for row in subs] == ["A Umum", "B Keselamatan", "A Beton"]
    pekerjaan = rows_text(response, "pekerjaan-row")
    assert pekerjaan[0].startswith(
        "1 1.1.1 Pembersihan lapangan m2 250,000 12.500,00 Rp 3.125.000 14,96"
    )
    assert pekerjaan[1].startswith(
        "2 1.1.2 Pengukuran dan bouwplank m' 40,500 45.000,00 Rp 1.822.500 8,73"
    )
    assert pekerjaan[2].startswith(
        "1 2.2.1.4.5 Beton f'c 20 MPa m3 12,750 1.250.000,50 Rp 15.937.506 76,31"
    )


def test_page_shows_subtotals_per_sub_klasifikasi_and_klasifikasi(indonesian_client, project, rab):
    response = indonesian_client.get(rab_url(project))

    assert rows_text(response, "sub-klasifikasi-subtotal") == [
        "Jumlah A. Umum Rp 4.947.500 23,69",
        "Jumlah B. Keselamatan Rp 0 0,00",
        "Jumlah A. Beton Rp 15.937.506 76,31",
    ]
    assert rows_text(response, "klasifikasi-subtotal") == [
        "Jumlah I. Pekerjaan Persiapan Rp 4.947.500 23,69",
        "Jumlah II. Pekerjaan Struktur Rp 15.937.506 76,31",
        "Jumlah III. Lain-lain Rp 0 0,00",
    ]


def test_page_shows_the_totals_rounded_once(indonesian_client, project, rab):
    response = indonesian_client.get(rab_url(project))

    assert rows_text(response, "total-biaya-langsung") == [
        "TOTAL BIAYA LANGSUNG Rp 20.885.006 100,00"
    ]
    assert rows_text(response, "ppn") == ["PPN 11% Rp 2.297.351"]
    assert rows_text(response, "grand-total") == ["GRAND TOTAL Rp 23.182.357"]
    assert rows_text(response, "pembulatan") == [
        "PEMBULATAN (dibulatkan ke bawah ke kelipatan Rp 10.000) Rp 23.180.000"
    ]


def test_page_follows_the_projects_ppn_and_pembulatan(indonesian_client, project, rab):
    Project.objects.filter(pk=project.pk).update(ppn_percent=Decimal("12.5"), pembulatan_step=1000)

    response = indonesian_client.get(rab_url(project))

    # 20.885.006 × 12,5 % = 2.610.625,75 → 2.610.626; 23.495.632 down to 1.000 → 23.495.000
    assert rows_text(response, "ppn") == ["PPN 12,5% Rp 2.610.626"]
    assert rows_text(response, "grand-total") == ["GRAND TOTAL Rp 23.495.632"]
    assert rows_text(response, "pembulatan")[0].endswith("Rp 23.495.000")


def test_empty_rab_offers_to_add_a_klasifikasi(owner_client, project):
    response = owner_client.get(rab_url(project))

    assert response.status_code == 200
    assert b'data-testid="rab-empty"' in response.content
    assert url("rab_klasifikasi_create", project).encode() in response.content


def test_user_text_is_shown_escaped(owner_client, project, rab):
    services.klasifikasi_update(klasifikasi=rab["lain"], name="<b>Lain</b>")
    add_pekerjaan(rab["umum"], "<i>", "<script>alert(1)</script>", "m<2", "1", "1")

    response = owner_client.get(rab_url(project))

    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;Lain&lt;/b&gt;" in html
    assert "<b>Lain</b>" not in html
    assert "m&lt;2" in html


def test_import_button_links_to_the_import_page_when_it_exists(owner_client, project, monkeypatch):
    monkeypatch.setattr(views_rab, "IMPORT_URL_NAME", "detail_project:jadwal_pekerjaan")

    response = owner_client.get(rab_url(project))

    target = reverse("detail_project:jadwal_pekerjaan", args=[project.pk])
    assert f'href="{target}" data-testid="import-rab"'.encode() in response.content


def test_page_renders_without_the_import_button_while_import_is_missing(
    owner_client, project, monkeypatch
):
    monkeypatch.setattr(views_rab, "IMPORT_URL_NAME", "detail_project:no_such_page")

    response = owner_client.get(rab_url(project))

    assert response.status_code == 200
    assert b'data-testid="import-rab"' not in response.content


@pytest.mark.parametrize("size", [10, 1000])
def test_rab_tree_takes_three_queries_whatever_the_size(project, size, django_assert_num_queries):
    bulk_rab(project, size)

    with django_assert_num_queries(3):
        tree = rab_tree(project)

    assert tree.pekerjaan_count == size


def test_page_query_count_is_the_same_for_10_and_1000_pekerjaan(
    owner_client, project, django_assert_num_queries
):
    bulk_rab(project, 10)
    with CaptureQueriesContext(connection) as small:
        assert owner_client.get(rab_url(project)).status_code == 200
    Klasifikasi.objects.filter(project=project).delete()
    bulk_rab(project, 1000)

    with django_assert_num_queries(len(small.captured_queries)):
        response = owner_client.get(rab_url(project))

    assert len(rows_text(response, "pekerjaan-row")) == 1000


def test_bobot_of_all_pekerjaan_adds_up_to_100(project):
    bulk_rab(project, 37, per_sub=5, subs_per_klasifikasi=3)

    tree = rab_tree(project)

    bobot = [row.bobot for k in tree.klasifikasi for s in k.subs for row in s.pekerjaan]
    assert len(bobot) == 37
    assert abs(sum(bobot) - 100) < Decimal("1e-20")
    assert sum(k.bobot for k in tree.klasifikasi).quantize(Decimal("0.000001")) == 100


def test_rab_total_biaya_is_the_total_on_the_page(project, rab):
    assert rab_total_biaya(project) == Decimal("20885006")
    assert rab_total_biaya(project, exact=True) == Decimal("20885006.375")
    assert rab_total_biaya(project) == rab_tree(project).totals.total_biaya_langsung


def test_every_link_and_button_on_the_page_points_at_its_own_row(owner_client, project, rab):
    response = owner_client.get(rab_url(project))

    html = response.content.decode()
    table = html[html.index('data-testid="rab-table"') :]
    targets = re.findall(r'(?:href|formaction)="([^"]+)"', table)
    models = {
        "klasifikasi_id": Klasifikasi,
        "sub_id": SubKlasifikasi,
        "pekerjaan_id": Pekerjaan,
    }
    seen = set()
    for target in targets:
        match = resolve(target)
        assert match.url_name.startswith("rab_")
        assert match.kwargs.pop("project_id") == project.pk
        ((key, row_id),) = match.kwargs.items()
        assert models[key].objects.filter(pk=row_id, project=project).exists()
        seen.add((match.url_name, row_id))
    rows = 3 + 3 + 3  # klasifikasi, sub-klasifikasi, pekerjaan
    assert len({name for name, _ in seen}) == 11  # every row action but "add klasifikasi"
    assert len(targets) >= rows * 4


def test_row_url_puts_the_row_id_into_a_url_reversed_once():
    template = row_url_template("detail_project:rab_pekerjaan_edit", 7)

    assert row_url(template, 42) == reverse("detail_project:rab_pekerjaan_edit", args=[7, 42])
    assert row_url("/no/placeholder/", 42) == ""


# --- klasifikasi -----------------------------------------------------------------------------


def test_owner_adds_a_klasifikasi_at_the_end(owner_client, project, rab):
    response = owner_client.post(
        url("rab_klasifikasi_create", project), {"name": "  Pekerjaan Atap  "}
    )

    added = Klasifikasi.objects.get(project=project, name="Pekerjaan Atap")
    assert response.status_code == 302
    assert response.url == f"{rab_url(project)}#klasifikasi-{added.pk}"
    assert indexes(Klasifikasi.objects.filter(project=project)) == [0, 1, 2, 3]
    assert added.ordering_index == 3


def test_the_add_klasifikasi_form_is_a_page(owner_client, project):
    response = owner_client.get(url("rab_klasifikasi_create", project))

    assert response.status_code == 200
    assert b'data-testid="rab-form"' in response.content


def test_owner_renames_a_klasifikasi(owner_client, project, rab):
    klasifikasi = rab["struktur"]
    form = owner_client.get(url("rab_klasifikasi_edit", project, klasifikasi.pk))
    assert b'value="Pekerjaan Struktur"' in form.content

    response = owner_client.post(
        url("rab_klasifikasi_edit", project, klasifikasi.pk), {"name": "Struktur Bawah"}
    )

    assert response.url == f"{rab_url(project)}#klasifikasi-{klasifikasi.pk}"
    klasifikasi.refresh_from_db()
    assert klasifikasi.name == "Struktur Bawah"


def test_klasifikasi_without_a_name_is_refused(owner_client, project, rab):
    before = snapshot(project)

    response = owner_client.post(url("rab_klasifikasi_create", project), {"name": "   "})
    edit = owner_client.post(url("rab_klasifikasi_edit", project, rab["struktur"].pk), {"name": ""})

    for answer in (response, edit):
        assert answer.status_code == 200
        assert b"This field is required." in answer.content
        assert b"is-invalid" in answer.content
    assert snapshot(project) == before


def test_deleting_a_klasifikasi_asks_first_and_says_what_goes_with_it(owner_client, project, rab):
    tahapan = TahapPelaksanaan.objects.create(project=project, nama="Minggu 1")
    PekerjaanTahapan.objects.create(
        pekerjaan=rab["pembersihan"], tahapan=tahapan, proporsi_volume=Decimal("40")
    )

    response = owner_client.get(url("rab_klasifikasi_delete", project, rab["persiapan"].pk))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Pekerjaan Persiapan" in text
    assert "2 sub-klasifikasi" in text
    assert "2 pekerjaan" in text
    assert "1 schedule entry" in text
    assert Klasifikasi.objects.filter(pk=rab["persiapan"].pk).exists()


def test_deleting_a_klasifikasi_takes_its_rows_and_keeps_order_dense(owner_client, project, rab):
    response = owner_client.post(url("rab_klasifikasi_delete", project, rab["persiapan"].pk))

    assert response.status_code == 302
    assert names(Klasifikasi.objects.filter(project=project)) == [
        "Pekerjaan Struktur",
        "Lain-lain",
    ]
    assert indexes(Klasifikasi.objects.filter(project=project)) == [0, 1]
    assert not SubKlasifikasi.objects.filter(klasifikasi_id=rab["persiapan"].pk).exists()
    assert list(Pekerjaan.objects.filter(project=project).values_list("uraian", flat=True)) == [
        "Beton f'c 20 MPa"
    ]
    page = owner_client.get(response.url)
    assert "Klasifikasi “Pekerjaan Persiapan” deleted with 2 pekerjaan." in page.content.decode()


@pytest.mark.parametrize(
    ("moved", "direction", "expected"),
    [
        ("lain", "up", ["Pekerjaan Persiapan", "Lain-lain", "Pekerjaan Struktur"]),
        ("persiapan", "down", ["Pekerjaan Struktur", "Pekerjaan Persiapan", "Lain-lain"]),
        ("persiapan", "up", ["Pekerjaan Persiapan", "Pekerjaan Struktur", "Lain-lain"]),
        ("lain", "down", ["Pekerjaan Persiapan", "Pekerjaan Struktur", "Lain-lain"]),
    ],
)
def test_owner_reorders_klasifikasi(owner_client, project, rab, moved, direction, expected):
    klasifikasi = rab[moved]

    response = owner_client.post(
        url("rab_klasifikasi_move", project, klasifikasi.pk), {"direction": direction}
    )

    assert response.status_code == 302
    assert response.url == f"{rab_url(project)}#klasifikasi-{klasifikasi.pk}"
    assert names(Klasifikasi.objects.filter(project=project)) == expected
    assert indexes(Klasifikasi.objects.filter(project=project)) == [0, 1, 2]


def test_reordering_closes_gaps_left_by_older_data(owner_client, project, rab):
    for index, key in zip([0, 5, 9], ["persiapan", "struktur", "lain"], strict=True):
        Klasifikasi.objects.filter(pk=rab[key].pk).update(ordering_index=index)

    owner_client.post(
        url("rab_klasifikasi_move", project, rab["struktur"].pk), {"direction": "down"}
    )

    assert names(Klasifikasi.objects.filter(project=project)) == [
        "Pekerjaan Persiapan",
        "Lain-lain",
        "Pekerjaan Struktur",
    ]
    assert indexes(Klasifikasi.objects.filter(project=project)) == [0, 1, 2]


def test_a_move_needs_a_direction(owner_client, project, rab):
    before = snapshot(project)

    response = owner_client.post(
        url("rab_klasifikasi_move", project, rab["struktur"].pk), {"direction": "sideways"}
    )

    assert response.status_code == 400
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "name", ["rab_klasifikasi_move", "rab_sub_klasifikasi_move", "rab_pekerjaan_move"]
)
def test_a_move_is_post_only(owner_client, project, rab, name):
    target = {"rab_klasifikasi_move": "lain", "rab_sub_klasifikasi_move": "umum"}
    row = rab[target.get(name, "bouwplank")]

    assert owner_client.get(url(name, project, row.pk)).status_code == 405


# --- sub-klasifikasi -------------------------------------------------------------------------


def test_owner_adds_a_sub_klasifikasi_at_the_end_of_its_klasifikasi(owner_client, project, rab):
    response = owner_client.post(
        url("rab_sub_klasifikasi_create", project, rab["persiapan"].pk), {"name": "Air kerja"}
    )

    added = SubKlasifikasi.objects.get(name="Air kerja")
    assert response.url == f"{rab_url(project)}#sub-klasifikasi-{added.pk}"
    assert added.klasifikasi == rab["persiapan"]
    assert added.project == project
    siblings = SubKlasifikasi.objects.filter(klasifikasi=rab["persiapan"])
    assert names(siblings) == ["Umum", "Keselamatan", "Air kerja"]
    assert indexes(siblings) == [0, 1, 2]


def test_owner_renames_a_sub_klasifikasi(owner_client, project, rab):
    sub = rab["beton"]

    response = owner_client.post(
        url("rab_sub_klasifikasi_edit", project, sub.pk), {"name": "Beton bertulang"}
    )

    assert response.url == f"{rab_url(project)}#sub-klasifikasi-{sub.pk}"
    sub.refresh_from_db()
    assert sub.name == "Beton bertulang"


def test_deleting_a_sub_klasifikasi_asks_first_then_takes_its_pekerjaan(owner_client, project, rab):
    sub = rab["umum"]
    confirm = owner_client.get(url("rab_sub_klasifikasi_delete", project, sub.pk))
    assert "2 pekerjaan" in confirm.content.decode()
    assert SubKlasifikasi.objects.filter(pk=sub.pk).exists()

    response = owner_client.post(url("rab_sub_klasifikasi_delete", project, sub.pk))

    assert response.url == f"{rab_url(project)}#klasifikasi-{rab['persiapan'].pk}"
    siblings = SubKlasifikasi.objects.filter(klasifikasi=rab["persiapan"])
    assert names(siblings) == ["Keselamatan"]
    assert indexes(siblings) == [0]
    assert not Pekerjaan.objects.filter(sub_klasifikasi_id=sub.pk).exists()


def test_owner_reorders_sub_klasifikasi_within_their_klasifikasi(owner_client, project, rab):
    sub = rab["keselamatan"]

    response = owner_client.post(
        url("rab_sub_klasifikasi_move", project, sub.pk), {"direction": "up"}
    )

    assert response.url == f"{rab_url(project)}#sub-klasifikasi-{sub.pk}"
    siblings = SubKlasifikasi.objects.filter(klasifikasi=rab["persiapan"])
    assert names(siblings) == ["Keselamatan", "Umum"]
    assert indexes(siblings) == [0, 1]
    assert indexes(SubKlasifikasi.objects.filter(klasifikasi=rab["struktur"])) == [0]


# --- pekerjaan -------------------------------------------------------------------------------


def test_owner_adds_a_pekerjaan_with_indonesian_numbers(indonesian_client, project, rab):
    response = indonesian_client.post(
        url("rab_pekerjaan_create", project, rab["beton"].pk), PEKERJAAN_INPUT
    )

    added = Pekerjaan.objects.get(uraian="Pasangan bata merah")
    assert response.status_code == 302
    assert response.url == f"{rab_url(project)}#pekerjaan-{added.pk}"
    assert added.volume == Decimal("1234.56")
    assert added.harga_satuan == Decimal("301304.38")
    assert (added.kode_pekerjaan, added.satuan) == ("3.1.1", "m2")
    assert added.project == project
    assert indexes(Pekerjaan.objects.filter(sub_klasifikasi=rab["beton"])) == [0, 1]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.500", "1500"),
        ("0.125", "0.125"),
        ("12,5", "12.5"),
        ("2.000,000", "2000"),
    ],
)
def test_the_pekerjaan_form_reads_both_decimal_styles(
    indonesian_client, project, rab, typed, stored
):
    indonesian_client.post(
        url("rab_pekerjaan_create", project, rab["beton"].pk),
        {**PEKERJAAN_INPUT, "volume": typed},
    )

    assert Pekerjaan.objects.get(uraian="Pasangan bata merah").volume == Decimal(stored)


def test_the_edit_form_shows_numbers_the_indonesian_way(indonesian_client, project, rab):
    pekerjaan = rab["beton_fc20"]
    Pekerjaan.objects.filter(pk=pekerjaan.pk).update(volume=Decimal("1500.5"))

    response = indonesian_client.get(url("rab_pekerjaan_edit", project, pekerjaan.pk))

    assert b'value="1.500,5"' in response.content
    assert b'value="1.250.000,5"' in response.content


def test_the_edit_form_shows_numbers_the_english_way_in_english(owner_client, project, rab):
    pekerjaan = rab["beton_fc20"]
    Pekerjaan.objects.filter(pk=pekerjaan.pk).update(volume=Decimal("1500.5"))

    response = owner_client.get(url("rab_pekerjaan_edit", project, pekerjaan.pk))

    assert b'value="1,500.5"' in response.content
    assert b'value="1,250,000.5"' in response.content


def test_owner_edits_a_pekerjaan(indonesian_client, project, rab):
    pekerjaan = rab["bouwplank"]

    response = indonesian_client.post(
        url("rab_pekerjaan_edit", project, pekerjaan.pk),
        {
            "kode_pekerjaan": "1.1.2a",
            "uraian": "Bouwplank kayu",
            "satuan": "m'",
            "volume": "42",
            "harga_satuan": "47.500",
        },
    )

    assert response.url == f"{rab_url(project)}#pekerjaan-{pekerjaan.pk}"
    pekerjaan.refresh_from_db()
    assert pekerjaan.uraian == "Bouwplank kayu"
    assert pekerjaan.kode_pekerjaan == "1.1.2a"
    assert pekerjaan.volume == Decimal("42")
    assert pekerjaan.harga_satuan == Decimal("47500")
    assert rab_total_biaya(project) == Decimal("21057506")  # 20.885.006,375 − 1.822.500 + 1.995.000


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("volume", "-1", "Cannot be negative."),
        ("harga_satuan", "-0.01", "Cannot be negative."),
        ("harga_satuan", "seratus ribu", "Enter a number, for example 1,234.56."),
        ("volume", "1e5", "Enter a number, for example 1,234.56."),
        ("uraian", "   ", "This field is required."),
        ("volume", "", "This field is required."),
        ("volume", "1.2345", "Ensure that there are no more than 3 decimal places."),
        ("harga_satuan", "10.005", "Ensure that there are no more than 2 decimal places."),
    ],
)
@pytest.mark.parametrize("action", ["create", "edit"])
def test_invalid_pekerjaan_input_is_refused_with_a_clear_error(
    owner_client, project, rab, field, value, message, action
):
    before = snapshot(project)
    if action == "create":
        target = url("rab_pekerjaan_create", project, rab["umum"].pk)
    else:
        target = url("rab_pekerjaan_edit", project, rab["pembersihan"].pk)

    response = owner_client.post(target, {**PEKERJAAN_INPUT, field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    field_tag = re.search(rf'<(input|textarea)[^>]*name="{field}"[^>]*>', response.content.decode())
    assert field_tag and "is-invalid" in field_tag.group(0)
    assert snapshot(project) == before


def test_deleting_a_pekerjaan_asks_first_then_closes_the_gap(owner_client, project, rab):
    pekerjaan = rab["pembersihan"]
    confirm = owner_client.get(url("rab_pekerjaan_delete", project, pekerjaan.pk))
    assert "Pembersihan lapangan" in confirm.content.decode()
    assert Pekerjaan.objects.filter(pk=pekerjaan.pk).exists()

    response = owner_client.post(url("rab_pekerjaan_delete", project, pekerjaan.pk))

    assert response.url == f"{rab_url(project)}#sub-klasifikasi-{rab['umum'].pk}"
    siblings = Pekerjaan.objects.filter(sub_klasifikasi=rab["umum"])
    assert names(siblings, "uraian") == ["Pengukuran dan bouwplank"]
    assert indexes(siblings) == [0]


def test_owner_reorders_pekerjaan_within_their_sub_klasifikasi(owner_client, project, rab):
    add_pekerjaan(rab["umum"], "1.1.3", "Direksi keet", "m2", "20", "750000")
    moved = rab["pembersihan"]

    owner_client.post(url("rab_pekerjaan_move", project, moved.pk), {"direction": "down"})
    response = owner_client.post(
        url("rab_pekerjaan_move", project, moved.pk), {"direction": "down"}
    )

    assert response.url == f"{rab_url(project)}#pekerjaan-{moved.pk}"
    siblings = Pekerjaan.objects.filter(sub_klasifikasi=rab["umum"])
    assert names(siblings, "uraian") == [
        "Pengukuran dan bouwplank",
        "Direksi keet",
        "Pembersihan lapangan",
    ]
    assert indexes(siblings) == [0, 1, 2]
    page = owner_client.get(rab_url(project))
    assert [row.split(" ")[1] for row in rows_text(page, "pekerjaan-row")] == [
        "1.1.2",
        "1.1.3",
        "1.1.1",
        "2.2.1.4.5",
    ]


# --- who may do what -------------------------------------------------------------------------

# (url name, which row of the `rab` fixture goes into the URL, methods)
ENDPOINTS = [
    ("rab", None, ["get"]),
    ("rab_klasifikasi_create", None, ["get", "post"]),
    ("rab_klasifikasi_edit", "struktur", ["get", "post"]),
    ("rab_klasifikasi_delete", "struktur", ["get", "post"]),
    ("rab_klasifikasi_move", "struktur", ["post"]),
    ("rab_sub_klasifikasi_create", "persiapan", ["get", "post"]),
    ("rab_sub_klasifikasi_edit", "umum", ["get", "post"]),
    ("rab_sub_klasifikasi_delete", "umum", ["get", "post"]),
    ("rab_sub_klasifikasi_move", "umum", ["post"]),
    ("rab_pekerjaan_create", "umum", ["get", "post"]),
    ("rab_pekerjaan_edit", "pembersihan", ["get", "post"]),
    ("rab_pekerjaan_delete", "pembersihan", ["get", "post"]),
    ("rab_pekerjaan_move", "pembersihan", ["post"]),
]
CALLS = [(name, row, method) for name, row, methods in ENDPOINTS for method in methods]
POST_CALLS = [call for call in CALLS if call[2] == "post"]
# Valid for every form, so that a request that got through would change something.
ANY_FORM = {**PEKERJAAN_INPUT, "name": "Changed", "direction": "down"}


def endpoint(name, project, rows, row):
    return url(name, project, *([rows[row].pk] if row else []))


@pytest.mark.parametrize(("name", "row", "method"), CALLS)
def test_an_outsider_gets_404_and_changes_nothing(outsider_client, project, rab, name, row, method):
    before = snapshot(project)

    response = getattr(outsider_client, method)(
        endpoint(name, project, rab, row), ANY_FORM if method == "post" else None
    )

    assert response.status_code == 404
    assert snapshot(project) == before


@pytest.mark.parametrize(("name", "row", "method"), CALLS)
def test_an_anonymous_visitor_is_sent_to_log_in(project, rab, name, row, method):
    before = snapshot(project)
    target = endpoint(name, project, rab, row)

    response = getattr(Client(), method)(target, ANY_FORM if method == "post" else None)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert snapshot(project) == before


@pytest.fixture
def other_project(owner):
    """A second project of the same owner, with one row at each level."""
    other = Project.objects.create(
        owner=owner,
        nama="Puskesmas",
        tanggal_mulai=dt.date(2026, 2, 2),
        tanggal_selesai=dt.date(2026, 6, 28),
    )
    klasifikasi = services.klasifikasi_create(project=other, name="Lain proyek")
    sub = services.sub_klasifikasi_create(klasifikasi=klasifikasi, name="Sub lain")
    pekerjaan = add_pekerjaan(sub, "9", "Pekerjaan lain", "ls", "1", "1000")
    return other, {
        "struktur": klasifikasi,
        "persiapan": klasifikasi,
        "umum": sub,
        "pembersihan": pekerjaan,
    }


@pytest.mark.parametrize(("name", "row", "method"), [call for call in CALLS if call[1]])
def test_rows_of_another_project_are_404_under_this_projects_url(
    owner_client, project, rab, other_project, name, row, method
):
    other, other_rows = other_project
    before = snapshot(project, other)

    response = getattr(owner_client, method)(
        endpoint(name, project, other_rows, row), ANY_FORM if method == "post" else None
    )

    assert response.status_code == 404
    assert snapshot(project, other) == before


@pytest.mark.parametrize(("name", "row", "method"), POST_CALLS)
def test_a_post_without_csrf_token_is_forbidden(owner, project, rab, name, row, method):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    before = snapshot(project)

    response = client.post(endpoint(name, project, rab, row), ANY_FORM)

    assert response.status_code == 403
    assert snapshot(project) == before


def test_the_page_carries_a_csrf_token_for_its_buttons(owner_client, project, rab):
    response = owner_client.get(rab_url(project))

    html = response.content.decode()
    form = re.search(r'<form id="rab-move" method="post"[^>]*>(.*?)</form>', html, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)


# --- reading Indonesian numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("1.234.567,891", "1234567.891"),
        ("0.5", "0.5"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("-1.234,5", "-1234.5"),
        ("Rp 1.250.000", "1250000"),
        ("1 250 000", "1250000"),
        ("1,234.56", "1234.56"),
        ("1.500,5", "1500.5"),
        ("2.000,000", "2000"),
        ("42", "42"),
    ],
)
def test_the_amount_fields_read_what_indonesian_planners_type(text, number):
    field = PekerjaanForm.base_fields["volume"]
    with translation.override("id"):
        assert field.to_python(text) == Decimal(number)


@pytest.mark.parametrize("text", ["abc", "1e5", "NaN", "1.23.4", "1..2", "1,2,3"])
def test_the_amount_fields_refuse_what_is_not_a_number(text):
    field = PekerjaanForm.base_fields["volume"]
    with translation.override("id"), pytest.raises(forms.ValidationError) as refused:
        field.to_python(text)
    assert refused.value.code == "invalid"


# --- the services guard the data on their own --------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"volume": Decimal("-1")}, "Volume cannot be negative."),
        ({"harga_satuan": Decimal("-0.01")}, "Unit price cannot be negative."),
        ({"volume": Decimal("NaN")}, "Volume must be a number."),
        ({"volume": Decimal("0.0001")}, "Volume has more than 3 decimal places."),
        ({"harga_satuan": Decimal("1e18")}, "Unit price is too large."),
        ({"uraian": "  "}, "Uraian is required."),
        ({"satuan": "x" * 33}, "Satuan is longer than 32 characters."),
    ],
)
def test_pekerjaan_services_refuse_bad_values(project, rab, changes, message):
    before = snapshot(project)
    values = {
        "kode_pekerjaan": "1",
        "uraian": "Galian",
        "satuan": "m3",
        "volume": Decimal("1"),
        "harga_satuan": Decimal("1"),
        **changes,
    }

    with pytest.raises(ServiceError, match=re.escape(message)):
        services.pekerjaan_create(sub_klasifikasi=rab["umum"], **values)
    with pytest.raises(ServiceError, match=re.escape(message)):
        services.pekerjaan_update(pekerjaan=rab["pembersihan"], **values)

    assert snapshot(project) == before


def test_services_store_trailing_zeros_as_plain_numbers(project, rab):
    pekerjaan = services.pekerjaan_create(
        sub_klasifikasi=rab["umum"],
        uraian="Galian",
        volume=Decimal("2.5000"),
        harga_satuan=Decimal("1E+3"),
    )

    pekerjaan.refresh_from_db()
    assert (pekerjaan.volume, pekerjaan.harga_satuan) == (Decimal("2.5"), Decimal("1000"))


def test_a_klasifikasi_name_is_required_by_the_service_too(project):
    with pytest.raises(ServiceError, match="Name is required."):
        services.klasifikasi_create(project=project, name="   ")

    assert not Klasifikasi.objects.filter(project=project).exists()


def test_moves_report_whether_anything_moved(project, rab):
    assert services.klasifikasi_move(klasifikasi=rab["struktur"], direction="up") is True
    assert services.klasifikasi_move(klasifikasi=rab["struktur"], direction="up") is False
    with pytest.raises(ServiceError):
        services.klasifikasi_move(klasifikasi=rab["struktur"], direction="left")  # type: ignore[arg-type]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_keep_the_order_dense(project, monkeypatch):
    """Planners adding klasifikasi at the same moment never get the same place."""
    next_index = services._next_index

    def slow_next_index(*args, **kwargs):
        index = next_index(*args, **kwargs)
        time.sleep(0.05)  # widen the gap between reading the count and writing the row
        return index

    monkeypatch.setattr(services, "_next_index", slow_next_index)
    errors = []
    start = threading.Barrier(4)

    def add(worker):
        try:
            start.wait()
            for n in range(3):
                services.klasifikasi_create(project=project, name=f"K{worker}.{n}")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert indexes(Klasifikasi.objects.filter(project=project)) == list(range(12))


def test_every_rab_write_moves_the_schedule_version_on(project):
    """An open Jadwal grid must reload rather than save over a RAB that changed under it."""
    from detail_project.services import rab as rab_services

    def version():
        project.refresh_from_db()
        return project.jadwal_version

    start = version()
    klasifikasi = rab_services.klasifikasi_create(project=project, name="K")
    sub = rab_services.sub_klasifikasi_create(klasifikasi=klasifikasi, name="S")
    pekerjaan = rab_services.pekerjaan_create(
        sub_klasifikasi=sub, uraian="Galian", volume=Decimal("1"), harga_satuan=Decimal("2")
    )
    rab_services.pekerjaan_update(
        pekerjaan=pekerjaan,
        kode_pekerjaan="",
        uraian="Galian tanah",
        satuan="m3",
        volume=Decimal("3"),
        harga_satuan=Decimal("2"),
    )
    rab_services.klasifikasi_update(klasifikasi=klasifikasi, name="K1")
    rab_services.pekerjaan_delete(pekerjaan=pekerjaan)
    assert version() == start + 6


# --- history: every write through the page says who made it ----------------------------------


def test_editing_a_pekerjaan_leaves_a_history_row_naming_the_owner(
    owner_client, owner, project, rab
):
    pekerjaan = rab["bouwplank"]

    response = owner_client.post(url("rab_pekerjaan_edit", project, pekerjaan.pk), PEKERJAAN_INPUT)

    assert response.status_code == 302
    (log,) = JadwalLog.objects.filter(project=project, action="rab_edit")
    assert log.user == owner
    assert (log.detail["level"], log.detail["id"]) == ("pekerjaan", pekerjaan.pk)


WRITE_ACTIONS = {
    "create": "rab_add",
    "edit": "rab_edit",
    "delete": "rab_delete",
    "move": "rab_move",
}


@pytest.mark.parametrize(("name", "row", "method"), POST_CALLS)
def test_every_write_at_every_level_leaves_one_history_row_naming_the_owner(
    owner_client, owner, project, rab, name, row, method
):
    level, action = name.removeprefix("rab_").rsplit("_", 1)
    earlier = list(JadwalLog.objects.values_list("pk", flat=True))

    response = owner_client.post(endpoint(name, project, rab, row), ANY_FORM)

    assert response.status_code == 302
    logs = JadwalLog.objects.filter(project=project).exclude(pk__in=earlier)
    assert [(log.action, log.user, log.detail["level"]) for log in logs] == [
        (WRITE_ACTIONS[action], owner, level)
    ]
