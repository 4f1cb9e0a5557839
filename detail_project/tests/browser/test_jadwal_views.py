"""Volume display, the Gantt and Kurva S tabs, user text shown as text, and access control."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from detail_project.services import tahapan as tahapan_services
from detail_project.tests.browser.conftest import (
    XSS,
    build_schedule,
    login_as,
    open_grid,
    screenshot,
)
from detail_project.tests.browser.test_jadwal_editing import type_into

pytestmark = pytest.mark.browser


def open_tab(page, name: str, chart_test_id: str):
    page.get_by_role("tab", name=name).click()
    chart = page.get_by_test_id(chart_test_id)
    expect(chart).to_have_attribute("data-ready", "true")
    return chart


def test_volume_display_shows_quantities_with_their_satuan(grid_page, schedule):
    page = grid_page
    page.get_by_role("group", name="Display").get_by_text("Volume", exact=True).click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-display", "volume")
    # B.1: 85.5 m3, 40 % in week 2 and 60 % in week 3
    expect(page.locator(schedule.cell("B.1", 1))).to_have_text("34.2 m3")
    expect(page.locator(schedule.cell("B.1", 2))).to_have_text("51.3 m3")
    expect(page.locator(schedule.total("B.1"))).to_have_text("85.5")
    expect(page.locator(schedule.cell("A.2", 0))).to_have_text("60 m1")
    expect(page.get_by_text("Volume display is read-only")).to_be_visible()
    screenshot(page, "grid-volume")
    # read-only while volumes are shown
    page.locator(schedule.cell("C.2", 0)).dblclick()
    expect(page.get_by_test_id("grid-message")).to_contain_text("switch the display to Percentage")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    page.get_by_role("group", name="Display").get_by_text("Percentage", exact=True).click()
    expect(page.locator(schedule.cell("B.1", 1))).to_have_text("40")


def test_gantt_draws_a_bar_per_scheduled_pekerjaan(grid_page, schedule):
    page = grid_page
    gantt = open_tab(page, "Gantt", "gantt-chart")
    # five pekerjaan have a schedule; two klasifikasi rows group them
    expect(gantt).to_have_attribute("data-bar-count", "5")
    expect(gantt).to_have_attribute("data-group-bar-count", "2")
    expect(gantt).to_have_attribute("data-row-count", "10")
    expect(gantt.locator("text", has_text="A.1  Pembersihan lokasi")).to_have_count(1)
    expect(gantt.locator("text", has_text="Pekerjaan Struktur")).to_have_count(1)
    # an edit in the grid shows up as a new bar (unsaved edits are drawn too)
    page.get_by_role("tab", name="Grid").click()
    type_into(page, schedule.cell("C.4", 8), "50")
    gantt = open_tab(page, "Gantt", "gantt-chart")
    expect(gantt).to_have_attribute("data-bar-count", "6")


def test_kurva_s_plots_every_period_and_saves_a_png(grid_page, schedule):
    page = grid_page
    expected_progress = page.get_by_test_id("total-progress").text_content().replace(" %", "")
    kurva = open_tab(page, "Kurva S", "kurva-chart")
    expect(kurva).to_have_attribute("data-point-count", "12")
    expect(kurva).to_have_attribute("data-bar-count", "12")
    table = page.get_by_test_id("kurva-table")
    expect(table.locator("tbody tr")).to_have_count(12)
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("Week 1")
    expect(first).to_contain_text("5 Jan 2026 - 11 Jan 2026")
    # the curve ends at the scheduled share of the project shown in the status bar
    final = kurva.get_attribute("data-final-cumulative")
    assert final == expected_progress
    expect(table.locator("tbody tr").last.locator("td").nth(4)).to_have_text(final)
    # every figure on the page is the engine's: the same as the server's GET kurva-s/
    api = page.request.get(f"/detail_project/api/project/{schedule.project.pk}/kurva-s/").json()
    shown = [
        [cell.strip() for cell in row.locator("td").all_text_contents()[3:5]]
        for row in table.locator("tbody tr").all()
    ]
    assert shown == [
        [f"{p['rencana']:.2f}", f"{p['rencana_kumulatif']:.2f}"] for p in api["periods"]
    ]
    assert f"{api['progress']:.2f}" == expected_progress
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Save as PNG").click()
    download = download_info.value
    assert download.suggested_filename == "kurva-s-gedung-serbaguna.png"
    with open(download.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"


def test_user_text_is_only_ever_shown_as_text(page, context, live_server, planner):
    schedule = build_schedule(planner, rename={"B.2": XSS, "Beton": "<b>Beton</b>"})
    tahapan_services.tahapan_create(  # undated: listed after the weeks on the Kurva S
        project=schedule.project, user=planner, nama="<script>alert(2)</script>"
    )
    login_as(context, live_server, planner)
    open_grid(page, schedule)
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid.get_by_text(XSS, exact=True)).to_be_visible()
    expect(grid.get_by_text("<b>Beton</b>", exact=True)).to_be_visible()
    gantt = open_tab(page, "Gantt", "gantt-chart")
    expect(gantt.locator("text", has_text=XSS)).to_have_count(1)
    kurva = open_tab(page, "Kurva S", "kurva-chart")
    expect(kurva).to_have_attribute("data-point-count", "13")
    expect(
        page.get_by_test_id("kurva-table").get_by_text("<script>alert(2)</script>")
    ).to_be_visible()
    page.get_by_role("tab", name="Grid").click()
    page.get_by_test_id("mode-group").get_by_text("Custom", exact=True).click()
    page.get_by_test_id("mode-dialog").get_by_role("button", name="Switch to custom").click()
    panel = page.get_by_test_id("custom-panel")
    expect(panel.get_by_label("Name").first).to_have_value("<script>alert(2)</script>")
    # nothing was interpreted as HTML anywhere: no injected image, script or bold element
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("#jadwal-app b").count() == 0
    scripts = page.evaluate("[...document.scripts].map(s => s.textContent).join('\\n')")
    assert "alert(2)" not in scripts.replace("\\u003Cscript\\u003Ealert(2)", "")
    # (any alert() dialog would fail the test through the `page` fixture)


def test_an_outsider_gets_404(page, context, live_server, schedule, django_user_model, problems):
    outsider = django_user_model.objects.create_user("outsider", "o@example.com", "x-password-1")
    login_as(context, live_server, outsider)
    problems.expect_console_error(f"404 (Not Found) ({live_server.url}{schedule.url})")
    problems.tolerate_console_error("/favicon.ico")  # Django's plain 404 page has no icon
    response = page.goto(schedule.url)
    assert response.status == 404
    expect(page.locator("#jadwal-app")).to_have_count(0)
    assert "Gedung Serbaguna" not in page.content()


def test_anonymous_visitors_are_sent_to_log_in(page, schedule):
    page.goto(schedule.url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
