"""The Kebutuhan tab in Chromium (SPEC §13): per week of the plan, the resources of the
pekerjaan priced by an AHSP analysis. Every figure checked here is computed by the test itself
from the plan it saved (Σ volume × share × koefisien, × harga dasar), never read from the API;
then the kategori filter, quantity / cost, the stacked chart, the xlsx download, a save and a
time-scale switch that redraw the tab, and the empty state of a project priced without AHSP."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from detail_project.services import ahsp_pricing, jadwal_save
from detail_project.tests.ahsp_fixtures import PRICES, SEMEN, link, make_catalogue
from detail_project.tests.browser.conftest import (
    RAB,
    WEEKLY_PLAN,
    build_schedule,
    login_as,
    open_grid,
    screenshot,
)
from detail_project.tests.browser.test_jadwal_editing import type_into
from detail_project.tests.browser.test_jadwal_modes import choose_mode

pytestmark = pytest.mark.browser

WEEKS = 12
# The analyses' lines (ahsp_fixtures.make_catalogue): kode -> (kategori, koefisien).
BETON = {
    "L.01": ("tenaga", "1.65"),
    "L.02": ("tenaga", "0.275"),
    SEMEN: ("bahan", "371"),
    "B.0001": ("bahan", "698"),
    "E.01": ("alat", "0.25"),
}
PLESTER = {"L.01": ("tenaga", "0.3"), SEMEN: ("bahan", "6.24")}
LINKED = {"C.1": ("2.2.1.4.5", BETON), "B.2": ("2.3.1.1", PLESTER), "C.2": ("2.2.1.4.5", BETON)}
# On top of the sample plan (C.1: 50 % in week 5; B.2: 30 % in week 3, 70 % in week 4), C.1
# also takes 25 % of its volume in week 4, so week 4 needs semen for two pekerjaan.
EXTRA = {"C.1": {3: "25"}}
VOLUMES = {kode: Decimal(volume) for _, _, kode, _, _, volume, _ in RAB}


def plan() -> dict[str, dict[int, Decimal]]:
    """The saved plan: {kode: {week index: share as a fraction}}."""
    shares: dict[str, dict[int, Decimal]] = {}
    for source in (WEEKLY_PLAN, EXTRA):
        for kode, cells in source.items():
            for week, percent in cells.items():
                shares.setdefault(kode, {})[week] = Decimal(percent) / 100
    return shares


def need(item: str, week: int) -> Decimal:
    """By hand: Σ over the linked pekerjaan of volume × share in `week` × koefisien of `item`."""
    total = Decimal(0)
    for kode, (_, lines) in LINKED.items():
        share = plan().get(kode, {}).get(week, Decimal(0))
        if item in lines:
            total += VOLUMES[kode] * share * Decimal(lines[item][1])
    return total


def cost_of_week(week: int, kategori: str | None = None) -> Decimal:
    items = {kode for _, lines in LINKED.values() for kode in lines}
    kinds = {kode: kind for _, lines in LINKED.values() for kode, (kind, _) in lines.items()}
    return sum(
        (need(kode, week) * PRICES[kode] for kode in items if kategori in (None, kinds[kode])),
        Decimal(0),
    )


def english(value: Decimal, places: int = 2) -> str:
    """How the page writes a number for an English reader: 1,150.10 (rupiah: 1,955,170)."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


@pytest.fixture
def priced(planner):
    """The sample weekly schedule with C.1, B.2 and C.2 priced by AHSP analyses (C.2 is not
    planned) and C.1's extra 25 % in week 4."""
    schedule = build_schedule(planner)
    make_catalogue()
    for kode, (analysis, _) in LINKED.items():
        link(schedule.items[kode], analysis, planner)
    ahsp_pricing.harga_dasar_update(project=schedule.project, user=planner, prices=PRICES)
    schedule.refresh()
    jadwal_save.jadwal_save(
        project=schedule.project,
        user=planner,
        version=schedule.project.jadwal_version,
        changes=[
            jadwal_save.CellChange(
                schedule.items[kode].pk, schedule.tahapan[week].pk, int(Decimal(value) * 100)
            )
            for kode, cells in EXTRA.items()
            for week, value in cells.items()
        ],
    )
    schedule.refresh()
    return schedule


@pytest.fixture
def kebutuhan_page(page, context, live_server, priced):
    login_as(context, live_server, priced.owner)
    open_grid(page, priced)
    open_kebutuhan(page)
    return page


def workbook(download):
    with open(download.path(), "rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def open_kebutuhan(page):
    page.get_by_role("tab", name="Kebutuhan").click()
    pane = page.get_by_test_id("kebutuhan-pane")
    expect(pane).to_have_attribute("data-ready", "true")
    return pane


def grid(page):
    return page.get_by_test_id("kebutuhan-grid")


def reveal(page, week: int) -> None:
    """The grid draws only the columns in view: scroll week `week` into it."""
    grid(page).evaluate("(grid, prop) => grid.scrollToColumnProp(prop)", f"s{week}")


def cell(page, kode: str, week: int):
    reveal(page, week)
    return grid(page).locator(f'.rgCell[data-kode="{kode}"][data-slot="{week}"]')


def fixed(page, kode: str, column: str):
    return grid(page).locator(f'.rgCell[data-kode="{kode}"][data-col="{column}"]')


def total_cell(page, week: int):
    reveal(page, week)
    return grid(page).locator(f'.rgCell[data-row="total"][data-slot="{week}"]')


def grand_total(page):
    return grid(page).locator('.rgCell[data-row="total"][data-col="total"]')


KODES = """(grid) => [...grid.querySelectorAll('.rgCell[data-col="kode"][data-kode]')]
    .map((cell) => [cell.getBoundingClientRect().top, cell.dataset.kode])
    .sort((a, b) => a[0] - b[0]).map(([, kode]) => kode)"""


def expect_kodes(page, expected: list[str]) -> None:
    """The resources top to bottom are `expected` (waiting for the grid to draw them)."""
    page.wait_for_function(
        f"(expected) => JSON.stringify(({KODES})(document.querySelector("
        f"'[data-testid=kebutuhan-grid]'))) === JSON.stringify(expected)",
        arg=expected,
    )


def test_the_semen_of_every_week_is_volume_times_share_times_koefisien(kebutuhan_page, priced):
    page = kebutuhan_page
    pane = page.get_by_test_id("kebutuhan-pane")
    expect(pane).to_have_attribute("data-state", "ready")
    expect(grid(page)).to_have_attribute("data-period-count", str(WEEKS))
    header = grid(page).locator('.jp-th[data-slot="3"]')
    expect(header).to_contain_text("Week 4")
    expect(header).to_contain_text("26 Jan-1 Feb")
    # Week 4: C.1 6.2 m3 × 25 % × 371 kg + B.2 40 m2 × 70 % × 6.24 kg = 749.77 kg
    assert need(SEMEN, 3) == Decimal("749.77")
    for week in range(WEEKS):
        expected = need(SEMEN, week)
        expect(cell(page, SEMEN, week)).to_have_text(english(expected) if expected else "")
    expect(cell(page, SEMEN, 4)).to_have_text("1,150.10")  # 6.2 × 50 % × 371
    assert Decimal(cell(page, SEMEN, 3).get_attribute("data-quantity")) == need(SEMEN, 3)
    expect(fixed(page, SEMEN, "uraian")).to_have_text("Semen Portland")
    expect(fixed(page, SEMEN, "satuan")).to_have_text("kg")
    semen_total = sum((need(SEMEN, week) for week in range(WEEKS)), Decimal(0))
    expect(fixed(page, SEMEN, "total")).to_have_text(english(semen_total))
    # tenaga, bahan, alat in that order; C.2 (not planned) needs nothing
    expect_kodes(page, ["L.01", "L.02", "B.0001", SEMEN, "E.01"])
    # the cost of every week, in rupiah, under the table
    for week in range(WEEKS):
        expected = cost_of_week(week)
        expect(total_cell(page, week)).to_have_text(english(expected, 0) if expected else "")
    assert Decimal(total_cell(page, 3).get_attribute("data-cost")) == cost_of_week(3).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    reveal(page, 0)
    screenshot(page, "kebutuhan-tab", full_page=True)


def test_the_kategori_filter_and_the_cost_view(kebutuhan_page, priced):
    page = kebutuhan_page
    chart = page.get_by_test_id("kebutuhan-chart")
    expect(chart).to_have_attribute("data-series", "tenaga,bahan,alat")
    expect(chart).to_have_attribute("data-bar-count", str(WEEKS))
    expect(chart.locator("canvas").first).to_be_visible()

    filter_ = page.get_by_test_id("kebutuhan-kategori")
    expect(filter_.locator("option")).to_have_text(["All", "Tenaga kerja", "Bahan", "Peralatan"])
    filter_.select_option("bahan")
    expect(chart).to_have_attribute("data-series", "bahan")
    expect(grid(page)).to_have_attribute("data-item-count", "2")
    expect_kodes(page, ["B.0001", SEMEN])
    expect(cell(page, SEMEN, 3)).to_have_text("749.77")
    expect(total_cell(page, 3)).to_have_text(english(cost_of_week(3, "bahan"), 0))
    link_ = page.get_by_test_id("kebutuhan-download")
    assert "scale=weekly" in link_.get_attribute("href")
    assert "kategori=bahan" in link_.get_attribute("href")

    filter_.select_option("tenaga")
    expect(chart).to_have_attribute("data-series", "tenaga")
    expect(grid(page)).to_have_attribute("data-item-count", "2")
    expect_kodes(page, ["L.01", "L.02"])
    # Pekerja, week 4: 6.2 × 25 % × 1.65 + 40 × 70 % × 0.3 = 10.9575 OH
    expect(cell(page, "L.01", 3)).to_have_text(english(need("L.01", 3)))

    filter_.select_option("")
    expect(chart).to_have_attribute("data-series", "tenaga,bahan,alat")
    page.get_by_test_id("kebutuhan-measure").get_by_text("Cost (Rp)").click()
    expect(grid(page)).to_have_attribute("data-measure", "cost")
    expect(grid(page).locator(".rgHeaderCell").filter(has_text="Total (Rp)")).to_have_count(1)
    # 749.77 kg × Rp 1,700
    expect(cell(page, SEMEN, 3)).to_have_text(english(need(SEMEN, 3) * PRICES[SEMEN], 0))
    expect(cell(page, "B.0001", 4)).to_have_text(english(need("B.0001", 4) * PRICES["B.0001"], 0))
    page.get_by_test_id("kebutuhan-measure").get_by_text("Quantity").click()
    expect(cell(page, SEMEN, 3)).to_have_text("749.77")


def test_the_xlsx_download_carries_the_scale_and_kategori(kebutuhan_page, priced):
    page = kebutuhan_page
    with page.expect_download() as info:
        page.get_by_test_id("kebutuhan-download").click()
    assert info.value.suggested_filename == "kebutuhan-mingguan-gedung-serbaguna.xlsx"
    sheet = workbook(info.value)["Kebutuhan"]
    semen = next(row for row in sheet.iter_rows(values_only=True) if row[1] == SEMEN)
    assert Decimal(str(semen[4 + 3])) == need(SEMEN, 3)

    page.get_by_test_id("kebutuhan-kategori").select_option("alat")
    expect(grid(page)).to_have_attribute("data-item-count", "1")
    with page.expect_download() as info:
        page.get_by_test_id("kebutuhan-download").click()
    assert info.value.suggested_filename == "kebutuhan-alat-mingguan-gedung-serbaguna.xlsx"
    sheet = workbook(info.value)["Kebutuhan"]
    kodes = [row[1] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert kodes == ["E.01"]


def test_a_save_and_a_scale_switch_redraw_the_tab(kebutuhan_page, priced):
    page = kebutuhan_page
    expect(cell(page, SEMEN, 5)).to_have_text("")
    # plan C.1's last quarter in week 6, in the grid, and save
    page.get_by_role("tab", name="Grid").click()
    type_into(page, priced.cell("C.1", 5), "25")
    page.get_by_role("button", name="Save All Changes").click()
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    open_kebutuhan(page)
    expect(cell(page, SEMEN, 5)).to_have_text(english(VOLUMES["C.1"] * Decimal("0.25") * 371))
    weekly_total = grand_total(page).get_attribute("data-cost")

    # a switch to monthly with the tab open: three months, the same total cost
    dialog = choose_mode(page, "Monthly")
    dialog.get_by_test_id("mode-confirm").click()
    expect(page.get_by_test_id("toast").filter(has_text="Mode switched to monthly")).to_be_visible()
    expect(grid(page)).to_have_attribute("data-period-count", "3")
    expect(grid(page).locator('.jp-th[data-slot="0"]')).to_contain_text("January 2026")
    expect(page.get_by_test_id("kebutuhan-pane")).to_have_attribute("data-ready", "true")
    expect(grand_total(page)).to_have_attribute("data-cost", weekly_total)
    assert "scale=monthly" in page.get_by_test_id("kebutuhan-download").get_attribute("href")


def test_a_project_without_ahsp_says_how_to_link_pekerjaan(page, context, live_server, planner):
    schedule = build_schedule(planner)
    login_as(context, live_server, planner)
    open_grid(page, schedule)
    pane = open_kebutuhan(page)
    expect(pane).to_have_attribute("data-state", "unlinked")
    empty = page.get_by_test_id("kebutuhan-unlinked")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No pekerjaan is priced by an AHSP analysis yet")
    expect(empty.get_by_role("link", name="RAB page")).to_have_attribute(
        "href", f"/detail_project/project/{schedule.project.pk}/rab/"
    )
    expect(page.get_by_test_id("kebutuhan-chart")).to_be_hidden()
    expect(page.get_by_test_id("kebutuhan-download")).to_be_hidden()


@pytest.mark.parametrize("browser_locale", ["id-ID"])
def test_an_indonesian_reader_gets_indonesian_numbers(kebutuhan_page, priced):
    page = kebutuhan_page
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(cell(page, SEMEN, 3)).to_have_text("749,77")
    expect(cell(page, SEMEN, 4)).to_have_text("1.150,10")
    expect(grid(page).locator('.jp-th[data-slot="3"]')).to_contain_text("Minggu 4")
    # the cost of week 4 grouped the Indonesian way: 3.011.495
    expect(total_cell(page, 3)).to_have_text(english(cost_of_week(3), 0).replace(",", "."))
