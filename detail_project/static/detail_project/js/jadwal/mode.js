// Time-scale switch (Daily / Weekly / Monthly / Custom): confirm, regenerate on the server,
// reload the schedule, rebuild the grid.

import { pluralChanges } from "./format.js";
import { choose, nextFrame, toast } from "./ui.js";

const MODE_TEXT = {
  daily: "one column per day",
  weekly: "one column per week",
  monthly: "one column per calendar month",
  custom: "your own tahapan only; nothing is generated and every existing column is kept",
};

export class ModeSwitcher {
  constructor({ api, state, overlay, problem, saver, modal, reload, onCancel, beforeSwitch }) {
    this.beforeSwitch = beforeSwitch;
    this.api = api;
    this.state = state;
    this.overlay = overlay;
    this.problem = problem;
    this.saver = saver;
    this.modal = modal;
    this.reload = reload;
    this.onCancel = onCancel;
  }

  async request(mode) {
    if (mode === this.state.mode) {
      return;
    }
    await this.beforeSwitch();
    const pending = this.state.changeCount;
    const choice = await choose(this.modal, { onShow: (element) => this.fill(element, mode, pending) });
    if (!choice) {
      this.onCancel();
      return;
    }
    if (choice === "save") {
      const saved = await this.saver.save();
      if (!saved) {
        this.onCancel();
        return;
      }
    }
    const weekEndDay = Number(this.modal.querySelector("[data-mode-week-end]").value);
    const convert = this.modal.querySelector("[data-mode-convert]").checked;
    await this.switchTo(mode, { weekEndDay, convert });
  }

  fill(element, mode, pending) {
    element.querySelector("[data-mode-title]").textContent = `Switch the time scale to ${mode}?`;
    element.querySelector("[data-mode-body]").textContent =
      mode === "custom"
        ? `Custom mode shows ${MODE_TEXT.custom}. You can then add, rename, re-date, reorder and delete your own tahapan.`
        : `The grid will show ${MODE_TEXT[mode]}. Generated periods of the current scale are replaced; your custom tahapan are kept.`;
    const warning = element.querySelector("[data-mode-warning]");
    warning.hidden = pending === 0;
    warning.textContent = pending
      ? `You have ${pluralChanges(pending)} not saved yet. Save them first, or they will be lost.`
      : "";
    element.querySelector("[data-mode-week-row]").hidden = mode !== "weekly";
    element.querySelector("[data-mode-week-end]").value = String(this.state.weekEndDay ?? 6);
    element.querySelector("[data-mode-convert-row]").hidden = mode === "custom";
    element.querySelector("[data-mode-convert]").checked = true;
    element.querySelector('[data-choice="switch"]').hidden = pending > 0;
    element.querySelector('[data-choice="switch"]').textContent = `Switch to ${mode}`;
    element.querySelector('[data-choice="save"]').hidden = pending === 0;
    element.querySelector('[data-choice="discard"]').hidden = pending === 0;
  }

  async switchTo(mode, { weekEndDay, convert }) {
    this.problem.hide();
    this.overlay.show(`Switching to ${mode}...`);
    await nextFrame();
    const body = { mode, convert_assignments: convert, version: this.state.version };
    if (mode === "weekly" && Number.isInteger(weekEndDay)) {
      body.week_end_day = weekEndDay;
    }
    try {
      this.overlay.step(mode === "custom" ? "Keeping your tahapan..." : "Generating periods and converting assignments...");
      await this.api.post("regenerate-tahapan/", body);
      this.overlay.step("Loading the new schedule...");
      const data = await this.api.get("jadwal/");
      this.overlay.step("Rebuilding the grid...");
      await nextFrame();
      await this.reload(data);
    } catch (error) {
      this.overlay.hide();
      this.onCancel();
      let text = error.message;
      if (error.status === 409) {
        text = "Someone else changed this schedule after you opened it. Reload the page, then switch again.";
      } else if (error.status === 429) {
        const wait = error.retryAfter ? ` about ${error.retryAfter} seconds` : " a moment";
        text = `Too many time-scale switches in a short time. Wait${wait} and try again.`;
      }
      this.problem.show({ title: `The time scale was not changed to ${mode}.`, text });
      return false;
    }
    this.overlay.hide();
    toast(`Mode switched to ${mode}`);
    return true;
  }
}
