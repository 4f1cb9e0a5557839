// Save All Changes: every unsaved cell in ONE request, with a blocking progress overlay. A
// refused save (someone saved first, the network is down, a value was rejected) keeps every edit
// on the page and says what to do next.

import { nextFrame, toast } from "./ui.js";
import { formatHundredths, pluralChanges } from "./format.js";

export class Saver {
  /** problem: the ProblemPanel that explains failures; reloadKeepingEdits: () => Promise */
  constructor({ api, state, overlay, problem, reloadKeepingEdits, beforeSave }) {
    this.beforeSave = beforeSave;
    this.api = api;
    this.state = state;
    this.overlay = overlay;
    this.problem = problem;
    this.reloadKeepingEdits = reloadKeepingEdits;
    this.busy = false;
  }

  /** Returns true when everything is saved afterwards. */
  async save() {
    if (this.busy) {
      return false;
    }
    await this.beforeSave();
    const count = this.state.changeCount;
    if (count === 0) {
      toast("There are no unsaved changes.", "secondary");
      return true;
    }
    const over = this.state.overFull();
    if (over.length) {
      const names = over
        .slice(0, 5)
        .map((item) => `${item.kode || item.uraian} (${formatHundredths(this.state.total(item.id))} %)`)
        .join(", ");
      const more = over.length > 5 ? ` and ${over.length - 5} more` : "";
      this.problem.show({
        title: "Not saved: a pekerjaan cannot be planned beyond 100 %.",
        text: `Over 100 %: ${names}${more}. Lower those rows to 100 % at most, then click Save All Changes again; your ${pluralChanges(count)} ${count === 1 ? "is" : "are"} kept on this page.`,
      });
      return false;
    }
    this.busy = true;
    this.problem.hide();
    try {
      this.overlay.show("Preparing changes...");
      await nextFrame();
      const changes = this.state.pendingChanges();
      const payload = this.state.savePayload();
      this.overlay.step("Saving changes...");
      let answer;
      try {
        answer = await this.api.post("jadwal/save/", payload);
      } catch (error) {
        this.overlay.hide();
        this.explain(error);
        return false;
      }
      this.overlay.step("Updating UI...");
      await nextFrame();
      this.state.markSaved(changes, answer.version);
      // Others may have saved other pekerjaan meanwhile: take their cells, so this page is at
      // the version it now holds; anything beyond cells (RAB, tahapan) needs a full reload.
      this.state.mergeElsewhere(answer.updated_elsewhere);
      if (answer.reload) {
        await this.reloadKeepingEdits();
      }
      this.overlay.hide();
      toast("All changes saved successfully");
      return true;
    } finally {
      this.overlay.hide();
      this.busy = false;
    }
  }

  explain(error) {
    const kept = this.state.changeCount;
    const keptText = `your ${pluralChanges(kept)} ${kept === 1 ? "is" : "are"} kept on this page`;
    if (error.status === 409) {
      const conflicts = (error.body?.conflicts ?? []).map((id) => this.state.pekerjaan.get(id)).filter(Boolean);
      const names = conflicts
        .slice(0, 5)
        .map((item) => item.kode || item.uraian)
        .join(", ");
      const what = conflicts.length
        ? `Someone else changed ${names}${conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : ""} after you opened the schedule.`
        : error.message;
      this.problem.show({
        title: "Not saved: someone else changed the same work first.",
        text: `${what} ${keptText.charAt(0).toUpperCase()}${keptText.slice(1)}. "Load their changes" brings in their numbers and lays your edits on top; check them, then save again.`,
        action: { label: "Load their changes (keep mine)", run: () => this.reloadKeepingEdits() },
      });
      return;
    }
    if (error.network) {
      this.problem.show({
        title: "Not saved: the server could not be reached.",
        text: `Check your connection, then click Save All Changes again; ${keptText}. Do not close this page until the save succeeds.`,
        action: { label: "Try again", run: () => this.save() },
      });
      return;
    }
    if (error.status === 401 || error.status === 403) {
      this.problem.show({
        title: "Not saved: your session is no longer valid.",
        text: `${error.message} Log in again in another tab, then click Save All Changes here; ${keptText}.`,
      });
      return;
    }
    this.problem.show({
      title: "Not saved: the server refused the changes.",
      text: `${error.message} Correct the value and click Save All Changes again; ${keptText}.`,
    });
  }
}

/** The persistent box above the grid that explains a failed save or mode switch. */
export class ProblemPanel {
  constructor(element) {
    this.element = element;
    this.title = element.querySelector("[data-problem-title]");
    this.text = element.querySelector("[data-problem-text]");
    this.button = element.querySelector("[data-problem-action]");
    element.querySelector("[data-problem-close]").addEventListener("click", () => this.hide());
    this.button.addEventListener("click", async () => {
      const run = this.run;
      this.hide();
      if (run) {
        await run();
      }
    });
  }

  show({ title, text, action }) {
    this.title.textContent = title;
    this.text.textContent = text;
    this.run = action?.run ?? null;
    this.button.hidden = !action;
    this.button.textContent = action?.label ?? "";
    this.element.hidden = false;
    this.element.scrollIntoView({ block: "nearest" });
  }

  hide() {
    this.element.hidden = true;
    this.run = null;
  }
}
