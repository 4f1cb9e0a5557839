// The spreadsheet: RevoGrid wired to the state. RevoGrid draws and handles focus, selection and
// keys; every value change (typing, paste, fill, delete) is intercepted here, checked, and applied
// to the state as one undo step, so the grid never holds a value the state does not know.

import "revogrid";

import { buildColumns } from "./columns.js";
import { FULL, formatInteger, parseProporsi, percentText, shortDate } from "./format.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { parseClipboardTable } from "./paste.js";
import { KIND, tahapanProp } from "./rows.js";
import { nextFrame } from "./ui.js";

const EDITABLE_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);

function isTypingTarget(target) {
  return target instanceof HTMLElement && (EDITABLE_TAGS.has(target.tagName) || target.isContentEditable);
}

export class JadwalGrid {
  /**
   * host: the element the grid fills; state: JadwalState; rows: RowModel;
   * notify(message, level): shows a message next to the grid.
   */
  constructor({ host, state, rows, notify }) {
    this.host = host;
    this.state = state;
    this.rows = rows;
    this.notify = notify;
    this.element = document.createElement("revo-grid");
    this.element.setAttribute("data-testid", "jadwal-grid");
    this.ready = new Promise((resolve) => {
      this.element.addEventListener("aftergridrender", () => resolve(), { once: true });
    });
    this.configure();
    this.listen();
    host.replaceChildren(this.element);
    this.rebuildColumns();
    this.refreshRows();
  }

  configure() {
    const grid = this.element;
    grid.theme = "compact";
    grid.rowSize = 30;
    grid.range = true;
    grid.resize = true;
    grid.canFocus = true;
    grid.useClipboard = true;
    grid.applyOnClose = true;
    grid.filter = false;
    grid.canMoveColumns = false;
    grid.canDrag = false;
    grid.rowClass = "rowClass";
    grid.frameSize = 2;
  }

  // --- columns and rows -------------------------------------------------------------------

  rebuildColumns() {
    const hooks = {
      uraianTemplate: (h, props) => this.uraianCell(h, props),
      frozenProperties: (props) => this.frozenProperties(props),
      numberProperties: (props) => ({ class: { "jp-num": true, ...this.frozenProperties(props).class } }),
      totalProperties: (props) => this.totalProperties(props),
      cellProperties: (props) => this.cellProperties(props),
      readonly: (props) => this.isReadonly(props.model, props.column),
      cellTemplate: (h, props) => this.tahapanCell(h, props),
    };
    const { columns, tahapanColumns, columnTypes } = buildColumns(this.state.tahapan, hooks);
    this.tahapanColumns = tahapanColumns;
    this.element.columnTypes = columnTypes;
    this.element.columns = columns;
    this.element.dataset.columnCount = String(tahapanColumns.length);
  }

  refreshRows() {
    for (const row of this.rows.rows) {
      row.rowClass = this.rowClass(row);
    }
    this.element.source = this.rows.rows.slice();
    this.element.trimmedRows = this.rows.trimmed();
    this.element.dataset.rowCount = String(this.rows.visibleRows().length);
  }

  /** Re-render after values changed in place (cheaper than a new source). */
  redraw(cells) {
    if (cells) {
      const touched = new Set();
      for (const { pekerjaanId } of cells) {
        const row = this.rows.rowByPekerjaan.get(pekerjaanId);
        if (row) {
          touched.add(row);
          touched.add(this.rows.subRows.get(row.node.sub.id));
          touched.add(this.rows.klasRows.get(row.node.klasifikasi.id));
        }
      }
      for (const row of touched) {
        row.rowClass = this.rowClass(row);
      }
    }
    this.element.refresh("rgRow");
  }

  rowClass(row) {
    if (row.kind === KIND.PEK) {
      return row.incomplete ? "jp-row-pek jp-row-incomplete" : "jp-row-pek";
    }
    return row.kind === KIND.KLAS ? "jp-row-klas" : "jp-row-sub";
  }

  setTrimmed() {
    this.element.trimmedRows = this.rows.trimmed();
    this.element.dataset.rowCount = String(this.rows.visibleRows().length);
  }

  // --- cell rendering -----------------------------------------------------------------------

  uraianCell(h, { model }) {
    const children = [];
    if (model.kind !== KIND.PEK) {
      const collapsed = this.rows.collapsed.has(model.key);
      children.push(
        h(
          "button",
          {
            type: "button",
            class: "jp-toggle",
            tabindex: "-1",
            "data-key": model.key,
            "aria-expanded": collapsed ? "false" : "true",
            "aria-label": collapsed ? gettext("Expand") : gettext("Collapse"),
          },
          collapsed ? "\u25b8" : "\u25be",
        ),
      );
    }
    children.push(h("span", { class: "jp-uraian-text", title: model.uraian }, model.uraian));
    return h("div", { class: `jp-tree jp-depth-${model.depth}` }, children);
  }

  frozenProperties({ model }) {
    return { class: { "jp-frozen": true, [`jp-${model.kind}`]: true } };
  }

  totalProperties({ model }) {
    const incomplete = model.kind === KIND.PEK && model.incomplete;
    const props = { class: { "jp-num": true, "jp-total": true, "jp-incomplete": incomplete } };
    if (model.kind === KIND.PEK) {
      props["data-total"] = model.key;
      if (incomplete) {
        const text = this.state.isRealisasi
          ? gettext("Done %(total)s: more than %(full)s cannot have been done")
          : gettext("Total is %(total)s, it should be %(full)s");
        props.title = interpolate(text, { total: percentText(model.totalValue), full: percentText(FULL) });
      }
    }
    return props;
  }

  cellProperties({ model, column }) {
    const tahapanId = column.tahapanId;
    if (model.kind !== KIND.PEK) {
      return { class: { "jp-num": true, "jp-parent-cell": true } };
    }
    return {
      class: {
        "jp-num": true,
        "jp-cell": true,
        "jp-mod": this.state.isModified(model.id, tahapanId),
        "jp-saved": this.state.isSaved(model.id, tahapanId),
        "jp-locked": !this.state.canEdit(tahapanId),
      },
      "data-cell": `${model.key}:${tahapanId}`,
    };
  }

  tahapanCell(h, { model, prop }) {
    const text = model[prop];
    if (!text || this.rows.display !== "volume" || model.kind !== KIND.PEK) {
      return text ?? "";
    }
    return [text, h("span", { class: "jp-unit" }, ` ${model.satuan || ""}`)];
  }

  isReadonly(model, column) {
    if (model.kind !== KIND.PEK || this.rows.display === "volume") {
      return true;
    }
    return column?.tahapanId !== undefined && !this.state.canEdit(column.tahapanId);
  }

  /** Why the active layer cannot take a value in this tahapan (null when it can). */
  lockedReason(tahapanId) {
    if (this.state.canEdit(tahapanId)) {
      return null;
    }
    const roleReason = this.state.roleReason();
    if (roleReason) {
      return roleReason;
    }
    const tahapan = this.state.tahapanById.get(tahapanId);
    if (!tahapan?.is_auto_generated) {
      return gettext(
        "Realisasi is recorded in the periods of the time scale. A custom tahapan shows the realisasi of its dates.",
      );
    }
    return interpolate(
      gettext("%(period)s has not started yet (today is %(today)s): realisasi can only be recorded for periods that have started."),
      { period: this.columnName(tahapanId), today: shortDate(this.state.today) },
    );
  }

  async explainFocusedLock() {
    const focused = await this.element.getFocused();
    const tahapanId = focused?.column?.tahapanId;
    if (tahapanId === undefined || focused.model?.kind !== KIND.PEK) {
      return;
    }
    const reason = this.lockedReason(tahapanId);
    if (reason) {
      this.notify(reason, "info");
    }
  }

  columnName(tahapanId) {
    return this.tahapanColumns.find((column) => column.tahapanId === tahapanId)?.name ?? "";
  }

  // --- events -------------------------------------------------------------------------------

  /** The open editor's input, as soon as RevoGrid has rendered it (null if it never does). */
  async whenEditorInput() {
    for (let attempt = 0; attempt < 120; attempt++) {
      const input = this.element.querySelector("revogr-edit input");
      if (input) {
        return input;
      }
      if (!this.editing) {
        return null;
      }
      await nextFrame();
    }
    return null;
  }

  listen() {
    const grid = this.element;
    // Volume display is read-only; say so when someone tries to edit.
    const volumeHint = () =>
      this.notify(gettext("Volumes are read-only: switch the display to Percentage to edit."), "info");
    this.forwarded = new WeakSet();
    this.editing = false;
    grid.addEventListener("setedit", (event) => {
      this.editing = !event.defaultPrevented;
    });
    for (const name of ["celledit", "canceledit", "closeedit"]) {
      grid.addEventListener(name, () => {
        this.editing = false;
      });
    }
    grid.addEventListener("click", (event) => {
      const toggle = event.target instanceof Element ? event.target.closest(".jp-toggle") : null;
      if (toggle) {
        this.rows.toggle(toggle.dataset.key);
        this.setTrimmed();
        this.element.refresh("rgRow");
      }
    });
    grid.addEventListener("beforekeydown", (event) => {
      const original = event.detail.original;
      // RevoGrid listens to keys on the whole document; keys typed in our own inputs, buttons
      // and dialogs are not for the grid.
      if (this.isOutside(original.target)) {
        event.preventDefault();
        return;
      }
      const printable = original.key.length === 1 && !original.ctrlKey && !original.metaKey;
      if (this.rows.display === "volume" && printable) {
        volumeHint();
      } else if (printable && (this.state.isRealisasi || !this.state.mayEdit())) {
        this.explainFocusedLock(); // a locked cell opens no editor: say why nothing happens
      }
      // A fast typist's Enter can arrive while the cell editor is still being created (its code
      // loads on the first edit); RevoGrid would drop it and leave the editor open. Hand it to
      // the editor's input once that exists, so the value is confirmed and focus moves down.
      if (original.key !== "Enter" || original.isComposing || this.forwarded.has(original)) {
        return;
      }
      const input = this.element.querySelector("revogr-edit input");
      if (!this.editing || original.target === input) {
        return;
      }
      this.forwarded.add(original);
      event.preventDefault();
      original.preventDefault();
      this.whenEditorInput().then((ready) => {
        ready?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true }));
      });
    });
    grid.addEventListener("dblclick", (event) => {
      const target = event.target instanceof Element ? event.target.closest(".jp-cell") : null;
      if (!target) {
        return;
      }
      if (this.rows.display === "volume") {
        volumeHint();
      } else if (target.classList.contains("jp-locked")) {
        this.explainFocusedLock();
      }
    });
    grid.addEventListener("beforeeditstart", (event) => {
      if (this.rows.display === "volume") {
        event.preventDefault();
        volumeHint();
        return;
      }
      const reason = this.lockedReason(event.detail?.column?.tahapanId);
      if (reason && event.detail?.model?.kind === KIND.PEK) {
        event.preventDefault();
        this.notify(reason, "info");
      }
    });
    grid.addEventListener("beforeedit", (event) => this.onEdit(event));
    grid.addEventListener("beforerangeedit", (event) => this.onRangeEdit(event));
    grid.addEventListener("beforepaste", (event) => {
      const target = event.detail.event.target;
      if (isTypingTarget(target) || this.isOutside(target)) {
        event.preventDefault(); // a paste into a text field (or outside the grid) stays there
      }
    });
    grid.addEventListener("beforepasteapply", (event) => {
      event.preventDefault();
      event.detail.event.preventDefault();
      this.onPaste(event.detail.dataText || "");
    });
  }

  /** A key or paste aimed at something else on the page (a toolbar button, a dialog field). */
  isOutside(target) {
    if (!(target instanceof Node) || target === document || target === document.body) {
      return false;
    }
    return !this.element.contains(target);
  }

  onEdit(event) {
    event.preventDefault();
    const { model, column, val, rowIndex, colIndex, colType, type } = event.detail;
    if (!column || column.tahapanId === undefined || model.kind !== KIND.PEK) {
      return;
    }
    const locked = this.lockedReason(column.tahapanId);
    if (locked) {
      this.refuse(locked);
      return;
    }
    const parsed = parseProporsi(val);
    if (!parsed.ok) {
      this.refuse(`${model.kode || model.uraian}: ${parsed.error}`);
      // stay on the refused cell so the planner can type again
      setTimeout(() => {
        this.element.setCellsFocus({ x: colIndex, y: rowIndex }, { x: colIndex, y: rowIndex }, colType, type);
      }, 60);
      return;
    }
    this.applyChanges([{ pekerjaanId: model.id, tahapanId: column.tahapanId, value: parsed.value }]);
  }

  /** Fill handle drags and Delete over a range. */
  onRangeEdit(event) {
    event.preventDefault();
    const { data, models } = event.detail;
    const columns = new Map(this.tahapanColumns.map((c) => [c.prop, c]));
    const changes = [];
    for (const [rowIndex, values] of Object.entries(data)) {
      const model = models[rowIndex];
      if (!model || model.kind !== KIND.PEK) {
        continue;
      }
      for (const [prop, val] of Object.entries(values)) {
        const column = columns.get(prop);
        if (!column) {
          continue;
        }
        const locked = this.lockedReason(column.tahapanId);
        if (locked) {
          this.refuse(locked);
          return;
        }
        const parsed = parseProporsi(val);
        if (!parsed.ok) {
          this.refuse(`${model.kode || model.uraian}: ${parsed.error}`);
          return;
        }
        changes.push({ pekerjaanId: model.id, tahapanId: column.tahapanId, value: parsed.value });
      }
    }
    this.applyChanges(changes);
  }

  async onPaste(text) {
    if (this.rows.display === "volume") {
      this.refuse(gettext("Switch the display to Percentage to paste."));
      return;
    }
    const table = parseClipboardTable(text);
    if (!table.length) {
      return;
    }
    const focused = await this.element.getFocused();
    if (!focused) {
      return;
    }
    if (focused.colType !== "rgCol") {
      this.refuse(gettext("Paste into the period columns: kode, uraian, volume, satuan and total are not editable."));
      return;
    }
    const range = await this.element.getSelectedRange();
    let start = { x: focused.cell.x, y: focused.cell.y };
    let height = table.length;
    let width = Math.max(...table.map((r) => r.length));
    let fill = false;
    if (range && range.colType === "rgCol") {
      start = { x: Math.min(range.x, range.x1), y: Math.min(range.y, range.y1) };
      const rangeHeight = Math.abs(range.y1 - range.y) + 1;
      const rangeWidth = Math.abs(range.x1 - range.x) + 1;
      if (height === 1 && width === 1 && (rangeHeight > 1 || rangeWidth > 1)) {
        fill = true;
        height = rangeHeight;
        width = rangeWidth;
      }
    }
    const visible = this.rows.visibleRows();
    const changes = [];
    const errors = [];
    for (let i = 0; i < height; i++) {
      const row = visible[start.y + i];
      if (!row) {
        const available = visible.length - start.y;
        this.refuse(
          interpolate(
            ngettext(
              "The pasted block has %(rows)s rows but only %(available)s row is below the selected cell. Nothing was pasted.",
              "The pasted block has %(rows)s rows but only %(available)s rows are below the selected cell. Nothing was pasted.",
              available,
            ),
            { rows: formatInteger(height), available: formatInteger(available) },
          ),
        );
        return;
      }
      if (row.kind !== KIND.PEK) {
        this.refuse(
          interpolate(
            gettext('The pasted block covers the row "%(row)s", which is a group total and cannot take values. Nothing was pasted.'),
            { row: row.uraian },
          ),
        );
        return;
      }
      for (let j = 0; j < width; j++) {
        const column = this.tahapanColumns[start.x + j];
        if (!column) {
          const available = this.tahapanColumns.length - start.x;
          this.refuse(
            interpolate(
              ngettext(
                "The pasted block has %(columns)s columns but only %(available)s period is right of the selected cell. Nothing was pasted.",
                "The pasted block has %(columns)s columns but only %(available)s periods are right of the selected cell. Nothing was pasted.",
                available,
              ),
              { columns: formatInteger(width), available: formatInteger(available) },
            ),
          );
          return;
        }
        const locked = this.lockedReason(column.tahapanId);
        if (locked) {
          this.refuse(interpolate(gettext("Nothing was pasted. %(error)s"), { error: locked }));
          return;
        }
        const raw = fill ? table[0][0] : (table[i][j] ?? "");
        const parsed = parseProporsi(raw);
        if (!parsed.ok) {
          errors.push(`${row.kode || row.uraian} / ${column.name}: ${parsed.error}`);
          continue;
        }
        changes.push({ pekerjaanId: row.id, tahapanId: column.tahapanId, value: parsed.value });
      }
    }
    if (errors.length) {
      const more = errors.length - 1;
      this.refuse(
        more
          ? interpolate(
              ngettext(
                "Nothing was pasted. %(error)s (and %(count)s more invalid value)",
                "Nothing was pasted. %(error)s (and %(count)s more invalid values)",
                more,
              ),
              { error: errors[0], count: formatInteger(more) },
            )
          : interpolate(gettext("Nothing was pasted. %(error)s"), { error: errors[0] }),
      );
      return;
    }
    const applied = this.applyChanges(changes);
    await this.element.setCellsFocus(
      start,
      { x: start.x + width - 1, y: start.y + height - 1 },
      "rgCol",
      "rgRow",
    );
    if (applied.length) {
      this.notify(
        interpolate(gettext("Pasted %(rows)s × %(columns)s cells."), {
          rows: formatInteger(height),
          columns: formatInteger(width),
        }),
        "success",
      );
    }
  }

  applyChanges(changes) {
    const applied = this.state.apply(changes);
    if (applied.length) {
      this.notify("", "clear");
    }
    return applied;
  }

  refuse(message) {
    this.notify(message, "danger");
  }

  /**
   * Scroll a tahapan's column into view (a new custom tahapan, for example). RevoGrid lays out
   * new columns on its next render, so scrolling at once would stop at the old right edge.
   */
  async reveal(tahapanId) {
    const prop = tahapanProp(tahapanId);
    if (!this.tahapanColumns.some((column) => column.prop === prop)) {
      return;
    }
    await nextFrame();
    await nextFrame();
    await this.element.scrollToColumnProp(prop);
    // The viewport redraws its recycled cells a frame or two after the scroll: only then does a
    // click land where it is aimed. `data-revealed` says the column is there to stay.
    await nextFrame();
    await nextFrame();
    this.element.dataset.revealed = prop;
  }

  /**
   * Finish a cell edit that is still open (the planner typed a value and went straight for a
   * toolbar button), so the value is in the state before a save or a mode switch reads it.
   */
  async commitOpenEditor() {
    for (let attempt = 0; attempt < 30; attempt++) {
      const input = this.element.querySelector("revogr-edit input");
      if (!input) {
        break;
      }
      if (attempt === 0) {
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true }));
      }
      await nextFrame();
    }
    await nextFrame();
  }

  /** State changed (edit, undo, redo, save): update the touched rows and draw. */
  onStateCells(cells) {
    this.rows.refreshCells(cells);
    this.redraw(cells);
  }
}
