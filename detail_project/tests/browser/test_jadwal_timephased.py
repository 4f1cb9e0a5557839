"""The time-phased schedule in Chromium, on the demo project (SPEC §9): switching scales through
the page gives back every cell, an edit made in monthly mode comes back in weekly mode in its
shape, a dated custom tahapan sits at its dates on the Kurva S and the Gantt, and two browsers
saving different pekerjaan at the same time both succeed."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from detail_project.demo import seed_demo
from detail_project.models import Pekerjaan, PekerjaanTahapan
from detail_project.selectors.plans import generated_tahapan
from detail_project.tests.browser.conftest import VIEWPORT, login_as, screenshot
from detail_project.tests.browser.test_jadwal_editing import type_into
from detail_project.tests.browser.test_jadwal_modes import choose_mode
from detail_project.tests.browser.test_jadwal_views import open_tab

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    return seed_demo()


@pytest.fixture
def demo_page(page, context, live_server, demo):
    login_as(context, live_server, demo.user)
    open_demo(page, demo)
    return page


def open_demo(page, demo) -> None:
    page.goto(f"/detail_project/project/{demo.project.pk}/jadwal-pekerjaan/")
    page.wait_for_selector("#jadwal-app[data-state='ready']")


def pekerjaan(demo, kode: str) -> int:
    return Pekerjaan.objects.get(project=demo.project, kode_pekerjaan=kode).pk


def period_ids(demo) -> list[int]:
    return [row.pk for row in generated_tahapan(demo.project)]


def cell(demo, kode: str, period: int) -> str:
    return f'[data-cell="p{pekerjaan(demo, kode)}:{period_ids(demo)[period]}"]'


def switch(page, label: str, columns: int) -> None:
    dialog = choose_mode(page, label)
    dialog.get_by_role("button", name=f"Switch to {label.lower()}").click()
    expect(
        page.get_by_test_id("toast").filter(has_text=f"Mode switched to {label.lower()}")
    ).to_be_visible()
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-column-count", str(columns))


def shown_cells(page, demo) -> dict[tuple[int, int], str]:
    """What the grid shows now, keyed by (pekerjaan id, period number): comparable across
    switches, which give the periods new ids."""
    number = {pk: index for index, pk in enumerate(period_ids(demo), start=1)}
    shown = page.eval_on_selector_all(
        "[data-cell]", "cells => cells.map(c => [c.dataset.cell, c.textContent.trim()])"
    )
    result = {}
    for key, text in shown:
        pekerjaan_id, tahapan_id = (int(part) for part in key[1:].split(":"))
        if text and tahapan_id in number:
            result[(pekerjaan_id, number[tahapan_id])] = text
    return result


def stored_cells(demo) -> dict[tuple[int, int], str]:
    number = {pk: index for index, pk in enumerate(period_ids(demo), start=1)}
    return {
        (p, number[t]): str(v)
        for p, t, v in PekerjaanTahapan.objects.filter(tahapan__project=demo.project).values_list(
            "pekerjaan_id", "tahapan_id", "proporsi_volume"
        )
    }


def test_weekly_monthly_daily_custom_weekly_shows_every_original_cell(demo_page, demo):
    page = demo_page
    # RevoGrid draws the cells a frame or two after the grid is ready: wait for one of them.
    expect(page.locator(cell(demo, "2.2.1.1.3", 2))).to_have_text("40")
    before_shown = shown_cells(page, demo)
    before_stored = stored_cells(demo)
    assert len(before_shown) > 30  # the top-left of the grid: K1's weeks, all on screen
    assert before_shown[(pekerjaan(demo, "2.2.1.1.3"), 3)] == "40"

    switch(page, "Monthly", 11)
    expect(page.locator(cell(demo, "2.2.1.1.3", 0))).to_have_text("100")
    switch(page, "Daily", 329)
    # 30 % of week 1 over its seven days, the remainder on the earliest ones
    expect(page.locator(cell(demo, "2.2.1.1.3", 0))).to_have_text("4.29")
    expect(page.locator(cell(demo, "2.2.1.1.3", 6))).to_have_text("4.28")
    switch(page, "Custom", 329)
    switch(page, "Weekly", 47)
    expect(page.locator(cell(demo, "2.2.1.1.3", 2))).to_have_text("40")

    assert shown_cells(page, demo) == before_shown
    assert stored_cells(demo) == before_stored


def test_an_edit_made_in_monthly_mode_comes_back_weekly_in_its_shape(demo_page, demo):
    page = demo_page
    switch(page, "Monthly", 11)
    type_into(page, cell(demo, "2.2.1.1.3", 0), "50")  # January: was 100 (30 / 30 / 40)
    page.get_by_role("button", name="Save All Changes").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    screenshot(page, "demo-monthly-edit")

    switch(page, "Weekly", 47)

    # Halved day by day (largest remainder, ties to the earlier day): the weekly shape stays.
    for week, text in ((0, "15.02"), (1, "15"), (2, "19.98")):
        expect(page.locator(cell(demo, "2.2.1.1.3", week))).to_have_text(text)
    expect(page.locator(f'[data-total="p{pekerjaan(demo, "2.2.1.1.3")}"]')).to_have_text("50")


def test_mobilisasi_dated_5_to_10_january_sits_at_the_start_of_kurva_s_and_gantt(demo_page, demo):
    page = demo_page
    switch(page, "Custom", 47)
    form = page.get_by_test_id("custom-add-form")
    form.get_by_label("Name").fill("Mobilisasi")
    form.get_by_label("Start").fill("2026-01-05")
    form.get_by_label("End").fill("2026-01-10")
    form.get_by_role("button", name="Add tahapan").click()
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-column-count", "48")
    # The valve (5.6.1.17, nothing planned yet) is in K3: fold K1 and Klasifikasi 2 away.
    for name in ("K1", "Klasifikasi 2"):
        row = page.locator(".jp-tree", has_text=name).first
        row.locator(".jp-toggle").click()
    mobilisasi = demo.project.tahapan.get(nama="Mobilisasi").pk
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-revealed", f"t{mobilisasi}")
    valve = f'[data-cell="p{pekerjaan(demo, "5.6.1.17")}:{mobilisasi}"]'
    type_into(page, valve, "100")
    page.get_by_role("button", name="Save All Changes").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()

    kurva = open_tab(page, "Kurva S", "kurva-chart")
    # Week 1 holds the sample's 45,60 % and Mobilisasi's 0,24 % (Rp 18.854.880 of the project)
    expect(kurva).to_have_attribute("data-first-weight", "45.84")
    expect(kurva).to_have_attribute("data-point-count", "47")
    first = page.get_by_test_id("kurva-table").locator("tbody tr").first
    expect(first).to_contain_text("45.84")
    screenshot(page, "kurva-s-mobilisasi", full_page=True)
    gantt = open_tab(page, "Gantt", "gantt-chart")
    spans = json.loads(gantt.get_attribute("data-spans"))
    valve_label = next(label for label in spans if label.startswith("5.6.1.17"))
    assert spans[valve_label] == [["2026-01-05", "2026-01-11"]]  # at the very start
    screenshot(page, "gantt-mobilisasi")


def test_two_browsers_saving_different_pekerjaan_at_the_same_time_both_succeed(
    browser, live_server, demo
):
    pages = []
    errors: list[str] = []
    for _ in range(2):
        context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, locale="en-US")
        context.set_default_timeout(10_000)
        login_as(context, live_server, demo.user)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_demo(page, demo)
        pages.append(page)
    first, second = pages
    type_into(first, cell(demo, "3.6.1.1", 0), "40")
    type_into(first, cell(demo, "3.6.1.1", 2), "10")
    type_into(second, cell(demo, "2.2.1.3.5", 0), "20")
    type_into(second, cell(demo, "2.2.1.3.5", 1), "40")

    # Both click Save All Changes before either answer arrives.
    for page in pages:
        page.get_by_role("button", name="Save All Changes").click()
    for page in pages:
        expect(
            page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
        ).to_be_visible()
        expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
        expect(page.get_by_test_id("problem")).to_be_hidden()

    stored = stored_cells(demo)
    bata, bekisting = pekerjaan(demo, "3.6.1.1"), pekerjaan(demo, "2.2.1.3.5")
    assert [stored.get((bata, week)) for week in (1, 2, 3)] == ["40.00", "50.00", "10.00"]
    assert [stored.get((bekisting, week)) for week in (1, 2, 3)] == ["20.00", "40.00", "40.00"]

    # The next save of either page hands it what the other saved meanwhile: no reload needed.
    type_into(first, cell(demo, "3.6.1.1", 2), "5")
    first.get_by_role("button", name="Save All Changes").click()
    expect(first.locator(cell(demo, "2.2.1.3.5", 0))).to_have_text("20")
    expect(first.locator(cell(demo, "2.2.1.3.5", 0))).to_have_class(re.compile(r"\bjp-saved\b"))
    for page in pages:
        page.context.close()
    assert errors == []
