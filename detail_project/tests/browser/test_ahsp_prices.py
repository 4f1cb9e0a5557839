"""AHSP prices in Chromium on the demo building project (SPEC §13): a pekerjaan shows its
analysis and the price derived from it; changing the harga dasar of Semen Portland on the
Harga dasar page changes every dependent harga satuan, the RAB total and the Kurva S weights;
a pekerjaan is linked from the form by searching the catalogue."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from detail_project import clock, money, scheduling
from detail_project.models import HargaDasar, Pekerjaan, PekerjaanAhspBaris
from detail_project.selectors.kurva_s import kurva_s_data
from detail_project.selectors.rab import rab_tree
from detail_project.tests.browser.conftest import login_as, screenshot

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 12, 9)
SEMEN = "Semen Portland"


@pytest.fixture
def building(transactional_db, monkeypatch):
    from detail_project.demo import seed_demo

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return seed_demo(today=TODAY)


def engine_price(pekerjaan: Pekerjaan) -> Decimal:
    lines = [
        scheduling.Line(row.kategori, row.kode_item, row.koefisien)
        for row in PekerjaanAhspBaris.objects.filter(pekerjaan=pekerjaan)
    ]
    prices = dict(
        HargaDasar.objects.filter(project=pekerjaan.project).values_list("kode_item", "harga")
    )
    return scheduling.price(lines, prices, pekerjaan.project.overhead_profit_percent).harga_satuan


def test_changing_semen_reprices_the_rab_and_the_kurva_s(page, context, live_server, building):
    project = building.building
    login_as(context, live_server, building.user)
    semen = HargaDasar.objects.filter(project=project, uraian=SEMEN).order_by("kode_item")
    semen_kodes = list(semen.values_list("kode_item", flat=True))
    users = set(
        PekerjaanAhspBaris.objects.filter(kode_item__in=semen_kodes).values_list(
            "pekerjaan_id", flat=True
        )
    )
    assert len(users) >= 5
    before = dict(Pekerjaan.objects.filter(project=project).values_list("pk", "harga_satuan"))
    weights_before = kurva_s_data(project, today=TODAY)["periods"]

    # A linked pekerjaan shows its analysis and the derived price.
    page.goto(f"/detail_project/project/{project.pk}/rab/")
    beton = Pekerjaan.objects.filter(pk__in=users, satuan="m3").order_by("pk").first()
    row = page.locator(f"#pekerjaan-{beton.pk}")
    expect(row.get_by_test_id("ahsp-link")).to_be_visible()
    row.get_by_test_id("ahsp-link").click()
    expect(page.get_by_test_id("ahsp-title")).to_contain_text(beton.kode_pekerjaan)
    expect(page.get_by_test_id("ahsp-analisis")).to_have_text(beton.ahsp.kode)
    expect(page.get_by_test_id("ahsp-line").filter(has_text=SEMEN).first).to_be_visible()
    expected = money.format_rupiah(engine_price(beton))
    expect(page.get_by_test_id("ahsp-f")).to_have_text(expected)

    # Semen Portland up by Rp 300 on the Harga dasar page.
    page.goto(f"/detail_project/project/{project.pk}/harga-dasar/")
    for kode in semen_kodes:
        cell = page.locator(f"[data-testid=harga-row][data-kode='{kode}'] input")
        old = HargaDasar.objects.get(project=project, kode_item=kode).harga
        cell.fill(str(int(old) + 300))
    page.get_by_test_id("harga-save").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{len(users)} pekerjaan repriced")
    screenshot(page, "harga-dasar")

    after = dict(Pekerjaan.objects.filter(project=project).values_list("pk", "harga_satuan"))
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == users
    for pekerjaan in Pekerjaan.objects.filter(pk__in=users).select_related("project"):
        assert after[pekerjaan.pk] == engine_price(pekerjaan) > before[pekerjaan.pk]

    # The RAB page shows the new total; the Kurva S weighs by the new prices.
    page.goto(f"/detail_project/project/{project.pk}/rab/")
    total = rab_tree(project).totals.total_biaya_langsung
    expect(page.get_by_test_id("total-biaya-langsung")).to_contain_text(money.format_rupiah(total))
    curve = page.request.get(f"/detail_project/api/project/{project.pk}/kurva-s/").json()
    assert curve["total_biaya"] == pytest.approx(float(total), abs=1)
    weights_after = [p["rencana"] for p in curve["periods"]]
    assert weights_after != [p["rencana"] for p in weights_before]
    assert weights_after == [p["rencana"] for p in kurva_s_data(project, today=TODAY)["periods"]]


def test_a_pekerjaan_is_linked_by_searching_the_catalogue(page, context, live_server, building):
    project = building.building
    login_as(context, live_server, building.user)
    pekerjaan = Pekerjaan.objects.filter(project=project).order_by("pk").first()
    page.goto(f"/detail_project/project/{project.pk}/rab/pekerjaan/{pekerjaan.pk}/edit/")
    field = page.get_by_label("AHSP analysis")
    expect(field).to_have_value(pekerjaan.ahsp.kode)
    expect(page.get_by_label("Unit price (Rp)")).to_have_attribute("readonly", "")
    field.fill("")
    field.press_sequentially("2.2.1.4", delay=20)
    options = page.get_by_test_id("ahsp-options").locator("option")
    expect(options.first).to_have_attribute("value", re.compile(r"^2\.2\.1\.4"))
    chosen = options.first.get_attribute("value")
    field.fill(chosen)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    pekerjaan.refresh_from_db()
    assert pekerjaan.ahsp.kode == chosen
    assert pekerjaan.harga_satuan == engine_price(pekerjaan)
