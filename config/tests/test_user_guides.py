"""The user guides (docs/USER_GUIDE.md in English, docs/USER_GUIDE.id.md in Indonesian) show
pictures that exist, each guide its own language's: the Indonesian guide's screenshots are the
Indonesian pages (docs/img/id/, taken by the Indonesian browser tests), and no picture is left
behind that no guide shows. Pages of the documents (docs/img/documents/) are shared: documents
are always written in Indonesian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = {"en": DOCS / "USER_GUIDE.md", "id": DOCS / "USER_GUIDE.id.md"}


def pictures(guide: Path) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", GUIDES)
def test_every_picture_of_a_guide_exists(language):
    shown = pictures(GUIDES[language])
    assert shown, f"{GUIDES[language].name} shows no screenshot"
    missing = [path for path in shown if not (DOCS / path).is_file()]
    assert not missing, missing


SHARED = "img/documents/"


def test_the_indonesian_guide_shows_indonesian_screenshots_only():
    assert all(path.startswith(("img/id/", SHARED)) for path in pictures(GUIDES["id"]))
    assert not any(path.startswith("img/id/") for path in pictures(GUIDES["en"]))


def test_the_documents_pictures_are_in_both_guides():
    shared = [{p for p in pictures(GUIDES[lang]) if p.startswith(SHARED)} for lang in GUIDES]
    assert shared[0] == shared[1] != set()


def test_no_screenshot_is_left_that_no_guide_shows():
    shown = {path for guide in GUIDES.values() for path in pictures(guide)}
    on_disk = {str(png.relative_to(DOCS)) for png in (DOCS / "img").rglob("*.png")}
    assert on_disk - shown == set()


def test_each_guide_links_to_the_other():
    assert "(USER_GUIDE.id.md)" in GUIDES["en"].read_text(encoding="utf-8")
    assert "(USER_GUIDE.md)" in GUIDES["id"].read_text(encoding="utf-8")
