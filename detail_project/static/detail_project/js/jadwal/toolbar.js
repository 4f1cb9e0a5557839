// Toolbar and status bar: plan or actual, time scale, display, collapse / expand, undo / redo,
// save, the change count and the scheduled share of the project.

import { fixedPercentText, pluralChanges, scaleName } from "./format.js";

export class Toolbar {
  constructor({ root, state, handlers }) {
    this.root = root;
    this.state = state;
    this.handlers = handlers;
    this.undoButton = root.querySelector('[data-action="undo"]');
    this.redoButton = root.querySelector('[data-action="redo"]');
    this.saveButton = root.querySelector('[data-action="save"]');
    this.saveTitle = this.saveButton.title;
    this.changeCount = root.querySelector('[data-testid="change-count"]');
    this.progress = root.querySelector('[data-testid="total-progress"]');
    this.progressBar = root.querySelector("[data-progress-bar]");
    this.progressWrap = root.querySelector("[data-progress-bar-wrap]");
    this.modeLabel = root.querySelector('[data-testid="mode-label"]');
    this.volumeNote = root.querySelector("[data-volume-note]");
    this.noPeriods = root.querySelector("[data-no-periods]");
    this.layerBadge = root.querySelector('[data-testid="layer-badge"]');
    this.roleNote = root.querySelector('[data-testid="role-note"]');

    root.querySelectorAll('input[name="jp-layer"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        if (radio.checked) {
          handlers.layer(radio.value);
        }
      });
    });
    root.querySelectorAll('input[name="jp-mode"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        if (radio.checked) {
          handlers.mode(radio.value);
        }
      });
    });
    root.querySelectorAll('input[name="jp-display"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        if (radio.checked) {
          handlers.display(radio.value);
        }
      });
    });
    const on = (action, run) => root.querySelector(`[data-action="${action}"]`).addEventListener("click", run);
    on("collapse-all", handlers.collapseAll);
    on("expand-all", handlers.expandAll);
    on("undo", handlers.undo);
    on("redo", handlers.redo);
    on("save", handlers.save);
    on("documents", handlers.documents);
    on("generate", () => handlers.mode(this.state.mode === "custom" ? "weekly" : this.state.mode));
  }

  /** Put the time-scale radios back on the current mode (after a cancelled switch). */
  syncMode() {
    this.root.querySelectorAll('input[name="jp-mode"]').forEach((radio) => {
      radio.checked = radio.value === this.state.mode;
    });
    this.modeLabel.textContent = scaleName(this.state.mode);
    this.noPeriods.hidden = this.state.tahapan.length > 0;
  }

  /** Put the plan / actual radios on the state's layer (after a switch, or a cancelled one). */
  syncLayer() {
    this.root.querySelectorAll('input[name="jp-layer"]').forEach((radio) => {
      radio.checked = radio.value === this.state.layerName;
    });
    this.layerBadge.hidden = !this.state.isRealisasi;
    this.syncRole();
  }

  /** Say, above the grid, why this user's peran keeps the active layer read-only. */
  syncRole() {
    const reason = this.state.roleReason();
    this.roleNote.hidden = !reason;
    this.roleNote.textContent = reason ?? "";
    this.saveButton.title = reason ?? this.saveTitle;
  }

  update() {
    const count = this.state.changeCount;
    this.changeCount.textContent = pluralChanges(count);
    this.changeCount.classList.toggle("text-success", count > 0);
    this.changeCount.classList.toggle("fw-semibold", count > 0);
    this.saveButton.disabled = !this.state.mayEdit();
    this.saveButton.classList.toggle("btn-success", count > 0);
    this.saveButton.classList.toggle("btn-outline-success", count === 0);
    this.undoButton.disabled = !this.state.canUndo;
    this.redoButton.disabled = !this.state.canRedo;
    const progress = this.state.progress(); // hundredths of a percent, from the engine
    this.progress.textContent = fixedPercentText(progress); // "45,60 %" / "45.60 %"
    this.progressBar.style.width = `${Math.min(100, progress / 100)}%`;
    this.progressWrap.setAttribute("aria-valuenow", String(Math.round(progress / 100)));
  }

  setDisplay(display) {
    this.volumeNote.hidden = display !== "volume";
  }
}
