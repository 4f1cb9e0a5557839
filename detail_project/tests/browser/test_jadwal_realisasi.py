"""Progress in Chromium (SPEC §10): the Plan | Actual switch, realisasi typed, saved and read
back, periods that have not started refused on the spot, the summary card, the Kurva S with the
actual line, deviasi and status, baselines saved, drawn and deleted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from detail_project import clock
from detail_project.models import Baseline, RealisasiHarian
from detail_project.tests.browser.conftest import screenshot
from detail_project.tests.browser.test_jadwal_editing import select, type_into, typing
from detail_project.tests.browser.test_jadwal_views import open_tab

pytestmark = pytest.mark.browser

# The 12-week fixture schedule starts Monday 5 January 2026; "today" is Wednesday of week 4.
TODAY = dt.date(2026, 1, 28)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # The live server runs in this process: its requests see the same day.
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def actual(page) -> None:
    page.get_by_test_id("layer-group").get_by_text("Actual", exact=True).click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-layer", "realisasi")


def save(page) -> None:
    page.get_by_role("button", name="Save All Changes").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")


def test_actual_progress_is_typed_saved_and_read_back(grid_page, schedule):
    page = grid_page
    card = page.get_by_test_id("progress-card")
    expect(card.get_by_test_id("card-status")).to_have_text("No realisasi yet")
    actual(page)
    expect(page.get_by_test_id("layer-badge")).to_be_visible()
    # A.2 is planned 50 / 50 in weeks 1 and 2 (conftest.WEEKLY_PLAN): done 40, then 30.
    type_into(page, schedule.cell("A.2", 0), "40")
    type_into(page, schedule.cell("A.2", 1), "30")
    expect(page.locator(schedule.total("A.2"))).to_have_text("70")
    save(page)
    expect(page.locator(schedule.cell("A.2", 0))).to_have_class(re.compile(r"\bjp-saved\b"))
    stored = RealisasiHarian.objects.get(pekerjaan=schedule.items["A.2"])
    assert stored.total == 7000

    page.reload()
    page.wait_for_selector("#jadwal-app[data-state='ready']")
    # The page opens on the plan; the actual layer keeps what was saved.
    expect(page.locator(schedule.cell("A.2", 0))).to_have_text("50")
    actual(page)
    expect(page.locator(schedule.cell("A.2", 0))).to_have_text("40")
    expect(page.locator(schedule.cell("A.2", 1))).to_have_text("30")
    # The card: the engine's figures, the same as the server's.
    api = page.request.get(f"/detail_project/api/project/{schedule.project.pk}/kurva-s/").json()
    summary = api["summary"]
    expect(card.get_by_test_id("card-realisasi")).to_have_text(
        f"{summary['realisasi_kumulatif']:.2f} %"
    )
    expect(card.get_by_test_id("card-rencana")).to_have_text(f"{summary['rencana_hari_ini']:.2f} %")
    expect(card.get_by_test_id("card-period")).to_contain_text("Week 2")
    expect(card).to_have_attribute("data-status", summary["status"])


def test_the_kurva_s_shows_the_actual_line_deviasi_and_status(grid_page, schedule):
    page = grid_page
    actual(page)
    type_into(page, schedule.cell("A.1", 0), "20")
    type_into(page, schedule.cell("B.1", 1), "10")
    save(page)

    kurva = open_tab(page, "Kurva S", "kurva-chart")

    api = page.request.get(f"/detail_project/api/project/{schedule.project.pk}/kurva-s/").json()
    reported = [p for p in api["periods"] if p["status"] is not None]
    assert len(reported) == 2
    expect(kurva).to_have_attribute("data-realisasi-count", "2")
    expect(kurva).to_have_attribute(
        "data-last-realisasi", f"{reported[-1]['realisasi_kumulatif']:.2f}"
    )
    expect(kurva).to_have_attribute("data-today-index", "3")  # 28 January: week 4
    kritis = sum(1 for p in api["periods"] if p["status"] == "kritis")
    expect(kurva).to_have_attribute("data-kritis-count", str(kritis))
    table = page.get_by_test_id("kurva-table")
    rows = table.locator("tbody tr")
    shown = [
        [cell.strip() for cell in rows.nth(i).locator("td").all_text_contents()[5:9]]
        for i in range(2)
    ]
    status_names = {"normal": "Normal", "terlambat": "Behind schedule", "kritis": "Critical"}
    expected = []
    for period in reported:
        deviasi = period["deviasi_kumulatif"]
        sign = "+" if deviasi > 0 else ("\u2212" if deviasi < 0 else "")
        expected.append(
            [
                f"{period['realisasi']:.2f}",
                f"{period['realisasi_kumulatif']:.2f}",
                f"{sign}{abs(deviasi):.2f}",
                status_names[period["status"]],
            ]
        )
    assert shown == expected
    expect(rows.nth(2).locator("td").nth(8)).to_have_text("")  # not reported yet


def test_a_period_that_has_not_started_cannot_take_actual_progress(grid_page, schedule):
    page = grid_page
    actual(page)
    week_5 = schedule.cell("A.1", 4)
    expect(page.locator(week_5)).to_have_class(re.compile(r"\bjp-locked\b"))
    select(page, week_5)
    page.keyboard.type("10", delay=30)
    message = page.get_by_test_id("grid-message")
    expect(message).to_contain_text("has not started yet (today is 28 Jan 2026)")
    expect(page.locator(week_5)).to_have_text("")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    # The plan layer is not bound by today.
    page.get_by_test_id("layer-group").get_by_text("Plan", exact=True).click()
    type_into(page, week_5, "10")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")


def test_switching_layers_with_unsaved_edits_asks_first(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("C.1", 5), "5")
    page.get_by_test_id("layer-group").get_by_text("Actual", exact=True).click()
    dialog = page.get_by_test_id("layer-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-layer", "rencana")
    expect(page.get_by_test_id("layer-group").locator("#jp-layer-rencana")).to_be_checked()
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")

    page.get_by_test_id("layer-group").get_by_text("Actual", exact=True).click()
    dialog.get_by_role("button", name="Save changes, then switch").click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-layer", "realisasi")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    cell = schedule.tahapan[5]
    assert schedule.items["C.1"].tahapan_items.get(tahapan=cell).proporsi_volume == 5


def test_a_baseline_is_saved_the_plan_changed_and_both_curves_show(grid_page, schedule):
    page = grid_page
    kurva = open_tab(page, "Kurva S", "kurva-chart")
    panel = page.get_by_test_id("baseline-panel")
    panel.get_by_role("button", name="Save as baseline").click()
    dialog = page.get_by_test_id("baseline-dialog")
    expect(dialog.get_by_label("Name")).to_be_focused()
    dialog.get_by_label("Name").fill("Kontrak")
    dialog.get_by_role("button", name="Save baseline").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="Baseline “Kontrak” saved.")
    ).to_be_visible()
    expect(panel.get_by_test_id("baseline-item")).to_have_count(1)
    expect(kurva).to_have_attribute("data-baseline-count", "1")
    baseline = Baseline.objects.get(project=schedule.project)
    frozen = page.request.get(
        f"/detail_project/api/project/{schedule.project.pk}/kurva-s/?baseline={baseline.pk}"
    ).json()["baselines"][0]["kumulatif"]

    # The plan changes: A.2 moves from weeks 1-2 to weeks 6-7.
    page.get_by_role("tab", name="Grid").click()
    for week in (0, 1):
        select(page, schedule.cell("A.2", week))
        page.keyboard.press("Delete")
        expect(page.locator(schedule.cell("A.2", week))).to_have_text("")
    type_into(page, schedule.cell("A.2", 5), "50")
    type_into(page, schedule.cell("A.2", 6), "50")
    save(page)

    kurva = open_tab(page, "Kurva S", "kurva-chart")
    expect(kurva).to_have_attribute("data-baseline-count", "1")
    table = page.get_by_test_id("kurva-table")
    expect(table.locator("thead th").last).to_have_text("Kontrak")
    plan_column = [
        row.locator("td").nth(4).text_content() for row in table.locator("tbody tr").all()
    ]
    baseline_column = [
        row.locator("td").last.text_content() for row in table.locator("tbody tr").all()
    ]
    assert baseline_column == [f"{value:.2f}" for value in frozen]
    assert plan_column != baseline_column

    # Deleting asks first; cancelling keeps it.
    panel.get_by_role("button", name="Delete baseline Kontrak").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_contain_text("Delete baseline Kontrak?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(panel.get_by_test_id("baseline-item")).to_have_count(1)
    panel.get_by_role("button", name="Delete baseline Kontrak").click()
    confirm.get_by_role("button", name="Delete baseline").click()
    expect(panel.get_by_test_id("baseline-item")).to_have_count(0)
    expect(kurva).to_have_attribute("data-baseline-count", "0")
    assert not Baseline.objects.filter(project=schedule.project).exists()


def test_a_baseline_name_used_twice_is_explained(grid_page, schedule, planner, problems):
    from detail_project.services.baseline import baseline_create

    problems.expect_console_error("400 (Bad Request)")

    baseline_create(project=schedule.project, user=planner, nama="Kontrak", jenis="kontrak")
    page = grid_page
    open_tab(page, "Kurva S", "kurva-chart")
    page.get_by_test_id("baseline-panel").get_by_role("button", name="Save as baseline").click()
    dialog = page.get_by_test_id("baseline-dialog")
    dialog.get_by_label("Name").fill("kontrak")
    dialog.get_by_label("Name").press("Enter")
    expect(
        page.get_by_test_id("toast").filter(has_text="already exists in this project")
    ).to_be_visible()
    assert Baseline.objects.filter(project=schedule.project).count() == 1


def test_the_progress_page_in_indonesian(page, context, live_server, schedule, problems):
    from detail_project.tests.browser.conftest import login_as

    indonesian = context.browser.new_context(
        locale="id-ID", extra_http_headers={"Accept-Language": "id"}
    )
    login_as(indonesian, live_server, schedule.owner)
    tab = indonesian.new_page()
    tab.goto(live_server.url + schedule.url)
    tab.wait_for_selector("#jadwal-app[data-state='ready']")
    layers = tab.get_by_test_id("layer-group")
    expect(layers).to_contain_text("Rencana")
    expect(layers).to_contain_text("Realisasi")
    card = tab.get_by_test_id("progress-card")
    expect(card).to_contain_text("Rencana s/d hari ini")
    expect(card.get_by_test_id("card-status")).to_have_text("Belum ada realisasi")
    layers.get_by_text("Realisasi", exact=True).click()
    select(tab, schedule.cell("A.1", 0))
    typing(tab, "12,5", "Enter")
    tab.get_by_role("button", name="Simpan Semua Perubahan").click()
    expect(
        tab.get_by_test_id("toast").filter(has_text="Semua perubahan berhasil disimpan")
    ).to_be_visible()
    expect(tab.locator(schedule.cell("A.1", 0))).to_have_text("12,5")
    expect(card.get_by_test_id("card-period")).to_contain_text("dilaporkan s/d Minggu 1")
    status = card.get_by_test_id("card-status").text_content()
    assert status in {"Normal", "Terlambat", "Kritis"}
    screenshot(tab, "id/realisasi-grid")
    indonesian.close()


# --- on the demo building project (the issue's own walk-through) -----------------------------

DEMO_TODAY = dt.date(2026, 12, 9)  # a Wednesday: week 23 of the building project


@pytest.fixture
def building(transactional_db, monkeypatch):
    from detail_project.demo import seed_demo

    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    return seed_demo(today=DEMO_TODAY)


def bring_into_view(page, pekerjaan_id: int, tahapan_id: int) -> None:
    """Scroll the grid (it draws only the cells in view) to one pekerjaan's cell."""
    page.evaluate(
        """async ([row, column]) => {
            const grid = document.querySelector("revo-grid");
            await grid.scrollToColumnProp(column);
            const index = grid.source.findIndex((item) => item.key === row);
            await grid.scrollToRow(Math.max(index - 3, 0));
        }""",
        [f"p{pekerjaan_id}", f"t{tahapan_id}"],
    )
    expect(page.locator(f'[data-cell="p{pekerjaan_id}:{tahapan_id}"]')).to_be_visible()


def test_on_the_demo_building_actual_progress_baselines_and_the_kurva_s(
    page, context, live_server, building
):
    from detail_project.selectors.plans import generated_tahapan
    from detail_project.tests.browser.conftest import login_as

    project = building.building
    weeks = [row.pk for row in generated_tahapan(project)]
    pekerjaan = list(
        project.pekerjaan.order_by(
            "sub_klasifikasi__klasifikasi__ordering_index",
            "sub_klasifikasi__ordering_index",
            "ordering_index",
        )
    )
    login_as(context, live_server, building.user)
    page.goto(f"/detail_project/project/{project.pk}/jadwal-pekerjaan/")
    page.wait_for_selector("#jadwal-app[data-state='ready']")
    card = page.get_by_test_id("progress-card")
    expect(card.get_by_test_id("card-status")).to_have_text("Behind schedule")
    expect(card.get_by_test_id("card-period")).to_contain_text("Week 23")

    # This week's progress of a MEP pekerjaan still in progress, typed, saved, read back.
    api = f"/detail_project/api/project/{project.pk}/"
    before = page.request.get(api + "realisasi/").json()["assignments"]
    done = {(p, t): v for p, t, v in before}
    totals: dict[int, float] = {}
    for (p, _), value in done.items():
        totals[p] = totals.get(p, 0) + value
    target = next(p for p in reversed(pekerjaan) if 0 < totals.get(p.pk, 0) < 90)
    this_week = weeks[22]
    actual(page)
    cell = f'[data-cell="p{target.pk}:{this_week}"]'
    bring_into_view(page, target.pk, this_week)
    new_value = round(done.get((target.pk, this_week), 0) + 5, 2)
    type_into(page, cell, f"{new_value:g}")
    save(page)
    page.reload()
    page.wait_for_selector("#jadwal-app[data-state='ready']")
    actual(page)
    bring_into_view(page, target.pk, this_week)
    expect(page.locator(cell)).to_have_text(f"{new_value:g}")
    screenshot(page, "realisasi-grid")

    # The Kurva S: the actual line up to week 23, the deviasi, the statuses, all the server's.
    kurva = open_tab(page, "Kurva S", "kurva-chart")
    curve = page.request.get(api + "kurva-s/").json()
    expect(kurva).to_have_attribute("data-realisasi-count", "23")
    expect(kurva).to_have_attribute("data-kritis-count", "1")
    expect(kurva).to_have_attribute(
        "data-last-realisasi", f"{curve['periods'][22]['realisasi_kumulatif']:.2f}"
    )
    rows = page.get_by_test_id("kurva-table").locator("tbody tr")
    statuses = [rows.nth(i).get_attribute("data-status") for i in range(26)]
    assert statuses == [p["status"] for p in curve["periods"]]
    assert statuses.count("kritis") == 1 and statuses.count("terlambat") >= 2

    # Both demo baselines drawn; a new one saved, the plan changed, and both curves show.
    panel = page.get_by_test_id("baseline-panel")
    expect(panel.get_by_test_id("baseline-item")).to_have_count(2)
    for item in panel.get_by_test_id("baseline-item").all():
        item.get_by_role("checkbox").check()
    expect(kurva).to_have_attribute("data-baseline-count", "2")
    screenshot(page, "realisasi-kurva-s", full_page=True)
    panel.get_by_role("button", name="Save as baseline").click()
    dialog = page.get_by_test_id("baseline-dialog")
    dialog.get_by_label("Name").fill("Addendum 1")
    dialog.get_by_label("Kind").select_option("addendum")
    dialog.get_by_role("button", name="Save baseline").click()
    expect(panel.get_by_test_id("baseline-item")).to_have_count(3)
    expect(kurva).to_have_attribute("data-baseline-count", "3")
    page.get_by_role("tab", name="Grid").click()
    page.get_by_test_id("layer-group").get_by_text("Plan", exact=True).click()
    last = pekerjaan[-1]
    planned = page.request.get(api + "jadwal/").json()["assignments"]
    cells = sorted((t, v) for p, t, v in planned if p == last.pk)
    first_week, first_value = cells[0]
    weekly = [row for row in weeks]
    move_to = weekly[weekly.index(cells[-1][0]) + 1]
    bring_into_view(page, last.pk, first_week)
    select(page, f'[data-cell="p{last.pk}:{first_week}"]')
    page.keyboard.press("Delete")
    bring_into_view(page, last.pk, move_to)
    type_into(page, f'[data-cell="p{last.pk}:{move_to}"]', f"{first_value:g}")
    save(page)
    kurva = open_tab(page, "Kurva S", "kurva-chart")
    expect(kurva).to_have_attribute("data-baseline-count", "3")
    table = page.get_by_test_id("kurva-table")
    plan_column = [
        row.locator("td").nth(4).text_content() for row in table.locator("tbody tr").all()
    ]
    addendum = [row.locator("td").last.text_content() for row in table.locator("tbody tr").all()]
    assert addendum != plan_column  # the plan moved on, the baseline did not
    screenshot(page, "baseline-kurva-s", full_page=True)
