"""The app in the planner's language, end to end in Chromium (SPEC §12): a browser asking for
Indonesian (or for nothing we have) gets Indonesian pages, Indonesian numbers typed the
Indonesian way are read right, English stays available, and the navbar switch is remembered
with the account."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from dashboard.models import Project
from detail_project.demo import SAMPLE_RAB
from detail_project.tests.browser.conftest import VIEWPORT, login_as, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_locale():
    return "id-ID"


def test_an_indonesian_browser_creates_a_project_with_indonesian_numbers(
    page, context, live_server, planner
):
    login_as(context, live_server, planner)
    page.goto("/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Proyek", exact=True)).to_be_visible()
    page.get_by_role("link", name="Proyek baru").first.click()

    page.get_by_label("Nama proyek").fill("Gedung Serbaguna")
    page.get_by_label("Anggaran owner (Rp)").fill("1.500.000.000")
    page.get_by_label("PPN (%)").fill("11,5")
    page.get_by_label("Tanggal mulai").fill("2026-01-05")
    page.get_by_label("Tanggal selesai").fill("2026-03-29")
    screenshot(page, "id/project-form")
    page.get_by_role("button", name="Buat proyek").click()

    project = Project.objects.get(owner=planner)
    assert project.anggaran_owner == Decimal("1500000000")
    assert project.ppn_percent == Decimal("11.5")
    page.goto("/dashboard/")
    expect(page.get_by_text("Rp 1.500.000.000")).to_be_visible()


def test_an_end_date_before_the_start_says_so_in_indonesian(page, context, live_server, planner):
    login_as(context, live_server, planner)
    page.goto("/dashboard/project/new/")
    page.get_by_label("Nama proyek").fill("Jembatan")
    page.get_by_label("Tanggal mulai").fill("2026-01-05")
    page.get_by_label("Tanggal selesai").fill("2026-01-01")
    page.get_by_role("button", name="Buat proyek").click()
    message = page.get_by_text(re.compile("Tanggal selesai harus"))
    expect(message).to_contain_text("5 Jan 2026")
    expect(page.get_by_text("tanggal_selesai")).to_have_count(0)
    assert not Project.objects.exists()


def test_the_navbar_switch_is_saved_with_the_account(browser, page, context, live_server, planner):
    login_as(context, live_server, planner)
    page.goto("/dashboard/")
    switch = page.get_by_test_id("language-switch")
    switch.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Projects", exact=True)).to_be_visible()

    # Another device, an Indonesian browser, the same account: English, as chosen.
    other = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, locale="id-ID")
    try:
        login_as(other, live_server, planner)
        fresh = other.new_page()
        fresh.goto("/dashboard/")
        expect(fresh.locator("html")).to_have_attribute("lang", "en")
    finally:
        other.close()

    page.get_by_test_id("language-switch").get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Proyek", exact=True)).to_be_visible()


def test_a_browser_asking_for_another_language_gets_indonesian(
    browser, live_server, planner, settings
):
    settings.LANGUAGE_CODE = "id"  # the shipped default (the suite runs with en)
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.get_by_role("button", name="Masuk")).to_be_visible()
    finally:
        context.close()


def test_an_indonesian_browser_imports_the_sample_rab_and_reads_it_in_rupiah(
    page, context, live_server, planner
):
    """Import, preview and RAB page in Indonesian: amounts "Rp 8.012.739.981", PPN "10 %"
    (never "1E+1"), volumes with a decimal comma."""
    project = Project.objects.create(
        owner=planner,
        nama="Gedung Serbaguna",
        tanggal_mulai=dt.date(2026, 1, 5),
        tanggal_selesai=dt.date(2026, 3, 29),
    )
    login_as(context, live_server, planner)
    page.goto(f"/detail_project/project/{project.pk}/rab/")
    expect(page.get_by_test_id("rab-empty")).to_be_visible()
    page.get_by_test_id("import-rab").click()
    expect(page.get_by_role("heading", name="Impor RAB")).to_be_visible()
    page.get_by_label("Berkas RAB (.xlsx atau .csv)").set_input_files(str(SAMPLE_RAB))
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()

    expect(page.get_by_role("heading", name=re.compile("Pratinjau impor"))).to_be_visible()
    expect(page.get_by_test_id("import-total")).to_have_text("Rp 8.012.739.981")
    expect(page.get_by_test_id("totals-match")).to_be_visible()
    expect(page.get_by_text("Gunakan PPN berkas 10 %")).to_be_visible()
    expect(page.get_by_text("1E+1")).to_have_count(0)
    screenshot(page, "id/import-preview", full_page=True)
    page.get_by_label(re.compile("Gunakan PPN berkas")).check()
    page.get_by_test_id("confirm-import").click()

    expect(page.get_by_text("PPN diatur menjadi 10 %.")).to_be_visible()
    expect(page.get_by_test_id("total-biaya-langsung")).to_contain_text("Rp 8.012.739.981")
    expect(page.get_by_test_id("grand-total")).to_contain_text("Rp 8.814.013.979")
    volume = page.get_by_test_id("pekerjaan-row").first.locator("td.num").first
    expect(volume).to_have_text(re.compile(r"^\d{1,3}(\.\d{3})*,\d{3}$"))
    screenshot(page, "id/rab")
    project.refresh_from_db()
    assert project.ppn_percent == Decimal("10")
