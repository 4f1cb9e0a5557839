"""Rekap kebutuhan (SPEC §13): the pure engine, then `GET rekap-kebutuhan-enhanced/` in §5's
shape, checked against hand computations from the plan the test made."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detail_project import scheduling
from detail_project.models import Pekerjaan
from detail_project.tests.ahsp_fixtures import SEMEN, link_and_plan

URL = "rekap-kebutuhan-enhanced/"


def test_engine_quantity_is_volume_times_share_times_koefisien():
    needs = scheduling.kebutuhan(
        rows={1: [2500, 7500, 0], 2: [0, 5000, 5000]},
        volumes={1: Decimal("10"), 2: Decimal("4.5")},
        lines={1: [("S", Decimal("371"))], 2: [("S", Decimal("6.24")), ("L", Decimal("0.3"))]},
        harga={"S": Decimal("1700"), "L": Decimal("120000")},
        width=3,
    )
    semen = needs["S"]
    assert semen.quantity_in(0) == Decimal("927.5")  # 10 × 25 % × 371
    assert semen.quantity_in(1) == Decimal("2782.5") + Decimal("14.04")
    assert semen.quantity_in(2) == Decimal("14.04")
    assert semen.cost_in(1) == (Decimal("2782.5") + Decimal("14.04")) * 1700
    assert needs["L"].quantity_in(0) == 0
    assert needs["L"].quantity_in(2) == Decimal("0.675")


@given(
    shares=st.lists(st.integers(0, 10000), min_size=1, max_size=8),
    volume=st.decimals(0, 10**6, places=3),
    koefisien=st.decimals(0, 10**4, places=6),
)
def test_engine_sums_to_volume_times_koefisien(shares, volume, koefisien):
    """Over every period, an item's need is volume × koefisien × the scheduled share: exact."""
    needs = scheduling.kebutuhan(
        {1: shares}, {1: volume}, {1: [("X", koefisien)]}, {"X": Decimal(1)}, len(shares)
    )
    total = sum((needs["X"].quantity_in(i) for i in range(len(shares))), Decimal(0)) if needs else 0
    assert total == volume * koefisien * sum(shares) / 10000


@pytest.fixture
def planned(project, pekerjaan, catalogue, owner, weekly):
    """Pekerjaan 0 (beton, volume 10): 40 % week 1, 60 % week 2; pekerjaan 2 (plester, volume
    12): 100 % week 2; pekerjaan 1 is linked but not scheduled."""
    link_and_plan(project, pekerjaan, weekly, owner, [(0, 0, 4000), (0, 1, 6000), (2, 1, 10000)])
    return pekerjaan, weekly


def test_api_shape_and_semen_per_week_by_hand(api, planned):
    pekerjaan, weekly = planned
    body = api.get(URL).json()
    assert body["ok"] is True and body["scale"] == "weekly"
    assert body["linked_pekerjaan"] == 3
    assert len(body["data"]) == len(weekly)
    first, second = body["data"][0], body["data"][1]
    assert set(first) >= {
        "tahapan_id",
        "tahapan_nama",
        "tanggal_mulai",
        "tanggal_selesai",
        "items",
        "total_biaya",
    }
    assert first["tahapan_id"] == weekly[0].pk
    assert first["tanggal_mulai"] == weekly[0].tanggal_mulai.isoformat()
    semen = {row["kode"]: row for row in first["items"]}[SEMEN]
    assert set(semen) >= {"kode", "uraian", "satuan", "quantity", "harga_satuan", "jumlah_harga"}
    volume0 = Pekerjaan.objects.get(pk=pekerjaan[0].pk).volume
    assert semen["quantity"] == pytest.approx(float(volume0 * Decimal("0.4") * 371))
    assert semen["harga_satuan"] == 1700
    assert semen["jumlah_harga"] == pytest.approx(float(volume0 * Decimal("0.4") * 371 * 1700))
    week2 = {row["kode"]: row for row in second["items"]}[SEMEN]
    volume2 = Pekerjaan.objects.get(pk=pekerjaan[2].pk).volume
    by_hand = volume0 * Decimal("0.6") * 371 + volume2 * Decimal("6.24")
    assert week2["quantity"] == pytest.approx(float(by_hand))
    assert first["total_biaya"] == pytest.approx(sum(row["jumlah_harga"] for row in first["items"]))
    assert body["data"][2]["items"] == []
    assert body["grand_total"] == pytest.approx(sum(p["total_biaya"] for p in body["data"]))


def test_api_kategori_filter_and_monthly_scale(api, planned):
    body = api.get(URL + "?kategori=tenaga").json()
    kinds = {row["kategori"] for period in body["data"] for row in period["items"]}
    assert kinds == {"tenaga"}
    monthly = api.get(URL + "?scale=monthly").json()
    assert monthly["scale"] == "monthly"
    weekly_total = api.get(URL).json()["grand_total"]
    assert monthly["grand_total"] == pytest.approx(weekly_total)
    assert all(period["tahapan_id"] is None for period in monthly["data"])


@pytest.mark.parametrize(
    ("query", "message"), [("?scale=hourly", "Unknown time scale"), ("?kategori=x", "kategori")]
)
def test_api_refuses_bad_parameters(api, planned, query, message):
    response = api.get(URL + query)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_api_is_404_for_an_outsider(outsider_api, planned):
    assert outsider_api.get(URL).status_code == 404


def test_api_queries_do_not_grow_with_pekerjaan(api, planned, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        api.get(URL)


def test_an_unlinked_project_needs_nothing(api, pekerjaan, weekly):
    body = api.get(URL).json()
    assert body["linked_pekerjaan"] == 0
    assert all(period["items"] == [] for period in body["data"])
    assert body["grand_total"] == 0
