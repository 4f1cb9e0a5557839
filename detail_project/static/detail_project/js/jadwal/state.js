// The schedule as the page knows it: saved cells from the server, the planner's unsaved edits on
// top, undo / redo of those edits, and the sums the grid and the charts read. No DOM here.
//
// Two layers of cells share the grid: the plan (`rencana`, SPEC §9) and the work done
// (`realisasi`, SPEC §10). One of them is active: the grid shows, edits and saves it. The page
// switches layers only when nothing is unsaved, so edits always belong to the active layer.
//
// Every proporsi is an integer of hundredths (see format.js). A cell that holds nothing is 0.

import { integerCosts, scheduledShare } from "./engine.js";
import { hundredthsToApi, toHundredths } from "./format.js";

const NONE = 0;
export const RENCANA = "rencana";
export const REALISASI = "realisasi";

/** The action of the permission rule (dashboard/access.py) that changing a layer needs. */
function layerAction(layerName) {
  return layerName === REALISASI ? "record_realisasi" : "edit_plan";
}

/** One layer's cells: saved from the server, unsaved edits on top, and its undo history. */
class CellLayer {
  constructor(name, assignments) {
    this.name = name;
    this.saved = new Map(); // pekerjaan id -> Map(tahapan id -> hundredths)
    for (const [pekerjaanId, tahapanId, proporsi] of assignments ?? []) {
      let cells = this.saved.get(pekerjaanId);
      if (!cells) {
        cells = new Map();
        this.saved.set(pekerjaanId, cells);
      }
      cells.set(tahapanId, toHundredths(proporsi));
    }
    this.edits = new Map(); // pekerjaan id -> Map(tahapan id -> hundredths), 0 = remove
    this.undoStack = [];
    this.redoStack = [];
    this.totals = new Map();
  }
}

export class JadwalState {
  /** `access`: the user's peran and what it allows (`{peran, can, reasons}`); none: all. */
  constructor(data, { access = null } = {}) {
    this.access = access;
    this.listeners = new Set();
    this.load(data);
  }

  /**
   * Take a fresh `GET jadwal/` answer. With keepEdits, every unsaved edit whose pekerjaan and
   * tahapan still exist is laid on top again (the rest are returned as `dropped`).
   */
  load(data, { keepEdits = false } = {}) {
    const previousEdits = keepEdits ? this.pendingChanges() : [];
    this.layerName ??= RENCANA;
    this.today = data.today;
    this.version = data.version;
    this.mode = data.mode;
    this.weekEndDay = data.week_end_day;
    this.project = data.project;
    this.axis = data.axis;
    this.planMismatch = data.plan_mismatch ?? [];
    this.tahapan = data.tahapan.slice();
    this.tahapanById = new Map(this.tahapan.map((t) => [t.id, t]));
    this.klasifikasi = [];
    this.pekerjaan = new Map();
    this.pekerjaanOrder = [];
    for (const klas of data.tree) {
      const klasNode = { id: klas.id, name: klas.name, sub: [] };
      this.klasifikasi.push(klasNode);
      for (const sub of klas.sub) {
        const subNode = { id: sub.id, name: sub.name, klasifikasi: klasNode, pekerjaan: [] };
        klasNode.sub.push(subNode);
        for (const p of sub.pekerjaan) {
          const item = { ...p, sub: subNode, klasifikasi: klasNode };
          subNode.pekerjaan.push(item);
          this.pekerjaan.set(p.id, item);
          this.pekerjaanOrder.push(item);
        }
      }
    }
    // Exact BigInt cost weights (from each pekerjaan's jumlah harga), for every weighted figure.
    this.costs = integerCosts(this.pekerjaanOrder.map((item) => [item.id, item.biaya ?? "0"]));
    this.layers = {
      [RENCANA]: new CellLayer(RENCANA, data.assignments),
      [REALISASI]: new CellLayer(REALISASI, data.realisasi),
    };
    for (const layer of Object.values(this.layers)) {
      for (const item of this.pekerjaanOrder) {
        layer.totals.set(item.id, this.computeTotal(item.id, layer));
      }
    }
    const dropped = [];
    if (previousEdits.length) {
      const restorable = [];
      for (const change of previousEdits) {
        if (this.pekerjaan.has(change.pekerjaanId) && this.tahapanById.has(change.tahapanId)) {
          restorable.push(change);
        } else {
          dropped.push(change);
        }
      }
      this.apply(restorable, { record: false, silent: true });
    }
    this.emit({ type: "load" });
    return { dropped };
  }

  /** The layer the grid shows and edits. */
  get layer() {
    return this.layers[this.layerName];
  }

  get isRealisasi() {
    return this.layerName === REALISASI;
  }

  /** Switch the grid to the other layer (the page checks first that nothing is unsaved). */
  setLayer(name) {
    if (name === this.layerName || !this.layers[name]) {
      return;
    }
    this.layerName = name;
    this.emit({ type: "layer" });
  }

  /**
   * Can the active layer take a value in this tahapan? The plan: always. Realisasi: only the
   * periods of the time scale that have started (custom tahapan show the realisasi of their
   * dates; work is recorded per period).
   */
  canEdit(tahapanId) {
    if (!this.mayEdit()) {
      return false;
    }
    if (!this.isRealisasi) {
      return true;
    }
    const tahapan = this.tahapanById.get(tahapanId);
    return Boolean(tahapan?.is_auto_generated && tahapan.tanggal_mulai && tahapan.tanggal_mulai <= this.today);
  }

  /**
   * May this user change a layer at all? Their peran in the project's team decides (SPEC §14):
   * the page's `access` says what it allows; the server checks every save again.
   */
  mayEdit(layerName = this.layerName) {
    return !this.access || this.access.can[layerAction(layerName)];
  }

  /** Why this user may not change a layer (null when they may). */
  roleReason(layerName = this.layerName) {
    if (this.mayEdit(layerName)) {
      return null;
    }
    return this.access.reasons[layerAction(layerName)] ?? null;
  }

  /** Does this tahapan's cell count in a row's total? Realisasi in a custom tahapan is a view
   * of days a period of the scale already counts. */
  counts(tahapanId, layer = this.layer) {
    const tahapan = this.tahapanById.get(tahapanId);
    return Boolean(tahapan) && (layer.name !== REALISASI || tahapan.is_auto_generated);
  }

  /** Is this row total a problem? The plan must add up to 100 %; the work done cannot pass it. */
  totalIsWrong(total) {
    return this.isRealisasi ? total > 10000 : total !== 10000;
  }

  cellsOf(store, pekerjaanId) {
    let cells = store.get(pekerjaanId);
    if (!cells) {
      cells = new Map();
      store.set(pekerjaanId, cells);
    }
    return cells;
  }

  savedValue(pekerjaanId, tahapanId, layer = this.layer) {
    return layer.saved.get(pekerjaanId)?.get(tahapanId) ?? NONE;
  }

  /** What the cell shows now: the unsaved edit if there is one, the saved value otherwise. */
  value(pekerjaanId, tahapanId, layer = this.layer) {
    const edited = layer.edits.get(pekerjaanId);
    if (edited && edited.has(tahapanId)) {
      return edited.get(tahapanId);
    }
    return this.savedValue(pekerjaanId, tahapanId, layer);
  }

  isModified(pekerjaanId, tahapanId) {
    return this.layer.edits.get(pekerjaanId)?.has(tahapanId) ?? false;
  }

  /** Blue: the cell holds a value that is stored on the server and not edited since. */
  isSaved(pekerjaanId, tahapanId) {
    return !this.isModified(pekerjaanId, tahapanId) && this.savedValue(pekerjaanId, tahapanId) > 0;
  }

  /**
   * Call fn(tahapanId, value) for every cell of one pekerjaan that holds a value now (saved or
   * edited). A plain loop, not a generator: it runs for every cell on every full redraw.
   */
  forEachCell(pekerjaanId, fn, layer = this.layer) {
    const saved = layer.saved.get(pekerjaanId);
    const edited = layer.edits.get(pekerjaanId);
    if (saved) {
      for (const [tahapanId, value] of saved) {
        const current = edited !== undefined && edited.has(tahapanId) ? edited.get(tahapanId) : value;
        if (current > 0) {
          fn(tahapanId, current);
        }
      }
    }
    if (edited) {
      for (const [tahapanId, value] of edited) {
        if (value > 0 && !(saved && saved.has(tahapanId))) {
          fn(tahapanId, value);
        }
      }
    }
  }

  computeTotal(pekerjaanId, layer = this.layer) {
    let total = 0;
    this.forEachCell(
      pekerjaanId,
      (tahapanId, value) => {
        if (this.counts(tahapanId, layer)) {
          total += value;
        }
      },
      layer,
    );
    return total;
  }

  total(pekerjaanId, layer = this.layer) {
    return layer.totals.get(pekerjaanId) ?? 0;
  }

  /** Pekerjaan beyond 100 % in the active layer: the server refuses to save those. */
  overFull() {
    return this.pekerjaanOrder.filter((item) => this.total(item.id) > 10000);
  }

  get changeCount() {
    let count = 0;
    for (const cells of this.layer.edits.values()) {
      count += cells.size;
    }
    return count;
  }

  get canUndo() {
    return this.layer.undoStack.length > 0;
  }

  get canRedo() {
    return this.layer.redoStack.length > 0;
  }

  /**
   * Set cells to new values as ONE step of undo history.
   * changes: [{pekerjaanId, tahapanId, value}] with value in hundredths (0 removes).
   * Returns the cells that really changed.
   */
  apply(changes, { record = true, silent = false } = {}) {
    const step = [];
    for (const { pekerjaanId, tahapanId, value } of changes) {
      const before = this.value(pekerjaanId, tahapanId);
      if (before === value) {
        continue;
      }
      this.write(pekerjaanId, tahapanId, value);
      step.push({ pekerjaanId, tahapanId, before, after: value });
    }
    if (step.length && record) {
      this.layer.undoStack.push(step);
      this.layer.redoStack = [];
    }
    if (step.length && !silent) {
      this.emit({ type: "cells", cells: step });
    }
    return step;
  }

  write(pekerjaanId, tahapanId, value) {
    const layer = this.layer;
    const before = this.value(pekerjaanId, tahapanId);
    if (value === this.savedValue(pekerjaanId, tahapanId)) {
      const edited = layer.edits.get(pekerjaanId);
      if (edited) {
        edited.delete(tahapanId);
        if (!edited.size) {
          layer.edits.delete(pekerjaanId);
        }
      }
    } else {
      this.cellsOf(layer.edits, pekerjaanId).set(tahapanId, value);
    }
    if (this.counts(tahapanId)) {
      layer.totals.set(pekerjaanId, this.total(pekerjaanId) - before + value);
    }
  }

  undo() {
    const step = this.layer.undoStack.pop();
    if (!step) {
      return [];
    }
    for (const cell of step.slice().reverse()) {
      this.write(cell.pekerjaanId, cell.tahapanId, cell.before);
    }
    this.layer.redoStack.push(step);
    const cells = step.map((c) => ({ ...c, before: c.after, after: c.before }));
    this.emit({ type: "cells", cells, undo: true });
    return cells;
  }

  redo() {
    const step = this.layer.redoStack.pop();
    if (!step) {
      return [];
    }
    for (const cell of step) {
      this.write(cell.pekerjaanId, cell.tahapanId, cell.after);
    }
    this.layer.undoStack.push(step);
    this.emit({ type: "cells", cells: step, redo: true });
    return step;
  }

  /** Every unsaved edit, in grid order (pekerjaan, then tahapan display order). */
  pendingChanges() {
    const order = new Map(this.tahapan.map((t, index) => [t.id, index]));
    const result = [];
    for (const item of this.pekerjaanOrder) {
      const edited = this.layer.edits.get(item.id);
      if (!edited) {
        continue;
      }
      const cells = [...edited.entries()].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0));
      for (const [tahapanId, value] of cells) {
        result.push({ pekerjaanId: item.id, tahapanId, value });
      }
    }
    return result;
  }

  /** The body of `POST jadwal/save/` (or `realisasi/save/`: the same shape). */
  savePayload() {
    return {
      version: this.version,
      changes: this.pendingChanges().map((c) => ({
        pekerjaan_id: c.pekerjaanId,
        tahapan_id: c.tahapanId,
        proporsi: hundredthsToApi(c.value),
      })),
    };
  }

  /** The server stored `changes` (the list that was sent) under `version`. */
  markSaved(changes, version) {
    const layer = this.layer;
    const cells = [];
    for (const { pekerjaanId, tahapanId, value } of changes) {
      const saved = this.cellsOf(layer.saved, pekerjaanId);
      if (value > 0) {
        saved.set(tahapanId, value);
      } else {
        saved.delete(tahapanId);
      }
      const edited = layer.edits.get(pekerjaanId);
      if (edited && edited.get(tahapanId) === value) {
        edited.delete(tahapanId);
        if (!edited.size) {
          layer.edits.delete(pekerjaanId);
        }
      }
      cells.push({ pekerjaanId, tahapanId, before: value, after: value });
    }
    this.version = version;
    layer.undoStack = [];
    layer.redoStack = [];
    this.emit({ type: "saved", cells });
  }

  discardEdits() {
    const layer = this.layer;
    layer.edits = new Map();
    layer.undoStack = [];
    layer.redoStack = [];
    for (const item of this.pekerjaanOrder) {
      layer.totals.set(item.id, this.computeTotal(item.id));
    }
    this.emit({ type: "load" });
  }

  /**
   * Share of the project's cost that is scheduled, in hundredths of a percent (the engine's
   * `scheduledShare`: each pekerjaan counts its cost times its share, at most 100 %).
   */
  progress() {
    return scheduledShare(this.costs, this.layers[RENCANA].totals);
  }

  /** A pekerjaan's cells as they are now (edits included), tahapan id -> hundredths. */
  cellMap(pekerjaanId) {
    const cells = new Map();
    this.forEachCell(pekerjaanId, (tahapanId, value) => {
      if (this.tahapanById.has(tahapanId)) {
        cells.set(tahapanId, value);
      }
    });
    return cells;
  }

  /**
   * Every cell of a layer as it is now: [pekerjaanId, tahapanId, hundredths], for the time
   * axis. Realisasi: the periods of the scale only (a custom tahapan shows the same days).
   */
  currentCells(layerName = RENCANA) {
    const layer = this.layers[layerName];
    const cells = [];
    for (const item of this.pekerjaanOrder) {
      this.forEachCell(
        item.id,
        (tahapanId, value) => {
          if (this.counts(tahapanId, layer)) {
            cells.push([item.id, tahapanId, value]);
          }
        },
        layer,
      );
    }
    return cells;
  }

  /**
   * Take the cells of pekerjaan that someone else saved (a save's `updated_elsewhere`): their
   * stored rows are replaced; an unsaved edit of this page, if any, stays on top.
   */
  mergeElsewhere({ pekerjaan = [], assignments = [] } = {}, layerName = this.layerName) {
    const layer = this.layers[layerName];
    const touched = new Set(pekerjaan.filter((id) => this.pekerjaan.has(id)));
    if (!touched.size) {
      return;
    }
    for (const id of touched) {
      layer.saved.set(id, new Map());
    }
    for (const [pekerjaanId, tahapanId, proporsi] of assignments) {
      if (touched.has(pekerjaanId)) {
        layer.saved.get(pekerjaanId).set(tahapanId, toHundredths(proporsi));
      }
    }
    const cells = [];
    for (const id of touched) {
      layer.totals.set(id, this.computeTotal(id, layer));
      cells.push({ pekerjaanId: id, tahapanId: null });
    }
    this.emit({ type: "cells", cells, elsewhere: true });
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event) {
    for (const listener of this.listeners) {
      listener(event);
    }
  }
}
