// The page's copy of the scheduling engine (detail_project/scheduling/ in Python): cost weights,
// the schedule on a time axis, Kurva S, Gantt runs and group roll-ups, for unsaved edits.
//
// Every number it produces must equal the Python engine's: integers in hundredths of a percent
// (10000 === 100.00 %), costs as exact BigInt, rounding once, half up. A browser test feeds both
// the same vectors (detail_project/tests/fixtures/engine_vectors.json) and requires equality.
// Pure functions only: no DOM, no state.

export const FULL = 10000;

const MS_PER_DAY = 86400000;

/** An ISO date ("2026-01-05") as a whole day number (days since 1970-01-01), no time zone. */
export function dayNumber(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The ISO date of a day number. */
export function isoDay(number) {
  return new Date(number * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Split `total` over `weights` in proportion; the parts sum to `total` exactly. Floors first,
 * then one leftover unit each to the largest remainders, ties to the earlier part.
 */
export function apportion(total, weights) {
  const denominator = weights.reduce((a, b) => a + b, 0);
  const parts = [];
  const remainders = [];
  let given = 0;
  for (const weight of weights) {
    // total × weight stays far below 2^53: total ≤ 10000, weight ≤ a few thousand days.
    const exact = total * weight;
    const part = Math.floor(exact / denominator);
    parts.push(part);
    remainders.push(exact - part * denominator);
    given += part;
  }
  let leftover = total - given;
  if (leftover) {
    const ranked = remainders.map((remainder, index) => [remainder, index]);
    ranked.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, index] of ranked) {
      if (!leftover) {
        break;
      }
      parts[index] += 1;
      leftover -= 1;
    }
  }
  return parts;
}

/**
 * Sorted, non-overlapping periods ({start, end} day numbers) and the days each receives: a day
 * inside a period belongs to it, a day outside every period to the nearest one (a tie to the
 * earlier), exactly like `scheduling.timephase.Bins`.
 */
export class Bins {
  constructor(periods) {
    this.firsts = [];
    this.lasts = [];
    periods.forEach((period, index) => {
      let last = period.end;
      const next = periods[index + 1];
      if (next) {
        const gap = next.start - period.end - 1;
        last += Math.floor((gap + 1) / 2);
      }
      this.firsts.push(index === 0 ? -Infinity : this.lasts[index - 1] + 1);
      this.lasts.push(index === periods.length - 1 ? Infinity : last);
    });
  }

  get length() {
    return this.lasts.length;
  }

  receiver(day) {
    let low = 0;
    let high = this.lasts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.lasts[middle] < day) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** {indexes, weights}: the periods receiving the days start..end and how many days each. */
  credit(start, end) {
    const indexes = [];
    const weights = [];
    for (let index = this.receiver(start); index < this.lasts.length && this.firsts[index] <= end; index++) {
      indexes.push(index);
      weights.push(Math.min(end, this.lasts[index]) - Math.max(start, this.firsts[index]) + 1);
    }
    return { indexes, weights };
  }
}

/**
 * Every pekerjaan's row on the time axis (`scheduling.axis.build_axis`).
 * bins: [{start, end, tahapan_id}] (ISO dates; tahapan_id: the generated tahapan that is the bin);
 * custom: [{id, start, end}] custom tahapan in display order (start/end null when undated);
 * cells: [[pekerjaanId, tahapanId, hundredths]] (generated and custom cells).
 * Returns {slots: [{start, end, nomor, tahapan}], rows: Map(pekerjaanId -> int[])}.
 */
export function axisRows({ bins, custom, cells }) {
  const periods = bins.map((bin) => ({ start: dayNumber(bin.start), end: dayNumber(bin.end) }));
  const timeline = new Bins(periods);
  const slots = bins.map((bin, index) => ({ start: bin.start, end: bin.end, nomor: index + 1, tahapan: null }));
  const binOf = new Map();
  bins.forEach((bin, index) => {
    if (bin.tahapan_id != null) {
      binOf.set(bin.tahapan_id, index);
    }
  });
  const undated = new Map();
  const placed = new Map();
  for (const tahapan of custom) {
    if (tahapan.start && tahapan.end) {
      placed.set(tahapan.id, timeline.credit(dayNumber(tahapan.start), dayNumber(tahapan.end)));
    } else {
      undated.set(tahapan.id, slots.length);
      slots.push({ start: null, end: null, nomor: null, tahapan: tahapan.id });
    }
  }
  const rows = new Map();
  const rowOf = (pekerjaanId) => {
    let row = rows.get(pekerjaanId);
    if (!row) {
      row = new Array(slots.length).fill(0);
      rows.set(pekerjaanId, row);
    }
    return row;
  };
  for (const [pekerjaanId, tahapanId, value] of cells) {
    if (!value) {
      continue;
    }
    if (binOf.has(tahapanId)) {
      rowOf(pekerjaanId)[binOf.get(tahapanId)] += value;
    } else if (undated.has(tahapanId)) {
      rowOf(pekerjaanId)[undated.get(tahapanId)] += value;
    } else if (placed.has(tahapanId)) {
      const { indexes, weights } = placed.get(tahapanId);
      const row = rowOf(pekerjaanId);
      apportion(value, weights).forEach((part, at) => {
        row[indexes[at]] += part;
      });
    }
  }
  return { slots, rows };
}

/** A decimal string ("1234.56789") as a BigInt numerator over 10^places. */
function scaled(text, places) {
  const [whole, fraction = ""] = String(text).split(".");
  return BigInt(whole + fraction.padEnd(places, "0").slice(0, places));
}

/**
 * Exact integer costs from jumlah harga strings (`biaya`), in one common unit; all 1n when
 * nothing costs anything (then every pekerjaan weighs the same). entries: [[id, "123.45"]].
 */
export function integerCosts(entries) {
  const places = Math.max(0, ...entries.map(([, text]) => (String(text).split(".")[1] ?? "").length));
  const costs = new Map(entries.map(([id, text]) => [id, scaled(text, places)]));
  if (![...costs.values()].some((cost) => cost > 0n)) {
    for (const id of costs.keys()) {
      costs.set(id, 1n);
    }
  }
  return costs;
}

/** numerator / denominator rounded half up, for BigInt numerator ≥ 0 and denominator > 0. */
function halfUp(numerator, denominator) {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

function totalOf(costs) {
  let total = 0n;
  for (const cost of costs.values()) {
    total += cost;
  }
  return total;
}

/** Kurva S: {rencana, kumulatif} per slot, hundredths of a percent of the project's cost. */
export function kurvaS(costs, rows, width) {
  const total = totalOf(costs);
  if (total === 0n) {
    return { rencana: new Array(width).fill(0), kumulatif: new Array(width).fill(0) };
  }
  const sums = new Array(width).fill(0n);
  for (const [pekerjaanId, row] of rows) {
    const cost = costs.get(pekerjaanId) ?? 0n;
    if (cost === 0n) {
      continue;
    }
    for (let index = 0; index < width; index++) {
      if (row[index]) {
        sums[index] += cost * BigInt(row[index]);
      }
    }
  }
  const rencana = [];
  const kumulatif = [];
  let running = 0n;
  for (const sum of sums) {
    running += sum;
    rencana.push(halfUp(sum, total));
    kumulatif.push(halfUp(running, total));
  }
  return { rencana, kumulatif };
}

/** Hundredths of a percent of the project's cost that is scheduled (each share ≤ 100 %). */
export function scheduledShare(costs, totals) {
  const total = totalOf(costs);
  if (total === 0n) {
    return 0;
  }
  let planned = 0n;
  for (const [pekerjaanId, cost] of costs) {
    const share = Math.min(Math.max(totals.get(pekerjaanId) ?? 0, 0), FULL);
    planned += cost * BigInt(share);
  }
  return halfUp(planned, total);
}

/**
 * A group's cells and total: the cost-weighted share of its pekerjaan's work in each column
 * (equal weights when the group costs nothing). rows: Map(id -> Map(column -> hundredths)).
 * Returns {cells: Map(column -> hundredths), total}.
 */
export function groupShares(costs, rows, members) {
  let weights = members.map((id) => [id, costs.get(id) ?? 0n]);
  if (!weights.some(([, weight]) => weight > 0n)) {
    weights = members.map((id) => [id, 1n]);
  }
  const denominator = weights.reduce((sum, [, weight]) => sum + weight, 0n);
  const cells = new Map();
  if (denominator === 0n) {
    return { cells, total: 0 };
  }
  const sums = new Map();
  let overall = 0n;
  for (const [id, weight] of weights) {
    if (weight === 0n) {
      continue;
    }
    const row = rows.get(id);
    if (!row) {
      continue;
    }
    for (const [column, value] of row) {
      const part = weight * BigInt(value);
      sums.set(column, (sums.get(column) ?? 0n) + part);
      overall += part;
    }
  }
  for (const [column, sum] of sums) {
    if (sum > 0n) {
      cells.set(column, halfUp(sum, denominator));
    }
  }
  return { cells, total: halfUp(overall, denominator) };
}

/**
 * Gantt runs of one row: [startIso, endIso] of the dated slots holding work, neighbours in time
 * merged (the next starts the day after the previous ends). Undated slots are left out.
 */
export function ganttRuns(row, slots) {
  const runs = [];
  slots.forEach((slot, index) => {
    if (!row[index] || !slot.start || !slot.end) {
      return;
    }
    const last = runs[runs.length - 1];
    if (last && dayNumber(last[1]) + 1 >= dayNumber(slot.start)) {
      if (dayNumber(slot.end) > dayNumber(last[1])) {
        last[1] = slot.end;
      }
    } else {
      runs.push([slot.start, slot.end]);
    }
  });
  return runs;
}

// --- progress against the plan (scheduling/progress.py) ------------------------------------

export const NORMAL = "normal";
export const TERLAMBAT = "terlambat";
export const KRITIS = "kritis";

/** Kontrak kritis status of one period, from rencana and deviasi kumulatif in hundredths:
 * kritis beyond 10 points behind while less than 70 % is planned, beyond 5 points from 70 %. */
export function statusOf(rencanaKumulatif, deviasiKumulatif) {
  const limit = rencanaKumulatif < 7000 ? -1000 : -500;
  if (deviasiKumulatif < limit) {
    return KRITIS;
  }
  return deviasiKumulatif < 0 ? TERLAMBAT : NORMAL;
}

/** Index of the last slot where any row holds realisasi, or null. */
export function lastReported(rows, width) {
  let last = -1;
  for (const row of rows.values()) {
    for (let index = width - 1; index > last; index--) {
      if (row[index]) {
        last = index;
        break;
      }
    }
  }
  return last >= 0 ? last : null;
}

/**
 * Realisasi, deviasi and status per slot (null after the last reported one) and SPI in
 * hundredths (95 === 0.95), from two Kurva S ({rencana, kumulatif}) of the same axis.
 */
export function progress(rencana, realisasi, last) {
  const width = rencana.rencana.length;
  const reported = last === null ? 0 : last + 1;
  const open = (values) => values.map((value, index) => (index < reported ? value : null));
  const deviasi = realisasi.rencana.map((value, index) => value - rencana.rencana[index]);
  const deviasiKumulatif = realisasi.kumulatif.map((value, index) => value - rencana.kumulatif[index]);
  const status = deviasiKumulatif.map((value, index) => statusOf(rencana.kumulatif[index], value));
  let spi = null;
  if (last !== null && rencana.kumulatif[last] > 0) {
    spi = halfUp(BigInt(100 * realisasi.kumulatif[last]), BigInt(rencana.kumulatif[last]));
  }
  return {
    realisasi: open(realisasi.rencana.slice(0, width)),
    realisasiKumulatif: open(realisasi.kumulatif.slice(0, width)),
    deviasi: open(deviasi),
    deviasiKumulatif: open(deviasiKumulatif),
    status: open(status),
    last,
    spi,
  };
}

/** The dated slot holding `today` (ISO); the last dated one after them all; null before. */
export function todaySlot(slots, today) {
  const day = dayNumber(today);
  let found = null;
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    if (!slot.start || !slot.end) {
      continue;
    }
    if (dayNumber(slot.start) > day) {
      return found;
    }
    found = index;
    if (day <= dayNumber(slot.end)) {
      return index;
    }
  }
  return found;
}

/** The page header's card, like `scheduling.summary`. */
export function summary(rencana, state, slots, today) {
  const slot = todaySlot(slots, today);
  const last = state.last;
  const at = (values) => (last === null ? null : values[last]);
  return {
    todaySlot: slot,
    rencanaHariIni: slot === null ? 0 : rencana.kumulatif[slot],
    last,
    rencana: at(rencana.kumulatif),
    realisasi: at(state.realisasiKumulatif),
    deviasi: at(state.deviasiKumulatif),
    spi: state.spi,
    status: at(state.status),
  };
}
