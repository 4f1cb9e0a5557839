"""The shared vectors that hold the page's engine.js equal to the Python engine are current:
regenerated from the engine, they equal the committed fixture (the browser side is
browser/test_jadwal_engine.py)."""

from __future__ import annotations

import json

from detail_project.tests.engine_vectors import FIXTURE, build_vectors


def test_the_committed_vectors_are_what_the_engine_answers_today() -> None:
    committed = json.loads(FIXTURE.read_text())
    assert committed == json.loads(json.dumps(build_vectors())), (
        "the engine changed: run `python -m detail_project.tests.engine_vectors` and commit"
    )


def test_the_vectors_cover_what_the_page_computes() -> None:
    vectors = json.loads(FIXTURE.read_text())
    assert len(vectors) >= 20
    assert any(v["custom"] and any(c["start"] is None for c in v["custom"]) for v in vectors)
    assert any(all(b["tahapan_id"] is None for b in v["bins"]) for v in vectors)
    assert any(all(text.strip("0.") == "" for _, text in v["biaya"]) for v in vectors)
    assert any(v["expected"]["share"] != v["expected"]["kumulatif"][-1] for v in vectors)
    assert any(v["expected"]["gantt"] for v in vectors)
    # Progress: every status is met somewhere, and some vectors have nothing reported yet.
    statuses = {s for v in vectors for s in v["expected"]["progress"]["status"]}
    assert {"normal", "terlambat", "kritis", None} <= statuses
    assert any(v["expected"]["progress"]["last"] is None for v in vectors)
    assert any(v["expected"]["summary"]["todaySlot"] is None for v in vectors)
    # The demo vector: week 1 holds the sample's 45,60 % and Mobilisasi's 0,24 %.
    assert vectors[0]["expected"]["rencana"][0] == 4584
