// Pure numbers for the charts, read from the state (unsaved edits included): the Kurva S series
// and the Gantt bars. No DOM, no ECharts.

/** A short axis label: "Week 3", "12 Jan", "October 2026" or the custom tahapan's name. */
export function periodShortLabel(tahapan) {
  const nama = tahapan.nama;
  if (tahapan.is_auto_generated && tahapan.generation_mode === "weekly") {
    return nama.split(":")[0];
  }
  if (tahapan.is_auto_generated && tahapan.generation_mode === "daily") {
    return nama.split(",")[1]?.trim() ?? nama;
  }
  return nama;
}

/**
 * Kurva S: for each tahapan in display order, the share of the project's cost planned in it
 * (sum of bobot x proporsi) and the running total. Percent of the project, floats.
 */
export function kurvaSeries(state) {
  const items = state.pekerjaanOrder;
  const equalWeight = items.length ? 100 / items.length : 0;
  const useCost = state.project.total_biaya > 0;
  const index = new Map(state.tahapan.map((t, i) => [t.id, i]));
  const weights = new Array(state.tahapan.length).fill(0);
  for (const item of items) {
    const bobot = useCost ? item.bobot : equalWeight;
    if (!bobot) {
      continue;
    }
    state.forEachCell(item.id, (tahapanId, value) => {
      const at = index.get(tahapanId);
      if (at !== undefined) {
        weights[at] += (bobot * value) / 10000;
      }
    });
  }
  let running = 0;
  const cumulative = weights.map((weight) => {
    running += weight;
    return running;
  });
  return {
    labels: state.tahapan.map((t) => t.nama),
    tahapan: state.tahapan,
    weights,
    cumulative,
  };
}

/**
 * Gantt rows, grouped by klasifikasi: a group row spanning its scheduled pekerjaan, then one row
 * per pekerjaan. A pekerjaan's bar runs from the first to the last period holding a share of it;
 * `runs` are its stretches of consecutive periods (drawn solid, the gaps between them thin).
 * Positions are tahapan indexes in display order; ends are exclusive.
 */
export function ganttRows(state) {
  const index = new Map(state.tahapan.map((t, i) => [t.id, i]));
  const rows = [];
  for (const klas of state.klasifikasi) {
    const group = { kind: "group", label: klas.name, start: null, end: null, runs: [], total: null };
    rows.push(group);
    for (const sub of klas.sub) {
      for (const item of sub.pekerjaan) {
        const positions = [];
        state.forEachCell(item.id, (tahapanId) => {
          const at = index.get(tahapanId);
          if (at !== undefined) {
            positions.push(at);
          }
        });
        positions.sort((a, b) => a - b);
        const runs = [];
        for (const at of positions) {
          const last = runs[runs.length - 1];
          if (last && last[1] === at) {
            last[1] = at + 1;
          } else {
            runs.push([at, at + 1]);
          }
        }
        const start = runs.length ? runs[0][0] : null;
        const end = runs.length ? runs[runs.length - 1][1] : null;
        const label = item.kode ? `${item.kode}  ${item.uraian}` : item.uraian;
        rows.push({ kind: "item", label, start, end, runs, total: state.total(item.id) / 100 });
        if (start !== null) {
          group.start = group.start === null ? start : Math.min(group.start, start);
          group.end = group.end === null ? end : Math.max(group.end, end);
          group.runs = [[group.start, group.end]];
        }
      }
    }
  }
  return rows;
}
