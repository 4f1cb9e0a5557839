// The pekerjaan tree as flat grid rows: klasifikasi (depth 0) › sub-klasifikasi (depth 1) ›
// pekerjaan (depth 2). Collapsing hides descendants through RevoGrid's `trimmedRows`; parent rows
// carry cost-weighted roll-ups of their children. No DOM here.

import { groupShares } from "./engine.js";
import { FULL, formatHundredths, formatVolume } from "./format.js";

export const KIND = { KLAS: "klas", SUB: "sub", PEK: "pek" };

/** Grid column prop of a tahapan. */
export function tahapanProp(tahapanId) {
  return `t${tahapanId}`;
}

function clearCells(row) {
  if (row.cellProps) {
    for (const prop of row.cellProps) {
      delete row[prop];
    }
  }
  row.cellProps = [];
}

function setCell(row, prop, text) {
  row[prop] = text;
  row.cellProps.push(prop);
}

export class RowModel {
  constructor(state) {
    this.state = state;
    this.collapsed = new Set(); // row keys ("k12", "s40") of collapsed parents
    this.display = "percent"; // or "volume"
    this.build();
  }

  build() {
    const rows = [];
    this.rowByPekerjaan = new Map();
    this.subRows = new Map();
    this.klasRows = new Map();
    for (const klas of this.state.klasifikasi) {
      const klasRow = { key: `k${klas.id}`, kind: KIND.KLAS, id: klas.id, depth: 0, node: klas, kode: "", uraian: klas.name };
      rows.push(klasRow);
      this.klasRows.set(klas.id, klasRow);
      for (const sub of klas.sub) {
        const subRow = { key: `s${sub.id}`, kind: KIND.SUB, id: sub.id, depth: 1, node: sub, parentKey: klasRow.key, kode: "", uraian: sub.name };
        rows.push(subRow);
        this.subRows.set(sub.id, subRow);
        for (const item of sub.pekerjaan) {
          const row = {
            key: `p${item.id}`,
            kind: KIND.PEK,
            id: item.id,
            depth: 2,
            node: item,
            parentKey: subRow.key,
            kode: item.kode,
            uraian: item.uraian,
            satuan: item.satuan,
            volume: formatVolume(item.volume),
          };
          rows.push(row);
          this.rowByPekerjaan.set(item.id, row);
        }
      }
    }
    rows.forEach((row, index) => {
      row.index = index;
    });
    this.rows = rows;
    this.refreshAll();
  }

  /** Recompute every displayed value (after a load, a display switch or undo of many cells). */
  refreshAll() {
    for (const row of this.rowByPekerjaan.values()) {
      this.fillPekerjaan(row);
    }
    for (const row of this.subRows.values()) {
      this.fillSub(row);
    }
    for (const row of this.klasRows.values()) {
      this.fillKlasifikasi(row);
    }
  }

  /** Update the rows touched by `cells` ([{pekerjaanId, tahapanId}]) and their parents. */
  refreshCells(cells) {
    const pekerjaanIds = new Set(cells.map((cell) => cell.pekerjaanId));
    const subs = new Set();
    for (const pekerjaanId of pekerjaanIds) {
      const row = this.rowByPekerjaan.get(pekerjaanId);
      if (row) {
        this.fillPekerjaan(row);
        subs.add(this.subRows.get(row.node.sub.id));
      }
    }
    const klasifikasi = new Set();
    for (const row of subs) {
      this.fillSub(row);
      klasifikasi.add(this.klasRows.get(row.node.klasifikasi.id));
    }
    for (const row of klasifikasi) {
      this.fillKlasifikasi(row);
    }
  }

  fillPekerjaan(row) {
    const item = row.node;
    clearCells(row);
    const volumeMode = this.display === "volume";
    this.state.forEachCell(item.id, (tahapanId, value) => {
      setCell(
        row,
        tahapanProp(tahapanId),
        volumeMode ? formatVolume((item.volume * value) / FULL) : formatHundredths(value),
      );
    });
    const total = this.state.total(item.id);
    row.totalValue = total;
    row.total = (volumeMode ? formatVolume((item.volume * total) / FULL) : formatHundredths(total)) || "0";
    row.incomplete = this.state.totalIsWrong(total);
  }

  /**
   * A parent's cell is the cost-weighted share of the parent's work planned in that period,
   * computed by the engine (`groupShares`, the same rule as the server's): its pekerjaan weigh
   * their cost, or all the same when none of them has a price.
   */
  fillSub(row) {
    this.showParent(row, row.node.pekerjaan.map((item) => item.id));
  }

  fillKlasifikasi(row) {
    this.showParent(
      row,
      row.node.sub.flatMap((sub) => sub.pekerjaan.map((item) => item.id)),
    );
  }

  showParent(row, members) {
    clearCells(row);
    const cellsOf = new Map(members.map((id) => [id, this.state.cellMap(id)]));
    const { cells, total } = groupShares(this.state.costs, cellsOf, members);
    // Volumes of different satuan cannot be added up: in Volume display a group row keeps its
    // cost-weighted percentages, marked with "%". (Every figure is written in the reader's
    // language by format.js: "33,33" / "1.500" in Indonesian.)
    const unit = this.display === "volume" ? " %" : "";
    for (const [tahapanId, value] of cells) {
      setCell(row, tahapanProp(tahapanId), formatHundredths(value) + unit);
    }
    row.totalValue = total;
    row.total = members.length ? (formatHundredths(total) || "0") + unit : "";
  }

  /** RevoGrid `trimmedRows`: physical indexes of rows hidden by collapsed parents. */
  trimmed() {
    const hidden = {};
    for (const row of this.rows) {
      if (row.parentKey && this.isHidden(row)) {
        hidden[row.index] = true;
      }
    }
    return hidden;
  }

  isHidden(row) {
    if (row.kind === KIND.SUB) {
      return this.collapsed.has(row.parentKey);
    }
    if (row.kind === KIND.PEK) {
      const sub = this.subRows.get(row.node.sub.id);
      return this.collapsed.has(sub.key) || this.collapsed.has(sub.parentKey);
    }
    return false;
  }

  /** Rows in the order the grid shows them (collapsed ones left out). */
  visibleRows() {
    return this.rows.filter((row) => !this.isHidden(row));
  }

  toggle(key) {
    if (this.collapsed.has(key)) {
      this.collapsed.delete(key);
    } else {
      this.collapsed.add(key);
    }
  }

  collapseAll() {
    for (const row of this.rows) {
      if (row.kind !== KIND.PEK) {
        this.collapsed.add(row.key);
      }
    }
  }

  expandAll() {
    this.collapsed.clear();
  }
}
