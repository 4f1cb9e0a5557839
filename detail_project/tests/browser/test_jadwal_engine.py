"""The page's engine.js, run in Chromium on the shared vectors, gives exactly the Python
engine's numbers: Kurva S per period and cumulative, the scheduled share, Gantt runs, group
roll-ups, realisasi, deviasi, kontrak kritis status, SPI and the summary card (SPEC §9–§10: one
engine for every derived number)."""

from __future__ import annotations

import json

import pytest

from detail_project.tests.engine_vectors import FIXTURE

pytestmark = pytest.mark.browser

RUN_VECTORS = """
async ({ url, vectors }) => {
  const engine = await import(url);
  const keyed = (map) =>
    Object.fromEntries([...map].sort((a, b) => a[0] - b[0]).map(([k, x]) => [String(k), x]));
  return vectors.map((v) => {
    const bins = v.bins.map((b) => ({ start: b.start, end: b.end, tahapan_id: b.tahapan_id }));
    const { slots, rows } = engine.axisRows({ bins, custom: v.custom, cells: v.cells });
    const costs = engine.integerCosts(v.biaya);
    const curve = engine.kurvaS(costs, rows, slots.length);
    const totals = new Map();
    const byColumn = new Map();
    for (const [p, t, value] of v.cells) {
      totals.set(p, (totals.get(p) ?? 0) + value);
      if (!byColumn.has(p)) byColumn.set(p, new Map());
      byColumn.get(p).set(t, (byColumn.get(p).get(t) ?? 0) + value);
    }
    const groups = {};
    for (const [name, members] of Object.entries(v.groups)) {
      const { cells, total } = engine.groupShares(costs, byColumn, members);
      groups[name] = { cells: keyed(cells), total };
    }
    const gantt = {};
    for (const [p, row] of [...rows].sort((a, b) => a[0] - b[0])) {
      const runs = engine.ganttRuns(row, slots);
      if (runs.length) gantt[String(p)] = runs;
    }
    const undated = v.custom.filter((c) => !c.start);
    const done = engine.axisRows({ bins, custom: undated, cells: v.realisasi });
    const state = engine.progress(
      curve,
      engine.kurvaS(costs, done.rows, slots.length),
      engine.lastReported(done.rows, slots.length),
    );
    return {
      progress: state,
      summary: engine.summary(curve, state, slots, v.today),
      slots,
      rows: keyed(rows),
      rencana: curve.rencana,
      kumulatif: curve.kumulatif,
      share: engine.scheduledShare(costs, totals),
      gantt,
      groups,
    };
  });
}
"""


def test_engine_js_gives_the_python_engines_numbers_on_every_shared_vector(page, live_server):
    vectors = json.loads(FIXTURE.read_text())
    page.goto(f"{live_server.url}/static/detail_project/js/jadwal/engine.js")
    url = f"{live_server.url}/static/detail_project/js/jadwal/engine.js"
    inputs = [{k: v for k, v in vector.items() if k != "expected"} for vector in vectors]

    answers = page.evaluate(RUN_VECTORS, {"url": url, "vectors": inputs})

    assert len(answers) == len(vectors)
    for vector, answer in zip(vectors, answers, strict=True):
        for key, expected in vector["expected"].items():
            assert answer[key] == expected, f"{vector['name']}: {key}"
