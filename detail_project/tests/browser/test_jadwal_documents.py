"""Documents from the Jadwal page in Chromium (SPEC §11): the "Documents" dialog downloads the
time schedule (PDF A3, xlsx) and a weekly report of the period chosen, each opened and checked;
printing the page prints its content, not the toolbar."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from detail_project import clock, money
from detail_project.tests.browser.conftest import login_as, screenshot

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 12, 9)  # week 23 of the demo building project


@pytest.fixture
def building(transactional_db, monkeypatch):
    from detail_project.demo import seed_demo

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return seed_demo(today=TODAY)


@pytest.fixture
def building_page(page, context, live_server, building):
    login_as(context, live_server, building.user)
    page.goto(f"/detail_project/project/{building.building.pk}/jadwal-pekerjaan/")
    page.wait_for_selector("#jadwal-app[data-state='ready']")
    return page


def download(page, **choices):
    page.get_by_test_id("documents-button").click()
    dialog = page.get_by_test_id("documents-dialog")
    expect(dialog).to_be_visible()
    for label, value in choices.items():
        dialog.get_by_label(label).select_option(value)
    with page.expect_download() as info:
        dialog.get_by_role("button", name="Download").click()
    name = info.value.suggested_filename
    expect(page.get_by_test_id("toast").filter(has_text=f"{name} downloaded.")).to_be_visible()
    return info.value


def opened(download):
    """The downloaded file's bytes (the browser saves it without its extension)."""
    with open(download.path(), "rb") as handle:
        return io.BytesIO(handle.read())


def test_the_time_schedule_pdf_and_xlsx_download_from_the_page(building_page, building):
    page = building_page
    pdf = download(page)  # the defaults: time schedule, the page's scale, PDF, A3

    assert pdf.suggested_filename == "jadwal-mingguan-pembangunan-gedung-kantor-desa-2-lantai.pdf"
    reader = PdfReader(opened(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape
    assert "Pembangunan Gedung Kantor Desa 2 Lantai" in reader.pages[0].extract_text()

    xlsx = download(page, Format="xlsx", **{"Time scale": "monthly"})
    assert xlsx.suggested_filename.startswith("jadwal-bulanan-")
    sheet = load_workbook(opened(xlsx)).active
    assert len(sheet._charts) == 1


def test_a_weekly_report_of_the_chosen_week(building_page, building):
    page = building_page
    page.get_by_test_id("documents-button").click()
    dialog = page.get_by_test_id("documents-dialog")
    dialog.get_by_label("Document").select_option("mingguan")
    # The period list offers the weeks with their dates, today's week chosen.
    expect(dialog.get_by_label("Period")).to_have_value("23")
    expect(dialog.get_by_label("Period").locator("option").first).to_have_text(
        "Week 1: 6 Jul 2026 \u2013 12 Jul 2026"
    )
    expect(dialog.get_by_label("Format").locator("option[value=csv]")).to_be_disabled()
    periods = page.request.get(
        f"/detail_project/api/project/{building.building.pk}/kurva-s/"
    ).json()["periods"]
    # The demo's story: one week beyond the kontrak kritis line. Report that week.
    kritis = next(i for i, p in enumerate(periods) if p["status"] == "kritis")
    dialog.get_by_label("Period").select_option(str(kritis + 1))
    dialog.get_by_label("Format").select_option("xlsx")
    screenshot(page, "documents-dialog")
    with page.expect_download() as info:
        dialog.get_by_role("button", name="Download").click()
    report = info.value

    assert (
        report.suggested_filename
        == f"laporan-mingguan-{kritis + 1}-pembangunan-gedung-kantor-desa-2-lantai.xlsx"
    )
    values = load_workbook(opened(report), data_only=True).active
    curve = periods[kritis]
    total = next(r for r in range(1, values.max_row + 1) if values.cell(r, 1).value == "Total")
    assert values.cell(total, 8).value == pytest.approx(curve["rencana_kumulatif"], abs=0.005)
    assert values.cell(total, 11).value == pytest.approx(curve["realisasi_kumulatif"], abs=0.005)
    texts = {c.value for row in values.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Kritis" in texts


def test_printing_the_page_prints_its_content_not_the_toolbar(building_page):
    page = building_page
    page.emulate_media(media="print")

    expect(page.locator(".jp-toolbar")).to_be_hidden()
    expect(page.locator(".navbar")).to_be_hidden()
    expect(page.get_by_test_id("progress-card")).to_be_visible()
    expect(page.get_by_test_id("print-note")).to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("tab", name="Kurva S").click()
    expect(page.get_by_test_id("kurva-chart")).to_have_attribute("data-ready", "true")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("kurva-table").locator("tbody tr")).to_have_count(26)
    expect(page.get_by_test_id("kurva-table")).to_be_visible()
    expect(page.get_by_role("button", name="Save as PNG")).to_be_hidden()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Save All Changes" not in text
    assert "Week 26" in text


def test_the_week_10_report_as_pdf(building_page, building):
    page = building_page
    report = download(page, Document="mingguan", Period="10")

    assert report.suggested_filename.startswith("laporan-mingguan-10-")
    reader = PdfReader(opened(report))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "LAPORAN MINGGUAN" in text
    assert "Minggu 10 (7 September 2026 – 13 September 2026)" in text
    assert "Dewi Lestari, S.T." in reader.pages[-1].extract_text()  # the signatures, last page
    curve = page.request.get(f"/detail_project/api/project/{building.building.pk}/kurva-s/").json()
    week = curve["periods"][9]
    for key in ("rencana_kumulatif", "realisasi_kumulatif"):  # the summary lines
        assert f"{money.format_decimal_id(Decimal(str(week[key])), 2)} %" in text


def test_the_rab_downloads_from_the_rab_page_with_its_totals(page, context, live_server, building):
    login_as(context, live_server, building.user)
    page.goto(f"/detail_project/project/{building.building.pk}/rab/")
    with page.expect_download() as info:
        page.get_by_test_id("rab-export-xlsx").click()
    xlsx = info.value

    assert xlsx.suggested_filename == "rab-pembangunan-gedung-kantor-desa-2-lantai.xlsx"
    values = load_workbook(opened(xlsx), data_only=True).active
    shown = page.get_by_test_id("grand-total").locator("td.num").inner_text()
    totals = {
        values.cell(r, 1).value: values.cell(r, 7).value for r in range(1, values.max_row + 1)
    }
    assert int(re.sub(r"\D", "", shown)) == totals["GRAND TOTAL"] > 0
    formulas = load_workbook(opened(xlsx)).active
    assert any(str(cell.value).startswith("=SUM(") for row in formulas.iter_rows() for cell in row)


@pytest.mark.parametrize("browser_locale", ["id-ID"])
def test_the_dialog_in_indonesian_names_the_documents_in_indonesian(building_page):
    page = building_page
    page.get_by_test_id("documents-button").click()
    dialog = page.get_by_test_id("documents-dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Unduh dokumen")
    dialog.get_by_label("Dokumen").select_option("mingguan")
    expect(dialog.get_by_label("Periode").locator("option").first).to_have_text(
        "Minggu 1: 6 Jul 2026 \u2013 12 Jul 2026"
    )
    screenshot(page, "id/documents-dialog")
