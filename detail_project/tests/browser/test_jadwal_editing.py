"""Editing the grid like a spreadsheet: keys, validation, paste, undo / redo, leaving the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from detail_project.tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

MODIFIED = re.compile(r"\bjp-mod\b")


def type_into(page, selector: str, text: str, key: str = "Enter") -> None:
    """Click a cell, type, press `key`, and wait until the grid is still again."""
    select(page, selector)
    typing(page, text, key)
    settle(page)


def select(page, selector: str) -> None:
    wait_still(page, selector)
    page.locator(selector).click()
    expect_focus(page, selector)
    wait_for_keyboard_focus(page)


def wait_for_keyboard_focus(page) -> None:
    """The grid's own focus can be set a frame before the keyboard focus lands in it (or
    settles after a move); a key pressed in between would be lost, which no person's hands
    are fast enough to do."""
    page.wait_for_function("() => !!document.activeElement?.closest('revo-grid')")
    settle(page)


def wait_still(page, selector: str) -> None:
    """A cell the grid is still scrolling into view moves under the pointer: a click aimed at
    it could land on its neighbour. Wait until it has stayed put for a few frames."""
    cell = page.locator(selector)
    last, stable = None, 0
    for _ in range(60):
        box = cell.bounding_box()
        stable = stable + 1 if box is not None and box == last else 0
        if stable >= 2:
            return
        last = box
        page.wait_for_timeout(30)


def settle(page) -> None:
    """RevoGrid moves the focus a few frames after Enter / Tab; a person never clicks the next
    cell that fast, so wait until the focus has stopped moving."""
    last, stable = None, 0
    for _ in range(60):
        now = focused(page)
        stable = stable + 1 if now == last else 0
        if stable >= 3:
            return
        last = now
        page.wait_for_timeout(30)


def focused(page) -> str:
    """`data-cell` of the cell that has the grid's focus ("" when none)."""
    return page.evaluate(
        """async () => {
            const focus = await document.querySelector("revo-grid").getFocused();
            if (!focus || !focus.column || focus.column.tahapanId === undefined) return "";
            return `${focus.model.key}:${focus.column.tahapanId}`;
        }"""
    )


def expect_focus(page, selector: str) -> None:
    wanted = selector.split('"')[1]
    for _ in range(50):
        if focused(page) == wanted:
            return
        page.wait_for_timeout(20)
    raise AssertionError(f"focus is on {focused(page)!r}, expected {wanted!r}")


def typing(page, text: str, key: str | None = None) -> None:
    """Type into the focused cell like a person: the value is in the cell editor (which RevoGrid
    opens a frame or two after the first key, see docs/FRONTEND.md) before `key` is pressed."""
    editor = page.get_by_test_id("jadwal-grid").locator("revogr-edit input")
    wait_for_keyboard_focus(page)
    page.keyboard.type(text, delay=30)
    expect(editor).to_have_value(text)
    if key:
        page.keyboard.press(key)
        expect(editor).to_have_count(0)


def paste(page, text: str) -> None:
    """Paste `text` where the focus is, as Ctrl+V from Excel does: a paste event carrying
    text/plain. (Headless Chromium's system clipboard is not reliable, so the event is built
    here; the page handles it exactly like a real one.)"""
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const target = document.activeElement || document.body;
            target.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true, composed: true,
            }));
        }""",
        text,
    )


def test_keys_move_like_a_spreadsheet_and_escape_restores(grid_page, schedule):
    page = grid_page
    cell = schedule.cell
    # typing on a focused cell starts editing; Enter confirms and moves down
    type_into(page, cell("C.2", 0), "10")
    expect(page.locator(cell("C.2", 0))).to_have_text("10")
    expect_focus(page, cell("C.3", 0))  # Enter confirms and moves down
    typing(page, "20", "Tab")
    expect(page.locator(cell("C.3", 0))).to_have_text("20")
    expect_focus(page, cell("C.3", 1))  # Tab confirms and moves right
    typing(page, "30", "Shift+Tab")
    expect(page.locator(cell("C.3", 1))).to_have_text("30")
    expect_focus(page, cell("C.3", 0))  # Shift+Tab confirms and moves left
    typing(page, "5", "Enter")
    expect(page.locator(cell("C.3", 0))).to_have_text("5")
    expect_focus(page, cell("C.4", 0))
    for key, where in (
        ("ArrowUp", cell("C.3", 0)),
        ("ArrowRight", cell("C.3", 1)),
        ("ArrowRight", cell("C.3", 2)),
        ("ArrowDown", cell("C.4", 2)),
        ("ArrowLeft", cell("C.4", 1)),
    ):
        page.keyboard.press(key)
        expect_focus(page, where)
    typing(page, "99", "Escape")  # Escape restores what was there
    expect(page.locator(cell("C.4", 1))).to_have_text("")
    page.keyboard.press("ArrowUp")
    expect_focus(page, cell("C.3", 1))
    typing(page, "77", "Escape")
    expect(page.locator(cell("C.3", 1))).to_have_text("30")
    page.keyboard.press("Enter")  # Enter on a focused cell opens the editor with its value
    editor = page.get_by_test_id("jadwal-grid").locator("revogr-edit input")
    expect(editor).to_have_value("30")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    settle(page)
    # double-click opens the editor with the current value; Escape leaves it untouched
    page.locator(cell("C.2", 0)).dblclick()
    expect(editor).to_have_value("10")
    page.keyboard.press("End")
    page.keyboard.type("5")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(page.locator(cell("C.2", 0))).to_have_text("10")
    expect(page.locator(cell("C.2", 0))).to_have_class(MODIFIED)
    expect(page.get_by_test_id("change-count")).to_have_text("3 changes")
    # a row total that is not 100 is flagged
    expect(page.locator(schedule.total("C.3"))).to_have_text("35")
    expect(page.locator(schedule.total("C.3"))).to_have_class(re.compile(r"\bjp-incomplete\b"))
    expect(page.locator(schedule.total("A.1"))).not_to_have_class(re.compile(r"jp-incomplete"))


def test_it_accepts_a_decimal_comma(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("C.4", 3), "12,5")
    expect(page.locator(schedule.cell("C.4", 3))).to_have_text("12.5")
    type_into(page, schedule.cell("C.4", 4), "33.33")
    expect(page.locator(schedule.cell("C.4", 4))).to_have_text("33.33")
    expect(page.locator(schedule.total("C.4"))).to_have_text("45.83")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("150", "more than 100"),
        ("12.345", "more than two decimals"),
        ("abc", "is not a number"),
        ("-5", "is negative"),
    ],
)
def test_it_refuses_invalid_values_on_the_spot(grid_page, schedule, typed, message):
    page = grid_page
    target = page.locator(schedule.cell("B.1", 1))
    type_into(page, schedule.cell("B.1", 1), typed)
    alert = page.get_by_test_id("grid-message")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(message)
    expect(alert).to_contain_text("B.1")
    expect(target).to_have_text("40")
    expect(target).not_to_have_class(MODIFIED)
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")


def test_it_pastes_a_block_from_excel_as_one_undo_step(grid_page, schedule):
    page = grid_page
    cell = schedule.cell
    select(page, cell("C.2", 3))
    paste(page, "5\t10\t15\t20\r\n1,5\t2\t3\t4\r\n25\t25\t25\t25\r\n")
    expected = [
        ["5", "10", "15", "20"],
        ["1.5", "2", "3", "4"],
        ["25", "25", "25", "25"],
    ]
    for row, kode in enumerate(("C.2", "C.3", "C.4")):
        for column in range(4):
            target = page.locator(cell(kode, 3 + column))
            expect(target).to_have_text(expected[row][column])
            expect(target).to_have_class(MODIFIED)
    expect(page.get_by_test_id("change-count")).to_have_text("12 changes")
    expect(page.locator(schedule.total("C.4"))).to_have_text("100")
    screenshot(page, "grid-pasted")
    # undo takes the whole paste back, redo puts it back
    page.keyboard.press("Control+z")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    expect(page.locator(cell("C.3", 4))).to_have_text("")
    page.keyboard.press("Control+y")
    expect(page.get_by_test_id("change-count")).to_have_text("12 changes")
    expect(page.locator(cell("C.3", 4))).to_have_text("2")


def test_it_refuses_a_paste_with_one_bad_value(grid_page, schedule):
    page = grid_page
    select(page, schedule.cell("C.2", 6))
    paste(page, "10\t20\n30\t40x\n")
    alert = page.get_by_test_id("grid-message")
    expect(alert).to_contain_text("Nothing was pasted")
    expect(alert).to_contain_text('"40x" is not a number')
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    expect(page.locator(schedule.cell("C.2", 6))).to_have_text("")


def test_it_pastes_percentages_as_excel_copies_them(grid_page, schedule):
    """A cell formatted as a percentage in Excel is copied as "50%"; European copies write
    "12,5 %"."""
    page = grid_page
    select(page, schedule.cell("C.2", 6))
    paste(page, "50%\t12,5 %\t33,33%\r\n")
    for column, text in enumerate(("50", "12.5", "33.33")):
        expect(page.locator(schedule.cell("C.2", 6 + column))).to_have_text(text)
    expect(page.get_by_test_id("change-count")).to_have_text("3 changes")
    expect(page.locator(schedule.total("C.2"))).to_have_text("95.83")
    # typed, too
    type_into(page, schedule.cell("C.3", 6), "40 %")
    expect(page.locator(schedule.cell("C.3", 6))).to_have_text("40")


def test_group_rows_never_take_pasted_values(grid_page, schedule):
    page = grid_page
    select(page, schedule.cell("B.2", 8))  # B.2, then the "Beton" group row
    paste(page, "10\n20\n30\n")
    expect(page.get_by_test_id("grid-message")).to_contain_text("Beton")
    expect(page.get_by_test_id("grid-message")).to_contain_text("cannot take values")
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")


def test_undo_and_redo_with_keys_and_buttons(grid_page, schedule):
    page = grid_page
    undo = page.get_by_role("button", name="Undo")
    redo = page.get_by_role("button", name="Redo")
    expect(undo).to_be_disabled()
    type_into(page, schedule.cell("C.2", 2), "40")
    type_into(page, schedule.cell("C.2", 3), "60")
    expect(page.locator(schedule.total("C.2"))).to_have_text("100")
    expect(undo).to_be_enabled()
    page.keyboard.press("Control+z")
    expect(page.locator(schedule.cell("C.2", 3))).to_have_text("")
    expect(page.locator(schedule.total("C.2"))).to_have_text("40")
    expect(redo).to_be_enabled()
    page.keyboard.press("Control+Shift+z")
    expect(page.locator(schedule.cell("C.2", 3))).to_have_text("60")
    undo.click()
    undo.click()
    expect(page.get_by_test_id("change-count")).to_have_text("0 changes")
    expect(undo).to_be_disabled()
    redo.click()
    expect(page.locator(schedule.cell("C.2", 2))).to_have_text("40")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    # clearing a saved cell is a change too, and undo brings the saved value back
    select(page, schedule.cell("A.1", 0))
    page.keyboard.press("Delete")
    expect(page.locator(schedule.cell("A.1", 0))).to_have_text("")
    expect(page.locator(schedule.cell("A.1", 0))).to_have_class(MODIFIED)
    page.keyboard.press("Control+z")
    expect(page.locator(schedule.cell("A.1", 0))).to_have_text("100")
    expect(page.locator(schedule.cell("A.1", 0))).to_have_class(re.compile(r"\bjp-saved\b"))


def test_collapse_and_expand(grid_page, schedule):
    page = grid_page
    grid = page.get_by_test_id("jadwal-grid")
    expect(grid).to_have_attribute("data-row-count", "13")
    page.get_by_role("button", name="Collapse All").click()
    expect(grid).to_have_attribute("data-row-count", "2")
    expect(grid.get_by_text("Pembersihan lokasi")).to_have_count(0)
    page.get_by_role("button", name="Expand All").click()
    expect(grid).to_have_attribute("data-row-count", "13")
    grid.locator('.jp-toggle[aria-label="Collapse"]').nth(4).click()  # the "Beton" sub row
    expect(grid).to_have_attribute("data-row-count", "9")
    expect(grid.get_by_text("Kolom beton 30x30")).to_have_count(0)
    expect(grid.get_by_text("Galian tanah pondasi")).to_be_visible()


def test_leaving_with_unsaved_edits_asks_first(grid_page, schedule, problems):
    page = grid_page
    type_into(page, schedule.cell("C.2", 0), "10")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
    problems.allow_beforeunload = True
    page.locator(".project-tabs").get_by_role("link", name="RAB").click()
    page.wait_for_url(re.compile(r"/rab/$"))
    assert problems.allow_beforeunload is False, "no beforeunload dialog was shown"


def test_save_refuses_a_pekerjaan_over_100_percent(grid_page, schedule):
    page = grid_page
    type_into(page, schedule.cell("A.1", 1), "20")
    expect(page.locator(schedule.total("A.1"))).to_have_text("120")
    expect(page.locator(schedule.total("A.1"))).to_have_class(re.compile(r"\bjp-incomplete\b"))
    page.get_by_role("button", name="Save All Changes").click()
    problem = page.get_by_test_id("problem")
    expect(problem).to_contain_text("cannot be planned beyond 100 %")
    expect(problem).to_contain_text("A.1 (120 %)")
    expect(page.get_by_test_id("change-count")).to_have_text("1 change")
