// The numbers behind the two chart tabs, read from the state (unsaved edits included) and
// computed by the engine on the schedule's time axis: the periods of the scale (`state.axis`,
// sent by the server), each custom tahapan's cells placed at its dates, undated ones after.
// No DOM, no ECharts, no parsing of labels.

import { axisRows, ganttRuns, kurvaS, lastReported, progress, summary } from "./engine.js";
import { compactRange, dayMonth, periodName } from "./format.js";

function axisBins(state) {
  return state.axis.periods.map((period) => ({
    start: period.tanggal_mulai,
    end: period.tanggal_selesai,
    tahapan_id: period.tahapan_id,
  }));
}

function customTahapan(state) {
  return state.tahapan
    .filter((tahapan) => !tahapan.is_auto_generated)
    .map((tahapan) => ({ id: tahapan.id, start: tahapan.tanggal_mulai, end: tahapan.tanggal_selesai }));
}

/** Slots of the time axis and every pekerjaan's row on it, for the state as it is now. */
export function scheduleAxis(state) {
  return axisRows({ bins: axisBins(state), custom: customTahapan(state), cells: state.currentCells("rencana") });
}

/**
 * The plan and the work done on the same time axis, and the engine's progress figures:
 * {slots, names, rencana: {rencana, kumulatif}, realisasi: {rencana, kumulatif}, progress,
 * summary}, all in hundredths (exactly `GET kurva-s/`'s). Realisasi lives in the periods of the
 * scale: its rows come from their cells only (undated tahapan keep their slots, empty).
 */
export function progressSeries(state) {
  const { slots, rows } = scheduleAxis(state);
  const width = slots.length;
  const rencana = kurvaS(state.costs, rows, width);
  const undated = customTahapan(state).filter((tahapan) => !tahapan.start || !tahapan.end);
  const done = axisRows({ bins: axisBins(state), custom: undated, cells: state.currentCells("realisasi") });
  const realisasi = kurvaS(state.costs, done.rows, width);
  const figures = progress(rencana, realisasi, lastReported(done.rows, width));
  return {
    slots,
    names: slots.map((slot) => slotName(state, slot)),
    rencana,
    realisasi,
    progress: figures,
    summary: summary(rencana, figures, slots, state.today),
  };
}

/** A slot's name for an axis ("Week 3", "12 Jan", "January 2026") or the tahapan's own name. */
export function slotName(state, slot) {
  if (slot.tahapan != null) {
    return state.tahapanById.get(slot.tahapan)?.nama ?? "";
  }
  if (state.axis.scale === "daily") {
    return dayMonth(slot.start);
  }
  return periodName(state.axis.scale, { nomor: slot.nomor, tanggal_mulai: slot.start });
}

/** A slot's dates as one short text ("5-11 Jan"), empty for an undated tahapan. */
export function slotDates(slot) {
  return slot.start ? compactRange(slot.start, slot.end) : "";
}

/**
 * Kurva S: per slot of the axis, the share of the project's cost planned in it and the running
 * total, in hundredths of a percent (integers, exactly the server's `GET kurva-s/`).
 */
export function kurvaSeries(state) {
  const { slots, rows } = scheduleAxis(state);
  const { rencana, kumulatif } = kurvaS(state.costs, rows, slots.length);
  return { slots, rencana, kumulatif, names: slots.map((slot) => slotName(state, slot)) };
}

/**
 * Gantt rows, grouped by klasifikasi: a group row spanning its scheduled pekerjaan, then one row
 * per pekerjaan. `runs` are [start, end] ISO dates (inclusive) of the stretches of time holding
 * its work; `start` / `end` span them all. Work in undated tahapan has no place in time.
 */
export function ganttRows(state) {
  const { slots, rows: axisRowsById } = scheduleAxis(state);
  const rows = [];
  for (const klas of state.klasifikasi) {
    const group = { kind: "group", label: klas.name, start: null, end: null, runs: [], total: null };
    rows.push(group);
    for (const sub of klas.sub) {
      for (const item of sub.pekerjaan) {
        const runs = ganttRuns(axisRowsById.get(item.id) ?? [], slots);
        const start = runs.length ? runs[0][0] : null;
        const end = runs.length ? runs[runs.length - 1][1] : null;
        const label = item.kode ? `${item.kode}  ${item.uraian}` : item.uraian;
        rows.push({ kind: "item", label, start, end, runs, total: state.total(item.id) });
        if (start !== null) {
          group.start = group.start === null || start < group.start ? start : group.start;
          group.end = group.end === null || end > group.end ? end : group.end;
          group.runs = [[group.start, group.end]];
        }
      }
    }
  }
  return { rows, slots };
}
