"""The deployment guide's "Functional Testing" A-D, step by step, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from detail_project.models import PekerjaanTahapan
from detail_project.tests.browser.conftest import (
    PASSWORD,
    build_schedule,
    login_as,
    open_grid,
    screenshot,
)

pytestmark = pytest.mark.browser


def delay_request(page, pattern: str, method: str = "POST"):
    """Hold matching requests until the test releases them, so short-lived progress messages
    can be seen. Returns the release function."""
    held = []

    def handler(route):
        if route.request.method == method:
            held.append(route)
        else:
            route.continue_()

    page.route(pattern, handler)

    def release():
        page.wait_for_function("true")  # let the browser queue the request
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, f"no {method} request to {pattern} was made"
        while held:
            held.pop().continue_()

    return release


def test_a_load_jadwal_pekerjaan_page(page, schedule):
    # 1. Login to application
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(schedule.owner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # 2. Navigate to a project
    page.get_by_role("link", name="Gedung Serbaguna").first.click()
    expect(page.get_by_test_id("project-name")).to_have_text("Gedung Serbaguna")
    # 3. Click "Jadwal Pekerjaan" tab
    page.locator(".project-tabs").get_by_role("link", name="Jadwal Pekerjaan").click()
    # 4. Expected: grid loads with pekerjaan list and time columns
    expect(page.locator("#jadwal-app")).to_have_attribute("data-state", "ready")
    grid = page.get_by_test_id("jadwal-grid")
    for uraian in ("Pembersihan lokasi", "Galian tanah pondasi", "Plat lantai t=12 cm"):
        expect(grid.get_by_text(uraian, exact=True)).to_be_visible()
    expect(grid).to_have_attribute("data-column-count", "12")
    expect(grid.locator(".jp-th-1").get_by_text("Week 1", exact=True)).to_be_visible()
    expect(grid.get_by_text("January 2026")).to_be_visible()
    expect(page.locator(schedule.cell("A.1", 0))).to_have_text("100")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    screenshot(page, "grid-weekly")
    # 5. Check console: no JavaScript errors (asserted by the `page` fixture for every test)


def test_b_switch_time_scale_mode(page, context, live_server, planner):
    schedule = build_schedule(planner, mode="monthly")
    login_as(context, live_server, planner)
    open_grid(page, schedule)
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid).to_have_attribute("data-column-count", "3")
    release = delay_request(page, "**/regenerate-tahapan/")
    # 1. Select "Weekly" mode
    page.get_by_test_id("mode-group").get_by_text("Weekly", exact=True).click()
    # 2. Click confirm in dialog
    dialog = page.get_by_test_id("mode-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Switch the time scale to weekly?")
    dialog.get_by_role("button", name="Switch to weekly").click()
    # Expected: loading indicator with progress messages
    overlay = page.get_by_test_id("overlay")
    expect(overlay).to_be_visible()
    expect(page.get_by_test_id("overlay-text")).to_have_text(
        "Generating periods and converting assignments..."
    )
    release()
    # grid regenerates with weekly columns
    expect(grid).to_have_attribute("data-column-count", "12")
    expect(grid.locator(".jp-th-1").get_by_text("Week 1", exact=True)).to_be_visible()
    # toast notification "Mode switched to weekly"
    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to weekly")).to_be_visible()
    expect(page.get_by_test_id("toast").first).to_have_text("Mode switched to weekly")
    expect(overlay).to_be_hidden()
    expect(page.get_by_role("radio", name="Weekly")).to_be_checked()
    # totals were carried over exactly
    schedule.refresh()
    expect(page.locator(schedule.total("B.1"))).to_have_text("100")
    expect(page.locator(schedule.total("C.1"))).to_have_text(re.compile(r"50$"))


def test_c_edit_and_save(grid_page, schedule):
    page = grid_page
    cell = page.locator(schedule.cell("C.2", 1))
    release = delay_request(page, "**/jadwal/save/")
    # 1. Double-click a cell in grid
    cell.dblclick()
    editor = page.get_by_test_id("jadwal-grid").locator("revogr-edit input")
    expect(editor).to_be_focused()
    # 2. Enter value 33.33, 3. press Enter
    page.keyboard.type("33.33")
    page.keyboard.press("Enter")
    expect(cell).to_have_text("33.33")
    expect(cell).to_have_class(re.compile(r"\bjp-mod\b"))
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    screenshot(page, "grid-edited")
    # 4. Click "Save All Changes"
    page.get_by_role("button", name="Save All Changes").click()
    # Expected: loading overlay with "Saving changes..."
    expect(page.get_by_test_id("overlay")).to_be_visible()
    expect(page.get_by_test_id("overlay-text")).to_have_text("Saving changes...")
    release()
    # toast "All changes saved successfully"
    expect(page.get_by_test_id("toast")).to_have_text("All changes saved successfully")
    # cell turns blue (saved state), status bar shows "0 changes"
    expect(cell).to_have_class(re.compile(r"\bjp-saved\b"))
    expect(cell).not_to_have_class(re.compile(r"\bjp-mod\b"))
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(219, 234, 254)"
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    stored = PekerjaanTahapan.objects.get(
        pekerjaan=schedule.items["C.2"], tahapan=schedule.tahapan[1]
    )
    assert str(stored.proporsi_volume) == "33.33"


def test_d_page_refresh_persistence(grid_page, schedule):
    page = grid_page
    cell = page.locator(schedule.cell("C.3", 2))
    cell.dblclick()
    expect(page.get_by_test_id("jadwal-grid").locator("revogr-edit input")).to_be_focused()
    page.keyboard.type("33.33")
    page.keyboard.press("Enter")
    expect(cell).to_have_text("33.33")
    page.get_by_role("button", name="Save All Changes").click()
    expect(page.get_by_test_id("toast")).to_have_text("All changes saved successfully")
    # 1. After saving, refresh the page (F5)
    page.keyboard.press("F5")
    page.wait_for_load_state()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-state", "ready")
    # Expected: saved values remain in grid, blue cells persist
    cell = page.locator(schedule.cell("C.3", 2))
    expect(cell).to_have_text("33.33")
    expect(cell).to_have_class(re.compile(r"\bjp-saved\b"))
    assert cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(219, 234, 254)"
    expect(page.locator(schedule.cell("A.1", 0))).to_have_class(re.compile(r"\bjp-saved\b"))
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
