"""The strict Content-Security-Policy in Chromium: every page, every tab and dialog of the
Jadwal page, Save as PNG, the RAB and its import, the project pages, logging in and signing up,
the admin and the API docs, with zero violations.

Every browser test already fails on a violation (conftest.py: `csp_violations`); this module
walks through everything once on purpose, checks after each step, and shows that the listener
does catch a violation and that inline code, inline styles and eval are really refused.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from detail_project.demo import SAMPLE_RAB
from detail_project.tests.browser.conftest import PASSWORD, login_as
from detail_project.tests.browser.test_jadwal_editing import type_into

pytestmark = pytest.mark.browser


def policy_nonce(response) -> str | None:
    header = response.header_value("content-security-policy")
    assert header, f"{response.url}: no Content-Security-Policy header"
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header
    found = re.search(r"'nonce-([^']+)'", header)
    return found[1] if found else None


def assert_clean(page, step: str) -> None:
    """No violation so far on this page (the listener keeps them in window.__cspViolations)."""
    page.wait_for_timeout(50)  # violations are reported in a task of their own
    found = page.evaluate("window.__cspViolations")
    assert found == [], f"{step}: {found}"


def point_at_and_zoom(page, chart) -> None:
    """Move the mouse across a chart (tooltips) and scroll on it (the Gantt zooms)."""
    box = chart.bounding_box()
    for share in (0.2, 0.4, 0.6, 0.8):
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * 0.4)
        page.wait_for_timeout(50)
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(100)


def visit(page, url: str, step: str) -> str | None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{step}: {url} answered {response}"
    nonce = policy_nonce(response)
    assert_clean(page, step)
    return nonce


def test_the_listener_catches_inline_style_and_script_and_eval_is_refused(
    page, context, live_server, planner, csp_violations
):
    login_as(context, live_server, planner)
    # A script of this site that tries eval (page.evaluate itself is exempt from the CSP).
    page.route(
        "**/csp-probe.js",
        lambda route: route.fulfill(
            content_type="text/javascript",
            body="try { window.__evaluated = eval('1 + 1'); }"
            " catch (error) { window.__evaluated = error.name; }",
        ),
    )
    visit(page, "/dashboard/", "project list")
    csp_violations.expect("style-src")
    csp_violations.expect("script-src")
    page.evaluate(
        """() => {
          document.body.setAttribute("style", "background: red");
          const inline = document.createElement("script");
          inline.textContent = "window.__injected = true";
          document.body.append(inline);
          const probe = document.createElement("script");
          probe.src = "/csp-probe.js";
          document.body.append(probe);
        }"""
    )
    # Polled with page.evaluate, which the CSP exempts: wait_for_function compiles its
    # predicate inside the page, and under load that compile was itself refused as an eval.
    for _ in range(250):
        if page.evaluate("() => window.__evaluated !== undefined"):
            break
        page.wait_for_timeout(20)
    outcome = page.evaluate(
        """() => ({
          background: getComputedStyle(document.body).backgroundColor,
          injected: window.__injected === true,
          evaluated: window.__evaluated,
        })"""
    )
    assert outcome["background"] != "rgb(255, 0, 0)"  # the style attribute was not applied
    assert outcome["injected"] is False  # the inline script did not run
    assert outcome["evaluated"] == "EvalError"  # eval threw
    page.wait_for_timeout(100)
    found = page.evaluate("window.__cspViolations")
    assert any(v.startswith("style-src-attr") for v in found), found
    assert any(v.startswith("script-src-elem blocked inline") for v in found), found
    assert any(v.startswith("script-src blocked eval") for v in found), found


def test_logging_in_signing_up_and_the_project_pages(page, planner, schedule):
    project = schedule.project
    visit(page, "/accounts/signup/", "sign up")
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    visit(page, "/accounts/login/", "log in")
    page.get_by_label("Username").fill(planner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("project-table")).to_be_visible()
    assert_clean(page, "project list after logging in")
    for url, step in (
        ("/dashboard/project/new/", "new project"),
        (f"/dashboard/project/{project.pk}/edit/", "edit project"),
        (f"/dashboard/project/{project.pk}/duplicate/", "duplicate project"),
        (f"/dashboard/project/{project.pk}/delete/", "delete project"),
        ("/dashboard/?q=nothing-matches", "no search results"),
    ):
        visit(page, url, step)
    # the navbar's language switch posts a form and comes back
    page.get_by_test_id("language-switch").get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_clean(page, "language switch")
    page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_clean(page, "language switch back")


def test_the_rab_its_forms_and_its_import(page, context, live_server, schedule):
    project = schedule.project
    pekerjaan = schedule.items["A.1"]
    login_as(context, live_server, schedule.owner)
    base = f"/detail_project/project/{project.pk}/rab/"
    visit(page, base, "RAB")
    expect(page.get_by_test_id("rab-table")).to_be_visible()
    for url, step in (
        (f"{base}klasifikasi/new/", "new klasifikasi"),
        (f"{base}sub/{pekerjaan.sub_klasifikasi_id}/pekerjaan/new/", "new pekerjaan"),
        (f"{base}pekerjaan/{pekerjaan.pk}/edit/", "edit pekerjaan"),
        (f"{base}pekerjaan/{pekerjaan.pk}/delete/", "delete pekerjaan"),
    ):
        visit(page, url, step)
    # a row moves with a POST from the RAB page
    visit(page, base, "RAB again")
    page.locator(f"#pekerjaan-{pekerjaan.pk}").get_by_role("button", name="Move down").click()
    expect(page.get_by_test_id("rab-table")).to_be_visible()
    assert_clean(page, "move a pekerjaan")
    # import: upload, preview, confirm
    visit(page, f"{base}import/", "import")
    page.get_by_label(re.compile(r"RAB file")).set_input_files(str(SAMPLE_RAB))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_test_id("import-totals")).to_be_visible()
    assert_clean(page, "import preview")
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("total-biaya-langsung")).to_be_visible()
    assert_clean(page, "RAB after the import")


def test_every_tab_and_dialog_of_the_jadwal_page(page, context, live_server, schedule):
    login_as(context, live_server, schedule.owner)
    response = page.goto(schedule.url)
    nonce = policy_nonce(response)
    assert nonce, "the Jadwal page has inline code: its header carries a nonce"
    page.wait_for_selector("#jadwal-app[data-state='ready']")
    assert_clean(page, "grid")
    # RevoGrid's injected <style> elements carry the page's nonce (from <meta name=csp-nonce>)
    styles = page.evaluate(
        """() => [...document.querySelectorAll("style")].map((style) => style.nonce)"""
    )
    assert styles and set(styles) == {nonce}, styles
    expect(page.locator(".rgCell").first).to_be_visible()  # styled: the virtual rows are drawn

    # edit a cell, save: the progress bar's width is set through the CSSOM
    type_into(page, schedule.cell("C.2", 0), "25")
    page.get_by_role("button", name="Save All Changes").click()
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    width = page.locator("[data-progress-bar]").evaluate("(bar) => bar.style.width")
    assert width.endswith("%") and width != "0%"
    assert_clean(page, "edit and save")

    page.get_by_role("tab", name="Gantt").click()
    gantt = page.get_by_test_id("gantt-chart")
    expect(gantt).to_have_attribute("data-ready", "true")
    expect(gantt.locator("svg")).to_have_count(1)
    point_at_and_zoom(page, gantt)
    assert_clean(page, "Gantt (SVG renderer), its tooltips and zoom")

    page.get_by_role("tab", name="Kurva S").click()
    kurva = page.get_by_test_id("kurva-chart")
    expect(kurva).to_have_attribute("data-ready", "true")
    expect(kurva.locator("canvas").first).to_be_visible()
    point_at_and_zoom(page, kurva)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Save as PNG").click()
    with open(download_info.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    assert_clean(page, "Kurva S and Save as PNG")

    # the mode dialog, then the custom-tahapan panel and its confirm dialog
    page.get_by_role("tab", name="Grid").click()
    page.get_by_test_id("mode-group").get_by_text("Custom", exact=True).click()
    dialog = page.get_by_test_id("mode-dialog")
    expect(dialog).to_be_visible()
    assert_clean(page, "mode dialog")
    dialog.get_by_role("button", name="Switch to custom").click()
    panel = page.get_by_test_id("custom-panel")
    expect(panel).to_be_visible()
    form = page.get_by_test_id("custom-add-form")
    form.get_by_label("Name").fill("Mobilisasi")
    form.get_by_label("Start").fill("2026-01-05")
    form.get_by_label("End").fill("2026-01-07")
    form.get_by_role("button", name="Add tahapan").click()
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("button", name="Delete").click()
    confirm = page.get_by_test_id("confirm-dialog")
    expect(confirm).to_be_visible()
    assert_clean(page, "custom tahapan and the confirm dialog")
    confirm.get_by_role("button", name="Delete tahapan").click()
    expect(rows).to_have_count(0)
    assert_clean(page, "custom tahapan deleted")


def test_the_not_found_page(page, context, live_server, planner, problems):
    login_as(context, live_server, planner)
    problems.expect_console_error("404 (Not Found)")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    policy_nonce(response)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_clean(page, "404")


def test_the_admin_and_the_api_docs(page, context, live_server, schedule):
    """Django's admin and django-ninja's API docs live under the same policy: no exception."""
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", PASSWORD)
    visit(page, "/admin/login/", "admin log in")
    page.get_by_label("Username").fill(boss.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert_clean(page, "admin index")
    project = schedule.project
    for url, step in (
        ("/admin/dashboard/project/", "admin project list"),
        (f"/admin/dashboard/project/{project.pk}/change/", "admin project form"),
        ("/admin/auth/user/add/", "admin new user"),
        (f"/admin/auth/user/{boss.pk}/change/", "admin user form"),
    ):
        visit(page, url, step)
    # the date widget's calendar and the "today" shortcut
    visit(page, f"/admin/dashboard/project/{project.pk}/change/", "admin project form")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    assert_clean(page, "admin calendar")
    visit(page, "/detail_project/api/docs/", "API docs")
    expect(page.locator(".swagger-ui").first).to_be_visible()
    expect(
        page.get_by_text("/detail_project/api/project/{project_id}/jadwal/").first
    ).to_be_visible()
    assert_clean(page, "API docs")
