"""The AHSP catalogue's pages: search by kode prefix and by words, 50 per page, one analysis
with its lines, the autocomplete's JSON contract, login, and query counts that do not grow."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ahsp.models import AhspAnalisis, AhspBaris
from ahsp.selectors import kode_sort_key
from config.tests.test_csp import HEADER as CSP_HEADER
from config.tests.test_csp import assert_page_complies, assert_strict

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("ahsp:catalogue")
SEARCH = reverse("ahsp:search")


def analysis(kode: str, nama: str, *, lines: int = 2, lengkap: bool = True, catatan: str = ""):
    created = AhspAnalisis.objects.create(
        kode=kode, nama=nama, satuan="m3", sumber="AHSP 2025", lengkap=lengkap, catatan=catatan
    )
    kinds = ["tenaga", "bahan", "alat"]
    AhspBaris.objects.bulk_create(
        AhspBaris(
            analisis=created,
            urutan=index + 1,
            kategori=kinds[index % 3],
            kode_item=f"X.{index:04d}",
            uraian=f"Item {index}",
            satuan="OH",
            koefisien=Decimal("0.25"),
        )
        for index in range(lines)
    )
    return created


@pytest.fixture
def catalogue():
    return {
        kode: analysis(kode, nama, lines=lines)
        for kode, nama, lines in [
            ("2.2.1.10", "1 m3 Beton mutu tinggi f'c 40 MPa", 4),
            ("2.2.1.2", "1 m3 Beton mutu sedang f'c 25 MPa", 3),
            ("2.2.1", "1 m3 Beton mutu rendah", 1),
            ("2.2.10", "1 m2 Bekisting kolom", 2),
            ("1.5", "Pemasangan 1 m2 dinding bata merah (Lampiran 2.2.1)", 5),
            ("1.1.1", "Pembuatan 1 m' pagar sementara kayu", 0),
        ]
    }


def rows_of(response):
    return list(response.context["page"].object_list)


# --- the list and its search --------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_log_in(catalogue):
    pk = catalogue["2.2.1"].pk
    for url in (CATALOGUE, reverse("ahsp:analisis", args=[pk])):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    response = Client().get(SEARCH, {"q": "beton"})
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error": "Authentication required: log in first."}


def test_the_list_shows_kode_name_satuan_and_line_count_in_natural_order(owner_client, catalogue):
    response = owner_client.get(CATALOGUE)
    assert response.status_code == 200
    shown = [(a.kode, a.jumlah_baris) for a in rows_of(response)]
    assert shown == [
        ("1.1.1", 0),
        ("1.5", 5),
        ("2.2.1", 1),
        ("2.2.1.2", 3),
        ("2.2.1.10", 4),
        ("2.2.10", 2),
    ]
    html = response.content.decode()
    assert "1 m3 Beton mutu sedang f&#x27;c 25 MPa" in html
    assert 'data-testid="line-count">4<' in html
    assert "6 analyses of the SNI 2025 AHSP library." in html
    assert 'data-testid="incomplete"' not in html


def test_an_incomplete_analysis_carries_a_badge(owner_client, catalogue):
    analysis("4.1", "Analisa yang tidak lengkap", lengkap=False, catatan="Row 9 …")
    html = owner_client.get(CATALOGUE, {"q": "tidak lengkap"}).content.decode()
    assert html.count('data-testid="incomplete"') == 1
    assert ">incomplete</span>" in html


def test_a_kode_prefix_lists_the_kode_and_everything_under_it_first(owner_client, catalogue):
    response = owner_client.get(CATALOGUE, {"q": "2.2.1"})
    # 1.5 names "Lampiran 2.2.1": a match by words, after the kode-prefix matches.
    assert [a.kode for a in rows_of(response)] == ["2.2.1", "2.2.1.2", "2.2.1.10", "2.2.10", "1.5"]
    assert "5 analyses match “2.2.1”." in response.content.decode()


def test_words_must_all_appear_in_the_name_in_any_case_and_order(owner_client, catalogue):
    found = owner_client.get(CATALOGUE, {"q": "MUTU beton"})
    assert [a.kode for a in rows_of(found)] == ["2.2.1", "2.2.1.2", "2.2.1.10"]
    narrower = owner_client.get(CATALOGUE, {"q": "beton  tinggi"})
    assert [a.kode for a in rows_of(narrower)] == ["2.2.1.10"]
    none = owner_client.get(CATALOGUE, {"q": "beton kayu"})
    assert rows_of(none) == []
    assert "No analysis matches “beton kayu”." in none.content.decode()


def test_the_list_is_cut_into_pages_of_50(owner_client):
    AhspAnalisis.objects.bulk_create(
        AhspAnalisis(kode=f"7.{number}", nama=f"Analisa nomor {number}", satuan="m2")
        for number in range(1, 121)
    )
    first = owner_client.get(CATALOGUE)
    assert [a.kode for a in rows_of(first)][:3] == ["7.1", "7.2", "7.3"]
    assert len(rows_of(first)) == 50
    assert "Page 1 of 3" in first.content.decode()
    third = owner_client.get(CATALOGUE, {"page": 3})
    assert [a.kode for a in rows_of(third)] == [f"7.{n}" for n in range(101, 121)]
    beyond = owner_client.get(CATALOGUE, {"page": 99})
    assert rows_of(beyond) == rows_of(third)
    searched = owner_client.get(CATALOGUE, {"q": "analisa", "page": 2}).content.decode()
    assert "?q=analisa&amp;page=3" in searched  # the search is kept from page to page


def test_an_overlong_or_invisible_search_is_refused(owner_client, catalogue):
    too_long = owner_client.get(CATALOGUE, {"q": "b" * 101})
    assert too_long.status_code == 400
    assert "at most 100 characters" in too_long.content.decode()
    hidden = owner_client.get(CATALOGUE, {"q": "beton\x07"})
    assert hidden.status_code == 400
    assert "control character U+0007" in hidden.content.decode()


def test_the_list_answers_only_get(owner_client):
    assert owner_client.post(CATALOGUE).status_code == 405


def test_the_navbar_links_the_catalogue(owner_client):
    html = owner_client.get(reverse("dashboard:project_list")).content.decode()
    assert f'href="{CATALOGUE}">AHSP catalogue</a>' in html
    active = owner_client.get(CATALOGUE).content.decode()
    assert f'<a class="nav-link active" href="{CATALOGUE}">AHSP catalogue</a>' in active


# --- one analysis -------------------------------------------------------------------------


@pytest.fixture
def repaired():
    analisis = AhspAnalisis.objects.create(
        kode="1.1.1.2",
        nama="Pembuatan 1 m3 pagar sementara dari seng gelombang",
        satuan="m3",
        sumber="AHSP 2025",
        lengkap=False,
        catatan="Row 21 (B.1875) is not in the catalogue: no evidence.\nRow 25 (B.0846) too.",
    )
    for urutan, (kategori, kode_item, uraian, satuan, koefisien, asli) in enumerate(
        [
            ("bahan", "B.1871", "Semen Portland (PC)", "kg", "26.406", "26406"),
            ("tenaga", "TK.0008", "Pekerja", "OH", "0.25", ""),
            ("tenaga", "TK.0006", "Mandor", "OH", "0.008", ""),
            ("bahan", "B.1119", "Paku biasa 5 inch", "kg", "0.4271", ""),
        ],
        1,
    ):
        AhspBaris.objects.create(
            analisis=analisis,
            urutan=urutan,
            kategori=kategori,
            kode_item=kode_item,
            uraian=uraian,
            satuan=satuan,
            koefisien=Decimal(koefisien),
            koefisien_asli=asli,
        )
    return analisis


def section_items(html: str, kategori: str) -> list[str]:
    start = html.index(f'data-testid="section-{kategori}"')
    end = html.index("</tbody>", start)
    return [chunk.split('"', 1)[0] for chunk in html[start:end].split('data-kode-item="')[1:]]


def test_an_analysis_shows_its_lines_in_three_parts_and_its_repairs(owner_client, repaired):
    response = owner_client.get(reverse("ahsp:analisis", args=[repaired.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.1.1.2</span> Pembuatan 1 m3 pagar sementara dari seng gelombang" in html
    assert "Per 1 m3 · Source: AHSP 2025" in html
    assert section_items(html, "tenaga") == ["TK.0008", "TK.0006"]
    assert section_items(html, "bahan") == ["B.1871", "B.1119"]
    assert section_items(html, "alat") == []
    assert html.index("A. Tenaga kerja") < html.index("B. Bahan") < html.index("C. Peralatan")
    assert '<td class="num">0.4271</td>' in html  # six stored decimals, shown as in the source
    assert "26.406 <span" in html
    assert html.count('data-testid="repaired"') == 1
    assert ">source: 26406</span>" in html
    assert "Row 21 (B.1875) is not in the catalogue: no evidence.<br>Row 25 (B.0846) too." in html
    assert 'data-testid="analisis-incomplete"' in html


def test_an_analysis_that_does_not_exist_is_a_404(owner_client, repaired):
    for pk in (repaired.pk + 1, 2**63):
        assert owner_client.get(reverse("ahsp:analisis", args=[pk])).status_code == 404


def test_an_analysis_reads_numbers_in_indonesian(owner_client, repaired):
    url = reverse("ahsp:analisis", args=[repaired.pk])
    html = owner_client.get(url, headers={"accept-language": "id"}).content.decode()
    assert '<td class="num">0,4271</td>' in html


# --- the autocomplete's JSON --------------------------------------------------------------


def test_the_search_json_keeps_its_contract(owner_client, catalogue):
    response = owner_client.get(SEARCH, {"q": "2.2.1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"ok", "results"}
    assert body["ok"] is True
    assert [row["kode"] for row in body["results"]] == [
        "2.2.1",
        "2.2.1.2",
        "2.2.1.10",
        "2.2.10",
        "1.5",
    ]
    first = body["results"][0]
    assert first == {
        "id": catalogue["2.2.1"].pk,
        "kode": "2.2.1",
        "nama": "1 m3 Beton mutu rendah",
        "satuan": "m3",
        "lengkap": True,
    }


def test_the_search_json_gives_at_most_20_and_nothing_for_an_empty_query(owner_client):
    AhspAnalisis.objects.bulk_create(
        AhspAnalisis(kode=f"8.{n}", nama=f"Galian tanah {n}", satuan="m3") for n in range(1, 31)
    )
    results = owner_client.get(SEARCH, {"q": "galian"}).json()["results"]
    assert [row["kode"] for row in results] == [f"8.{n}" for n in range(1, 21)]
    assert owner_client.get(SEARCH, {"q": "  "}).json() == {"ok": True, "results": []}
    assert owner_client.get(SEARCH).json() == {"ok": True, "results": []}


def test_the_search_json_refuses_bad_input_and_other_methods(owner_client):
    too_long = owner_client.get(SEARCH, {"q": "x" * 101})
    assert too_long.status_code == 400
    assert too_long.json()["ok"] is False
    assert "at most 100 characters" in too_long.json()["error"]
    posted = owner_client.post(SEARCH, {"q": "beton"})
    assert posted.status_code == 405
    assert posted["Allow"] == "GET, HEAD"
    assert posted.json() == {"ok": False, "error": "Method POST not allowed (use GET)."}


# --- queries and time ---------------------------------------------------------------------


def queries_for(client: Client, url: str, data: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data or {}).status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_whatever_the_catalogue_holds(owner_client):
    small = [analysis(f"5.{n}", f"Pasangan bata {n}", lines=1) for n in range(1, 4)]
    small_counts = (
        queries_for(owner_client, CATALOGUE),
        queries_for(owner_client, CATALOGUE, {"q": "bata"}),
        queries_for(owner_client, SEARCH, {"q": "bata"}),
        queries_for(owner_client, reverse("ahsp:analisis", args=[small[0].pk])),
    )
    big = [analysis(f"6.{n}", f"Pasangan bata besar {n}", lines=12) for n in range(1, 80)]
    big_counts = (
        queries_for(owner_client, CATALOGUE),
        queries_for(owner_client, CATALOGUE, {"q": "bata"}),
        queries_for(owner_client, SEARCH, {"q": "bata"}),
        queries_for(owner_client, reverse("ahsp:analisis", args=[big[0].pk])),
    )
    assert big_counts == small_counts
    # the session and the user, then: the matching ids, the page's rows (with their line count)
    assert small_counts[0] == 4


def test_a_search_over_the_whole_library_is_fast(owner_client):
    from ahsp.services import catalogue_import
    from ahsp.source import parse_ahsp_workbook

    catalogue_import(parse_ahsp_workbook())
    owner_client.get(SEARCH, {"q": "beton"})  # warm up
    timings = []
    for query in ("2.2.1", "beton mutu", "pekerjaan", "galian tanah biasa"):
        start = time.perf_counter()
        assert owner_client.get(SEARCH, {"q": query}).status_code == 200
        assert owner_client.get(CATALOGUE, {"q": query}).status_code == 200
        timings.append(time.perf_counter() - start)
    assert max(timings) < 1.0, timings  # measured ~30 ms on SQLite; a generous ceiling


def test_the_natural_order_of_kodes():
    kodes = ["2.2.1.10", "2.10", "2.2.1.2", "2.2", "10.1", "2.2.1", "2.2.a"]
    assert sorted(kodes, key=kode_sort_key) == [
        "2.2",
        "2.2.1",
        "2.2.1.2",
        "2.2.1.10",
        "2.2.a",
        "2.10",
        "10.1",
    ]


# --- the strict Content-Security-Policy ---------------------------------------------------


def test_every_page_complies_with_the_content_security_policy(owner_client, repaired, catalogue):
    for url in (
        CATALOGUE,
        f"{CATALOGUE}?q=beton",
        f"{CATALOGUE}?q=nothing-matches",
        reverse("ahsp:analisis", args=[repaired.pk]),
    ):
        response = owner_client.get(url)
        assert response.status_code == 200
        assert_strict(response[CSP_HEADER], url)
        assert_page_complies(response, url)
    assert_strict(owner_client.get(SEARCH, {"q": "beton"})[CSP_HEADER], SEARCH)
