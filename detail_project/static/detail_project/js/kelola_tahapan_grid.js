// Jadwal Pekerjaan page entry: reads the schedule embedded in the page, builds the grid, toolbar,
// save, mode switch, custom-tahapan panel and charts, and wires them together.
//
// Module map (one job each), all beside this file in jadwal/:
//   i18n.js            the page's words (Django's JavaScript catalog) and its Intl locale
//   format.js          numbers (hundredths), parsing "33,33", labels, in the reader's language
//   state.js           saved cells, unsaved edits, undo / redo, totals, progress
//   rows.js            tree -> flat rows, collapse, cost-weighted parent roll-ups
//   columns.js         frozen columns and tahapan columns grouped by month
//   paste.js           tab-separated clipboard text -> rows of cells
//   grid.js            RevoGrid wiring: edits, paste, fill, keys
//   api.js             fetch() with CSRF and {ok, error} answers
//   ui.js              toasts, overlay, message line, confirm dialogs
//   save.js            Save All Changes and the failure panel
//   mode.js            time-scale switch
//   custom_tahapan.js  custom tahapan panel
//   engine.js          the scheduling engine's figures (Kurva S, shares, Gantt runs, deviasi,
//                      kontrak kritis status, SPI), exact
//   chart_data.js      the schedule on its time axis for the charts
//   progress_card.js   the summary card: planned up to today, actual, deviasi, SPI, status
//   baselines.js       the baselines of the Kurva S tab
//   documents.js       the "Documents" dialog: time schedule and progress reports to download
//   gantt.js, kurva_s.js, charts.js   the two chart tabs
//   kebutuhan.js       the Kebutuhan tab: resources per period (rekap kebutuhan), its chart, xlsx

import { Api } from "./jadwal/api.js";
import { BaselinePanel } from "./jadwal/baselines.js";
import { formatInteger } from "./jadwal/format.js";
import { gettext, interpolate, ngettext } from "./jadwal/i18n.js";
import { Charts } from "./jadwal/charts.js";
import { CustomTahapanPanel } from "./jadwal/custom_tahapan.js";
import { DocumentsDialog } from "./jadwal/documents.js";
import { JadwalGrid } from "./jadwal/grid.js";
import { KebutuhanTab } from "./jadwal/kebutuhan.js";
import { ModeSwitcher } from "./jadwal/mode.js";
import { ProgressCard } from "./jadwal/progress_card.js";
import { RowModel } from "./jadwal/rows.js";
import { ProblemPanel, Saver } from "./jadwal/save.js";
import { JadwalState } from "./jadwal/state.js";
import { Toolbar } from "./jadwal/toolbar.js";
import { MessageLine, Overlay, choose, toast } from "./jadwal/ui.js";

function readJson(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

function isTypingTarget(target) {
  return (
    target instanceof HTMLElement &&
    (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable)
  );
}

class JadwalPage {
  constructor(root) {
    this.root = root;
    const config = readJson("jadwal-config");
    this.api = new Api(config.api_base, config.csrf_token);
    this.state = new JadwalState(readJson("jadwal-data"), { access: config.access });
    this.rows = new RowModel(this.state);
    this.overlay = new Overlay(root.querySelector("[data-testid='overlay']"));
    this.message = new MessageLine(root.querySelector("[data-testid='grid-message']"));
    this.problem = new ProblemPanel(root.querySelector("[data-testid='problem']"));

    this.grid = new JadwalGrid({
      host: root.querySelector("[data-grid-host]"),
      state: this.state,
      rows: this.rows,
      notify: (text, level) => this.message.show(text, level),
    });
    this.saver = new Saver({
      api: this.api,
      state: this.state,
      overlay: this.overlay,
      problem: this.problem,
      reloadKeepingEdits: () => this.reloadKeepingEdits(),
      beforeSave: () => this.grid.commitOpenEditor(),
    });
    this.toolbar = new Toolbar({
      root,
      state: this.state,
      handlers: {
        layer: (layer) => this.switchLayer(layer),
        mode: (mode) => this.modes.request(mode),
        display: (display) => this.setDisplay(display),
        collapseAll: () => this.collapse(true),
        expandAll: () => this.collapse(false),
        undo: () => this.state.undo(),
        redo: () => this.state.redo(),
        save: () => this.saver.save(),
        documents: () => this.documents.open(),
      },
    });
    this.modes = new ModeSwitcher({
      api: this.api,
      state: this.state,
      overlay: this.overlay,
      problem: this.problem,
      saver: this.saver,
      modal: document.getElementById("jp-mode-modal"),
      reload: (data) => this.reload(data),
      onCancel: () => this.toolbar.syncMode(),
      beforeSwitch: () => this.grid.commitOpenEditor(),
    });
    this.custom = new CustomTahapanPanel({
      element: root.querySelector("[data-testid='custom-panel']"),
      api: this.api,
      state: this.state,
      reloadKeepingEdits: () => this.reloadKeepingEdits(),
      confirmModal: document.getElementById("jp-confirm-modal"),
      problem: this.problem,
      reveal: (tahapanId) => this.grid.reveal(tahapanId),
    });
    this.baselines = new BaselinePanel({
      element: root.querySelector("[data-testid='baseline-panel']"),
      api: this.api,
      state: this.state,
      modal: document.getElementById("jp-baseline-modal"),
      confirmModal: document.getElementById("jp-confirm-modal"),
      onChange: () => this.charts.invalidate(),
    });
    this.documents = new DocumentsDialog({
      modal: document.getElementById("jp-documents-modal"),
      config: config.documents,
      state: this.state,
      overlay: this.overlay,
      problem: this.problem,
    });
    this.card = new ProgressCard({ element: root.querySelector("[data-testid='progress-card']"), state: this.state });
    this.charts = new Charts({
      baselines: this.baselines,
      state: this.state,
      gantt: root.querySelector("[data-testid='gantt-chart']"),
      kurva: root.querySelector("[data-testid='kurva-chart']"),
      kurvaTable: root.querySelector("[data-testid='kurva-table']"),
      pngButton: root.querySelector('[data-action="save-png"]'),
      projectName: this.state.project.nama,
    });
    this.kebutuhan = new KebutuhanTab({
      element: root.querySelector("[data-testid='kebutuhan-pane']"),
      api: this.api,
      state: this.state,
      loadEcharts: () => this.charts.load(),
      download: (url) => this.documents.download(url),
    });

    this.state.subscribe((event) => this.onStateChange(event));
    this.listenTabs();
    this.listenKeys();
    window.addEventListener("beforeunload", (event) => {
      if (this.state.changeCount > 0) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    this.toolbar.syncMode();
    this.toolbar.syncLayer();
    this.toolbar.update();
    this.custom.render();
    this.card.render();
    this.warnPlanMismatch();
    this.grid.ready.then(() => {
      requestAnimationFrame(() => {
        root.dataset.state = "ready";
        performance.mark("jadwal-grid-ready");
      });
    });
  }

  onStateChange(event) {
    if (event.type === "load") {
      this.rows.build();
      this.grid.rebuildColumns();
      this.grid.refreshRows();
      this.toolbar.syncMode();
      this.custom.render();
      this.warnPlanMismatch();
    } else if (event.type === "layer") {
      this.rows.refreshAll();
      this.grid.refreshRows();
      this.toolbar.syncLayer();
      this.root.dataset.layer = this.state.layerName;
      this.message.clear();
    } else {
      this.grid.onStateCells(event.cells);
    }
    if (event.type !== "cells" || event.elsewhere) {
      this.card.render(); // saved figures: not while the planner types
    }
    this.toolbar.update();
    this.charts.invalidate();
    this.kebutuhan.invalidate(event); // only a change of the saved plan counts there
  }

  /**
   * Plan ⇄ actual. Edits belong to the layer they were typed in, so unsaved ones are saved or
   * discarded first (the planner chooses).
   */
  async switchLayer(layer) {
    if (layer === this.state.layerName) {
      return;
    }
    await this.grid.commitOpenEditor();
    const pending = this.state.changeCount;
    if (pending) {
      const modal = document.getElementById("jp-layer-modal");
      const choice = await choose(modal, {
        onShow: (element) => {
          element.querySelector("[data-layer-title]").textContent =
            layer === "realisasi" ? gettext("Switch to the actual progress?") : gettext("Switch to the plan?");
          element.querySelector("[data-layer-text]").textContent = interpolate(
            ngettext(
              "You have %(count)s change not saved yet in this view. Save it first, or discard it.",
              "You have %(count)s changes not saved yet in this view. Save them first, or discard them.",
              pending,
            ),
            { count: formatInteger(pending) },
          );
        },
      });
      if (choice === "save") {
        if (!(await this.saver.save())) {
          this.toolbar.syncLayer();
          return;
        }
      } else if (choice === "discard") {
        this.state.discardEdits();
      } else {
        this.toolbar.syncLayer();
        return;
      }
    }
    this.state.setLayer(layer);
  }

  /** The server found day plans that do not add up to their cells (changed outside the app). */
  warnPlanMismatch() {
    const count = this.state.planMismatch.length;
    if (!count) {
      return;
    }
    this.message.show(
      interpolate(
        ngettext(
          "%(count)s pekerjaan has a day-by-day plan that does not match the percentages shown (it was changed outside this page). The next time-scale switch rebuilds the plan from what you see here.",
          "%(count)s pekerjaan have a day-by-day plan that does not match the percentages shown (they were changed outside this page). The next time-scale switch rebuilds the plan from what you see here.",
          count,
        ),
        { count: formatInteger(count) },
      ),
      "warning",
    );
  }

  /** A new schedule from the server (after a mode switch): unsaved edits are dropped. */
  async reload(data) {
    this.state.load(data);
    this.message.clear();
  }

  /** Fetch the schedule again and lay the unsaved edits on top (after a conflict or a tahapan
   * change). */
  async reloadKeepingEdits() {
    this.overlay.show(gettext("Loading the latest schedule..."));
    try {
      const data = await this.api.get("jadwal/");
      const { dropped } = this.state.load(data, { keepEdits: true });
      if (dropped.length) {
        toast(
          interpolate(
            ngettext(
              "%(count)s unsaved change was in a tahapan that no longer exists and was dropped.",
              "%(count)s unsaved changes were in a tahapan that no longer exists and were dropped.",
              dropped.length,
            ),
            { count: formatInteger(dropped.length) },
          ),
          "warning",
        );
      }
    } catch (error) {
      this.problem.show({ title: gettext("Could not load the latest schedule."), text: error.message });
    } finally {
      this.overlay.hide();
    }
  }

  setDisplay(display) {
    this.rows.display = display;
    this.rows.refreshAll();
    this.toolbar.setDisplay(display);
    this.root.dataset.display = display;
    this.grid.redraw();
  }

  collapse(all) {
    if (all) {
      this.rows.collapseAll();
    } else {
      this.rows.expandAll();
    }
    this.grid.setTrimmed();
    this.grid.redraw();
  }

  listenTabs() {
    this.root.querySelectorAll('[data-bs-toggle="tab"]').forEach((tab) => {
      tab.addEventListener("shown.bs.tab", () => {
        const which = tab.dataset.chart;
        if (which) {
          this.charts.show(which);
        } else {
          this.charts.hide();
        }
        if (tab.dataset.view === "kebutuhan") {
          this.kebutuhan.show();
        } else {
          this.kebutuhan.hide();
        }
      });
    });
  }

  listenKeys() {
    document.addEventListener("keydown", (event) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) {
        return;
      }
      // In a text field (or a cell editor that is open) Ctrl+Z belongs to the text. RevoGrid
      // may leave its closed editor's input focused; that one does not count.
      const inGrid = this.grid.element.contains(event.target);
      if (isTypingTarget(event.target) && (!inGrid || this.grid.editing)) {
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        this.state.undo();
      } else if (key === "y" || (key === "z" && event.shiftKey)) {
        event.preventDefault();
        this.state.redo();
      } else if (key === "s") {
        event.preventDefault();
        this.saver.save();
      }
    });
  }
}

const root = document.getElementById("jadwal-app");
if (root) {
  new JadwalPage(root);
}
