"""The grid page for a browser that asks for Indonesian (SPEC §12, docs/I18N.md): words from the
catalogs, numbers written "1.234,56", months in Indonesian, "33,33" and "50%" accepted; and the
same page in English writing "33.33".

Every test here runs in a browser context whose locale (and so its Accept-Language) is "id-ID",
unless it says otherwise with `@pytest.mark.parametrize("browser_locale", ["en-US"])`. The
`page` fixture fails a test on any console error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from detail_project.models import PekerjaanTahapan, TahapPelaksanaan
from detail_project.services import jadwal_save
from detail_project.tests.browser.conftest import build_schedule, login_as, open_grid, screenshot
from detail_project.tests.browser.test_jadwal_editing import paste, select, type_into

pytestmark = pytest.mark.browser

ENGLISH = pytest.mark.parametrize("browser_locale", ["en-US"])


@pytest.fixture
def browser_locale() -> str:
    return "id-ID"


def open_chart(page, tab_id: str, chart_test_id: str):
    page.locator(f"#{tab_id}").click()
    chart = page.get_by_test_id(chart_test_id)
    expect(chart).to_have_attribute("data-ready", "true")
    return chart


def kurva_api(page, schedule) -> dict:
    return page.request.get(f"/detail_project/api/project/{schedule.project.pk}/kurva-s/").json()


def indonesian(number: float) -> str:
    """12.34 -> "12,34" (the figures here are below 1.000, so no thousands point)."""
    return f"{number:.2f}".replace(".", ",")


def test_the_page_answers_in_indonesian(grid_page, schedule):
    page = grid_page
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # the status bar, written by the page's JavaScript
    expect(page.get_by_test_id("change-count")).to_have_text("0 perubahan")
    expect(page.get_by_test_id("mode-label")).to_have_text("mingguan")
    progress = kurva_api(page, schedule)["progress"]
    expect(page.get_by_test_id("total-progress")).to_have_text(f"{indonesian(progress)} %")
    # the headers: period names from their parts, months by Intl
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid.locator(".jp-th-1").get_by_text("Minggu 1", exact=True)).to_be_visible()
    expect(grid.locator(".jp-th-2").get_by_text("5-11 Jan", exact=True)).to_be_visible()
    expect(grid.get_by_text("Januari 2026", exact=True)).to_be_visible()
    expect(grid.get_by_text("Week 1", exact=True)).to_have_count(0)
    expect(grid.get_by_text("January 2026", exact=True)).to_have_count(0)
    # a week across two months
    expect(grid.locator(".jp-th-2").get_by_text("26 Jan-1 Feb", exact=True)).to_be_visible()
    screenshot(page, "id/grid-weekly")
    # a refused value says why in Indonesian
    type_into(page, schedule.cell("B.1", 1), "150")
    expect(page.get_by_test_id("grid-message")).to_contain_text('B.1: "150" lebih dari 100')
    expect(page.get_by_test_id("change-count")).to_have_text("0 perubahan")


def test_the_toolbar_is_in_indonesian(grid_page):
    """The toolbar's words are the template's (the detail_project catalog), the glossary's."""
    page = grid_page
    expect(page.get_by_role("button", name="Simpan Semua Perubahan")).to_be_visible()
    expect(page.get_by_role("radio", name="Mingguan")).to_be_checked()
    for label in ("Harian", "Bulanan", "Kustom", "Persentase"):
        expect(page.get_by_text(label, exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="Ciutkan Semua")).to_be_visible()
    expect(page.get_by_role("button", name="Urungkan")).to_be_disabled()
    expect(page.get_by_text("Save All Changes")).to_have_count(0)


def test_typing_33_comma_33_shows_it_and_saves_33_point_33(grid_page, schedule):
    page = grid_page
    cell = page.locator(schedule.cell("C.2", 1))
    type_into(page, schedule.cell("C.2", 1), "33,33")
    expect(cell).to_have_text("33,33")
    expect(page.locator(schedule.total("C.2"))).to_have_text("33,33")
    expect(page.get_by_test_id("change-count")).to_have_text("1 perubahan")
    # "33.33" is read too, and shown the Indonesian way
    type_into(page, schedule.cell("C.2", 2), "12.5")
    expect(page.locator(schedule.cell("C.2", 2))).to_have_text("12,5")
    expect(page.locator(schedule.total("C.2"))).to_have_text("45,83")
    expect(page.get_by_test_id("change-count")).to_have_text("2 perubahan")
    screenshot(page, "id/grid-edited")
    page.locator('[data-action="save"]').click()
    expect(page.get_by_test_id("toast")).to_have_text("Semua perubahan berhasil disimpan")
    expect(cell).to_have_class(re.compile(r"\bjp-saved\b"))
    expect(page.get_by_test_id("change-count")).to_have_text("0 perubahan")
    stored = PekerjaanTahapan.objects.get(
        pekerjaan=schedule.items["C.2"], tahapan=schedule.tahapan[1]
    )
    assert stored.proporsi_volume == Decimal("33.33")
    stored = PekerjaanTahapan.objects.get(
        pekerjaan=schedule.items["C.2"], tahapan=schedule.tahapan[2]
    )
    assert stored.proporsi_volume == Decimal("12.50")


def test_pasting_percentages_from_excel_is_accepted(grid_page, schedule):
    page = grid_page
    select(page, schedule.cell("C.2", 6))
    paste(page, "50%\t12,5 %\r\n33,33%\t50 %\r\n")
    expect(page.locator(schedule.cell("C.2", 6))).to_have_text("50")
    expect(page.locator(schedule.cell("C.2", 7))).to_have_text("12,5")
    expect(page.locator(schedule.cell("C.3", 6))).to_have_text("33,33")
    expect(page.locator(schedule.cell("C.3", 7))).to_have_text("50")
    expect(page.get_by_test_id("change-count")).to_have_text("4 perubahan")
    expect(page.get_by_test_id("grid-message")).to_contain_text("2 × 2 sel ditempel")
    screenshot(page, "id/grid-pasted")
    # a block with one bad value is refused whole, in Indonesian
    select(page, schedule.cell("C.4", 6))
    paste(page, "10\tsepuluh\n")
    message = page.get_by_test_id("grid-message")
    expect(message).to_contain_text("Tidak ada yang ditempel")
    expect(message).to_contain_text('"sepuluh" bukan angka')
    expect(page.get_by_test_id("change-count")).to_have_text("4 perubahan")


def test_volume_display_writes_indonesian_numbers(page, context, live_server, planner):
    schedule = build_schedule(planner)
    schedule.items["B.1"].volume = Decimal("1500")  # 40 % in week 2, 60 % in week 3
    schedule.items["B.1"].save(update_fields=["volume"])
    login_as(context, live_server, planner)
    open_grid(page, schedule)
    page.locator('label[for="jp-display-volume"]').click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-display", "volume")
    expect(page.locator(schedule.cell("B.1", 1))).to_have_text("600 m3")
    expect(page.locator(schedule.cell("B.1", 2))).to_have_text("900 m3")
    expect(page.locator(schedule.total("B.1"))).to_have_text("1.500")
    volume_column = page.get_by_test_id("jadwal-grid").get_by_text("1.500", exact=True)
    expect(volume_column).to_have_count(2)  # the Volume column and the row total
    screenshot(page, "id/grid-volume")
    # editing is refused with a hint in Indonesian
    page.locator(schedule.cell("C.2", 0)).dblclick()
    expect(page.get_by_test_id("grid-message")).to_contain_text("ubah tampilan ke Persentase")


def test_switching_the_time_scale_speaks_indonesian(grid_page, schedule):
    page = grid_page
    page.locator('label[for="jp-mode-monthly"]').click()
    dialog = page.get_by_test_id("mode-dialog")
    expect(dialog).to_contain_text("Ubah skala waktu ke bulanan?")
    expect(dialog).to_contain_text("satu kolom per bulan kalender")
    screenshot(page, "id/mode-switch")
    dialog.locator('[data-choice="switch"]').click()
    expect(page.get_by_test_id("toast").filter(has_text="Mode diubah ke bulanan")).to_be_visible()
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid).to_have_attribute("data-column-count", "3")
    for month in ("Januari 2026", "Februari 2026", "Maret 2026"):
        expect(grid.locator(".jp-th-1").get_by_text(month, exact=True)).to_be_visible()
    expect(page.get_by_test_id("mode-label")).to_have_text("bulanan")
    screenshot(page, "id/grid-monthly")


def test_kurva_s_writes_indonesian_numbers(grid_page, schedule):
    page = grid_page
    kurva = open_chart(page, "jp-tab-kurva", "kurva-chart")
    table = page.get_by_test_id("kurva-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(12)
    expect(rows.first).to_contain_text("Minggu 1")
    expect(rows.first).to_contain_text("5 Jan 2026 - 11 Jan 2026")
    api = kurva_api(page, schedule)
    shown = [
        [cell.strip() for cell in row.locator("td").all_text_contents()[3:5]] for row in rows.all()
    ]
    assert shown == [
        [indonesian(p["rencana"]), indonesian(p["rencana_kumulatif"])] for p in api["periods"]
    ]
    assert any("," in weight for weight, _ in shown)  # e.g. "12,34"
    expect(table.locator("[data-kurva-total]")).to_have_text(indonesian(api["progress"]))
    # the attributes for machines keep the API's figures
    assert kurva.get_attribute("data-final-cumulative") == f"{api['progress']:.2f}"
    screenshot(page, "id/kurva-s", full_page=True)


def test_gantt_axis_has_indonesian_months(page, context, live_server, planner):
    # August to October: "Agu" and "Okt" are not English
    schedule = build_schedule(planner, start=dt.date(2026, 7, 27), end=dt.date(2026, 10, 18))
    login_as(context, live_server, planner)
    open_grid(page, schedule)
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid.get_by_text("Juli 2026", exact=True)).to_be_visible()
    expect(grid.locator(".jp-th-2").get_by_text("27 Jul-2 Agu", exact=True)).to_be_visible()
    gantt = open_chart(page, "jp-tab-gantt", "gantt-chart")
    expect(gantt).to_have_attribute("data-bar-count", "5")
    labels = gantt.locator("text").all_text_contents()
    assert any(re.fullmatch(r"\d{1,2} (Agu|Sep|Okt)", label) for label in labels), labels
    assert not any(re.search(r"\b(Aug|Oct|Sept)\b", label) for label in labels), labels
    screenshot(page, "id/gantt")


def test_unsaved_changes_are_announced_before_a_switch(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "25")
    type_into(page, schedule.cell("C.2", 1), "25")
    page.get_by_test_id("mode-group").get_by_text("Bulanan", exact=True).click()
    dialog = page.get_by_test_id("mode-dialog")
    expect(page.get_by_test_id("mode-warning")).to_have_text(
        "Ada 2 perubahan yang belum disimpan. Simpan dulu, atau perubahan itu akan hilang."
    )
    expect(dialog.get_by_role("button", name="Simpan perubahan, lalu ganti")).to_be_visible()
    expect(dialog.get_by_role("button", name="Buang perubahan lalu ganti")).to_be_visible()
    screenshot(page, "id/mode-switch-warning")
    dialog.get_by_role("button", name="Batal").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("radio", name="Mingguan")).to_be_checked()
    expect(page.get_by_test_id("change-count")).to_have_text("2 perubahan")


def test_a_refused_save_explains_itself_in_indonesian(grid_page, schedule, problems):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "30")
    project = schedule.project
    project.refresh_from_db()
    jadwal_save.jadwal_save(  # a colleague saves another week of the same pekerjaan
        project=project,
        user=schedule.owner,
        version=project.jadwal_version,
        changes=[jadwal_save.CellChange(schedule.items["C.2"].pk, schedule.tahapan[2].pk, 4000)],
    )
    problems.expect_console_error("409 (Conflict)")
    page.get_by_role("button", name="Simpan Semua Perubahan").click()
    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("orang lain lebih dulu mengubah pekerjaan yang sama")
    expect(problem).to_contain_text("Orang lain mengubah C.2 setelah Anda membuka jadwal ini.")
    expect(problem).to_contain_text("1 perubahan Anda tetap ada di halaman ini")
    screenshot(page, "id/save-conflict")
    problem.get_by_role("button", name="Muat perubahan mereka (pertahankan milik saya)").click()
    expect(page.locator(schedule.cell("C.2", 2))).to_have_text("40")
    expect(page.locator(schedule.cell("C.2", 0))).to_have_text("30")
    expect(page.get_by_test_id("change-count")).to_have_text("1 perubahan")


def test_custom_tahapan_are_managed_in_indonesian(grid_page, schedule):
    page = grid_page
    page.get_by_test_id("mode-group").get_by_text("Kustom", exact=True).click()
    page.get_by_test_id("mode-dialog").get_by_role("button", name="Ubah ke kustom").click()
    expect(page.get_by_test_id("toast").filter(has_text="Mode diubah ke kustom")).to_be_visible()
    panel = page.get_by_test_id("custom-panel")
    form = page.get_by_test_id("custom-add-form")
    form.get_by_label("Nama").fill("Mobilisasi")
    form.get_by_label("Mulai").fill("2026-01-05")
    form.get_by_label("Selesai").fill("2026-01-09")
    form.get_by_role("button", name="Tambah tahapan").click()
    expect(panel.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("jadwal-grid")).to_have_attribute("data-column-count", "13")
    expect(page.get_by_test_id("toast").filter(has_text="Mobilisasi")).to_be_visible()
    expect(page.get_by_test_id("jadwal-grid").get_by_text("Tahapan kustom")).to_be_visible()
    mobilisasi = TahapPelaksanaan.objects.get(project=schedule.project, nama="Mobilisasi")
    schedule.refresh()
    new_cell = f'[data-cell="p{schedule.items["A.1"].pk}:{mobilisasi.pk}"]'
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid).to_have_attribute("data-revealed", f"t{mobilisasi.pk}")  # scrolled to it
    expect(page.locator(new_cell)).to_be_in_viewport(ratio=1)
    type_into(page, new_cell, "15")
    screenshot(page, "id/custom-tahapan")
    panel.locator("tbody tr").first.get_by_role("button", name="Hapus").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text(
        '"Mobilisasi" dan semua persentase yang direncanakan di dalamnya akan dihapus'
    )
    confirm.get_by_role("button", name="Hapus tahapan").click()
    expect(panel.locator("tbody tr")).to_have_count(0)
    assert not TahapPelaksanaan.objects.filter(nama="Mobilisasi").exists()


@ENGLISH
def test_the_same_page_in_english_writes_33_point_33(grid_page, schedule):
    page = grid_page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    expect(page.get_by_test_id("mode-label")).to_have_text("weekly")
    progress = kurva_api(page, schedule)["progress"]
    expect(page.get_by_test_id("total-progress")).to_have_text(f"{progress:.2f} %")
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid.locator(".jp-th-1").get_by_text("Week 1", exact=True)).to_be_visible()
    expect(grid.get_by_text("January 2026", exact=True)).to_be_visible()
    # "33,33" typed by someone used to the Indonesian comma is read and shown the English way
    type_into(page, schedule.cell("C.2", 1), "33,33")
    expect(page.locator(schedule.cell("C.2", 1))).to_have_text("33.33")
    select(page, schedule.cell("C.2", 2))
    paste(page, "12,5 %\n")
    expect(page.locator(schedule.cell("C.2", 2))).to_have_text("12.5")
    expect(page.locator(schedule.total("C.2"))).to_have_text("45.83")
    expect(page.get_by_test_id("change-count")).to_have_text("2 changes")
    kurva = open_chart(page, "jp-tab-kurva", "kurva-chart")
    expect(kurva).to_have_attribute("data-point-count", "12")
    weights = page.get_by_test_id("kurva-table").locator("tbody tr td:nth-child(4)")
    assert any(re.fullmatch(r"\d+\.\d\d", text) for text in weights.all_text_contents())
