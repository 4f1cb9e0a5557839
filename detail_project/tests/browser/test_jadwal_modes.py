"""Time-scale switches with unsaved edits, custom tahapan, and saves that fail."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from detail_project.models import PekerjaanTahapan, TahapPelaksanaan
from detail_project.services import jadwal_save
from detail_project.tests.browser.conftest import screenshot
from detail_project.tests.browser.test_jadwal_editing import type_into

pytestmark = pytest.mark.browser


def choose_mode(page, label: str):
    page.get_by_test_id("mode-group").get_by_text(label, exact=True).click()
    dialog = page.get_by_test_id("mode-dialog")
    expect(dialog).to_be_visible()
    return dialog


def test_switching_with_unsaved_edits_warns_and_can_be_cancelled(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "25")
    type_into(page, schedule.cell("C.2", 1), "25")
    expect(page.get_by_test_id("change-count")).to_have_text("2 changes")
    dialog = choose_mode(page, "Monthly")
    expect(page.get_by_test_id("mode-warning")).to_have_text(
        "You have 2 changes not saved yet. Save them first, or they will be lost."
    )
    expect(dialog.get_by_role("button", name="Save changes, then switch")).to_be_visible()
    expect(dialog.get_by_role("button", name="Discard changes and switch")).to_be_visible()
    screenshot(page, "mode-switch-warning")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    # nothing changed: still weekly, the edits are still there
    expect(page.get_by_role("radio", name="Weekly")).to_be_checked()
    expect(page.get_by_test_id("change-count")).to_have_text("2 changes")
    expect(page.locator(schedule.cell("C.2", 1))).to_have_text("25")
    # now discard them
    dialog = choose_mode(page, "Monthly")
    dialog.get_by_role("button", name="Discard changes and switch").click()
    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to monthly")).to_be_visible()
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-column-count", "3")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    assert not PekerjaanTahapan.objects.filter(pekerjaan=schedule.items["C.2"]).exists()


def test_save_then_switch_keeps_every_total(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "40")
    type_into(page, schedule.cell("C.2", 5), "60")
    dialog = choose_mode(page, "Monthly")
    dialog.get_by_role("button", name="Save changes, then switch").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to monthly")).to_be_visible()
    schedule.refresh()
    for kode, total in (("A.2", "100"), ("B.1", "100"), ("C.1", "50"), ("C.2", "100")):
        expect(page.locator(schedule.total(kode))).to_have_text(total)
    # January holds weeks 1-4 and a share of week 5; the 40 % of week 1 is all January
    expect(page.locator(schedule.cell("C.2", 0))).to_have_text("40")


def test_custom_mode_manages_custom_tahapan(grid_page, schedule):
    page = grid_page
    dialog = choose_mode(page, "Custom")
    dialog.get_by_role("button", name="Switch to custom").click()
    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to custom")).to_be_visible()
    panel = page.get_by_test_id("custom-panel")
    expect(panel).to_be_visible()
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid).to_have_attribute("data-column-count", "12")  # weekly columns are kept
    form = page.get_by_test_id("custom-add-form")
    for count, (nama, start, end) in enumerate(
        (
            ("Mobilisasi", "2026-01-05", "2026-01-07"),
            ("Serah terima", "2026-03-23", "2026-03-29"),
        ),
        start=1,
    ):
        form.get_by_label("Name").fill(nama)
        form.get_by_label("Start").fill(start)
        form.get_by_label("End").fill(end)
        form.get_by_role("button", name="Add tahapan").click()
        expect(panel.locator("tbody tr")).to_have_count(count)
    expect(grid).to_have_attribute("data-column-count", "14")
    expect(grid.get_by_text("Custom tahapan")).to_be_visible()
    rows = panel.locator("tbody tr")
    expect(rows.nth(0).get_by_label("Name")).to_have_value("Mobilisasi")
    # rename and re-date
    rows.nth(0).get_by_label("Name").fill("Mobilisasi alat")
    rows.nth(0).get_by_label("End").fill("2026-01-09")
    rows.nth(0).get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("toast").filter(has_text="Mobilisasi alat")).to_be_visible()
    mobilisasi = TahapPelaksanaan.objects.get(project=schedule.project, nama="Mobilisasi alat")
    assert mobilisasi.tanggal_selesai.isoformat() == "2026-01-09"
    # the new column takes values like any other
    schedule.refresh()
    type_into(page, f'[data-cell="p{schedule.items["C.3"].pk}:{mobilisasi.pk}"]', "15")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    # reorder: "Serah terima" first; the unsaved edit survives the reload
    rows.nth(1).get_by_role("button", name="Move up").click()
    expect(rows.nth(0).get_by_label("Name")).to_have_value("Serah terima")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    expect(page.locator(f'[data-cell="p{schedule.items["C.3"].pk}:{mobilisasi.pk}"]')).to_have_text(
        "15"
    )
    screenshot(page, "custom-tahapan")
    # delete, after confirming
    rows.nth(0).get_by_role("button", name="Delete").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text(
        '"Serah terima" and every percentage planned in it will be deleted'
    )
    confirm.get_by_role("button", name="Delete tahapan").click()
    expect(rows).to_have_count(1)
    expect(grid).to_have_attribute("data-column-count", "13")
    assert not TahapPelaksanaan.objects.filter(nama="Serah terima").exists()


def test_a_conflicting_save_keeps_the_edits_and_offers_to_merge(grid_page, schedule, problems):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "30")
    # meanwhile, someone else saves another week of the same pekerjaan
    project = schedule.project
    project.refresh_from_db()
    jadwal_save.jadwal_save(
        project=project,
        user=schedule.owner,
        version=project.jadwal_version,
        changes=[jadwal_save.CellChange(schedule.items["C.2"].pk, schedule.tahapan[2].pk, 4000)],
    )
    problems.expect_console_error("409 (Conflict)")
    page.get_by_role("button", name="Save All Changes").click()
    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("someone else changed the same work first")
    expect(problem).to_contain_text("Someone else changed C.2 after you opened the schedule.")
    expect(problem).to_contain_text("Your 1 change is kept")
    expect(page.locator(schedule.cell("C.2", 0))).to_have_text("30")
    expect(page.locator(schedule.cell("C.2", 0))).to_have_class(re.compile(r"\bjp-mod\b"))
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    screenshot(page, "save-conflict")
    problem.get_by_role("button", name="Load their changes (keep mine)").click()
    expect(page.locator(schedule.cell("C.2", 2))).to_have_text("40")
    expect(page.locator(schedule.cell("C.2", 2))).to_have_class(re.compile(r"\bjp-saved\b"))
    expect(page.locator(schedule.cell("C.2", 0))).to_have_text("30")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    page.get_by_role("button", name="Save All Changes").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    stored = PekerjaanTahapan.objects.filter(pekerjaan=schedule.items["C.2"]).order_by(
        "tahapan__urutan"
    )
    assert [str(cell.proporsi_volume) for cell in stored] == ["30.00", "40.00"]


def test_a_network_failure_keeps_the_edits(grid_page, schedule, problems):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "30")
    page.route("**/jadwal/save/", lambda route: route.abort("internetdisconnected"))
    problems.expect_console_error("net::ERR_INTERNET_DISCONNECTED")
    page.get_by_role("button", name="Save All Changes").click()
    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("the server could not be reached")
    expect(problem).to_contain_text("your 1 change is kept")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    expect(page.locator(schedule.cell("C.2", 0))).to_have_class(re.compile(r"\bjp-mod\b"))
    page.unroute("**/jadwal/save/")
    problem.get_by_role("button", name="Try again").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")


def test_a_schedule_without_periods_offers_to_generate_them(page, context, live_server, schedule):
    from detail_project.tests.browser.conftest import login_as, open_grid

    TahapPelaksanaan.objects.filter(project=schedule.project).delete()
    login_as(context, live_server, schedule.owner)
    open_grid(page, schedule)
    notice = page.get_by_test_id("no-periods")
    expect(notice).to_be_visible()

    notice.get_by_role("button", name="Generate them").click()
    dialog = page.get_by_test_id("mode-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=re.compile("Switch", re.I)).click()

    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to weekly")).to_be_visible()
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-column-count", "12")
    expect(notice).to_be_hidden()
    assert TahapPelaksanaan.objects.filter(project=schedule.project).count() == 12
