"""The team in Chromium (SPEC §14): the pemilik adds a member on the Team page; a pembaca sees
the RAB and the grid read-only with the reason; a pengawas cannot touch the plan but switches to
Actual and records realisasi, which the history shows under their name; a member removed while
editing has the next save refused, with the edits kept on the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dashboard.models import Anggota, Peran
from detail_project import clock
from detail_project.models import JadwalLog, RealisasiHarian
from detail_project.services import team
from detail_project.tests.browser.conftest import PASSWORD, login_as, open_grid, screenshot
from detail_project.tests.browser.test_jadwal_editing import select, type_into, typing
from detail_project.tests.conftest import cells_of

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 1, 28)  # Wednesday of week 4 of the 12-week fixture schedule


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def member(schedule, username: str, peran: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD)
    Anggota.objects.create(project=schedule.project, user=user, peran=peran)
    return user


def test_the_pemilik_adds_a_member_who_then_finds_the_project_shared(
    page, context, live_server, schedule
):
    get_user_model().objects.create_user("siti", "siti@example.com", PASSWORD)
    login_as(context, live_server, schedule.owner)
    page.goto(f"/detail_project/project/{schedule.project.pk}/anggota/")
    form = page.get_by_test_id("team-add")
    form.get_by_label("Username").fill("nobody")
    form.get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("team-error")).to_contain_text("Nobody has the username")
    form = page.get_by_test_id("team-add")
    form.get_by_label("Username").fill("siti")
    form.get_by_label("Role").select_option("pengawas")
    form.get_by_role("button", name="Add").click()
    expect(page.get_by_text("siti joined the team as Pengawas.")).to_be_visible()
    row = page.locator('[data-testid="team-row"][data-username="siti"]')
    expect(row).to_have_attribute("data-peran", "pengawas")
    screenshot(page, "team")

    siti = context.browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}
    )
    login_as(siti, live_server, get_user_model().objects.get(username="siti"))
    other = siti.new_page()
    other.goto("/")
    other.get_by_test_id("shared-tab").click()
    shared = other.get_by_test_id("project-table")
    expect(shared).to_contain_text("Gedung Serbaguna")
    expect(shared.get_by_test_id("shared-peran")).to_have_text("Pengawas")
    expect(shared.get_by_role("link", name="Delete")).to_have_count(0)
    siti.close()


def test_a_pembaca_sees_the_rab_and_the_grid_read_only_and_why(
    page, context, live_server, schedule
):
    login_as(context, live_server, member(schedule, "budi", Peran.PEMBACA))
    page.goto(f"/detail_project/project/{schedule.project.pk}/rab/")
    expect(page.get_by_test_id("peran-badge")).to_have_text("Your role: Pembaca")
    expect(page.get_by_test_id("add-klasifikasi")).to_be_disabled()
    expect(page.get_by_test_id("readonly-reason")).to_contain_text(
        "Your role in this project is Pembaca, which does not let you change the RAB"
    )
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)

    open_grid(page, schedule)
    note = page.get_by_test_id("role-note")
    expect(note).to_contain_text("does not let you change the plan and the time scale")
    expect(page.get_by_role("button", name="Save All Changes")).to_be_disabled()
    expect(page.locator("#jp-mode-monthly")).to_be_disabled()
    before = cells_of(schedule.project)
    select(page, schedule.cell("C.2", 0))
    page.keyboard.type("5")
    expect(page.get_by_test_id("grid-message")).to_contain_text("Pembaca")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    screenshot(page, "team-read-only")

    page.get_by_test_id("layer-group").get_by_text("Actual", exact=True).click()
    expect(note).to_contain_text("does not let you record realisasi")
    after = cells_of(schedule.project)
    assert after == before


def test_a_pengawas_records_realisasi_only_and_the_history_names_them(
    page, context, live_server, schedule
):
    pengawas = member(schedule, "wati", Peran.PENGAWAS)
    login_as(context, live_server, pengawas)
    open_grid(page, schedule)
    note = page.get_by_test_id("role-note")
    expect(note).to_contain_text("Pengawas")
    expect(page.get_by_role("button", name="Save All Changes")).to_be_disabled()

    page.get_by_test_id("layer-group").get_by_text("Actual", exact=True).click()
    expect(page.locator("#jadwal-app")).to_have_attribute("data-layer", "realisasi")
    expect(note).to_be_hidden()
    type_into(page, schedule.cell("A.2", 0), "40")
    page.get_by_role("button", name="Save All Changes").click()
    expect(
        page.get_by_test_id("toast").filter(has_text="All changes saved successfully")
    ).to_be_visible()
    assert RealisasiHarian.objects.get(pekerjaan=schedule.items["A.2"]).total == 4000
    log = JadwalLog.objects.filter(action=JadwalLog.Action.REALISASI_SAVE).get()
    assert log.user == pengawas

    page.goto(f"/detail_project/project/{schedule.project.pk}/riwayat/")
    page.get_by_label("Member").select_option(label="wati")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("history-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-action", "realisasi_save")
    expect(rows.first).to_contain_text("Realisasi saved")
    screenshot(page, "team-history")


def test_a_member_removed_while_editing_has_the_next_save_refused(
    page, context, live_server, schedule, problems
):
    penyunting = member(schedule, "agus", Peran.PENYUNTING)
    login_as(context, live_server, penyunting)
    open_grid(page, schedule)
    select(page, schedule.cell("C.2", 5))
    typing(page, "25", "Enter")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    before = cells_of(schedule.project)

    team.member_remove(project=schedule.project, by=schedule.owner, user_id=penyunting.pk)
    problems.expect_console_error("status of 404")  # the browser logs the refused save
    page.get_by_role("button", name="Save All Changes").click()

    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("Not saved: you are no longer in this project's team.")
    expect(problem).to_contain_text("Your 1 change is kept on this page")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    after = cells_of(schedule.project)
    assert after == before
    # The page keeps the edits (leaving it would ask first); elsewhere the project is gone.
    other = context.new_page()
    other.goto(f"/detail_project/project/{schedule.project.pk}/rab/")
    expect(other.get_by_text("a project you are not a member of")).to_be_visible()


@pytest.mark.parametrize("browser_locale", ["id-ID"])
def test_in_indonesian_a_pembaca_reads_why_and_the_team_page_speaks_indonesian(
    page, context, live_server, schedule
):
    login_as(context, live_server, member(schedule, "budi", Peran.PEMBACA))
    open_grid(page, schedule)
    expect(page.get_by_test_id("role-note")).to_contain_text(
        "Peran Anda di proyek ini adalah Pembaca, yang tidak mengizinkan Anda mengubah rencana"
    )
    expect(page.get_by_role("button", name="Simpan Semua Perubahan")).to_be_disabled()
    screenshot(page, "id/team-read-only")

    page.goto(f"/detail_project/project/{schedule.project.pk}/anggota/")
    expect(page.get_by_test_id("team-readonly")).to_contain_text("mengelola tim")
    expect(page.get_by_test_id("team-leave")).to_have_text("Keluar dari tim")
    screenshot(page, "id/team")
