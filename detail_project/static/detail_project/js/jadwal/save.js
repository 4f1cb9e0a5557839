// Save All Changes: every unsaved cell in ONE request, with a blocking progress overlay. A
// refused save (someone saved first, the network is down, a value was rejected) keeps every edit
// on the page and says what to do next.

import { formatInteger, percentText } from "./format.js";
import { gettext, interpolate, ngettext } from "./i18n.js";
import { nextFrame, toast } from "./ui.js";

/** "A.1, B.2" or "A.1, B.2, C.1, C.2, C.3 and 4 more": at most five names. */
export function nameList(names) {
  const shown = names.slice(0, 5).join(", ");
  const more = names.length - 5;
  if (more <= 0) {
    return shown;
  }
  return interpolate(ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more), {
    names: shown,
    count: formatInteger(more),
  });
}

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
    const refused = this.state.roleReason();
    if (refused) {
      toast(refused, "secondary");
      return false;
    }
    const count = this.state.changeCount;
    if (count === 0) {
      toast(gettext("There are no unsaved changes."), "secondary");
      return true;
    }
    const over = this.state.overFull();
    if (over.length) {
      const names = nameList(over.map((item) => `${item.kode || item.uraian} (${percentText(this.state.total(item.id))})`));
      this.problem.show({
        title: this.state.isRealisasi
          ? gettext("Not saved: no pekerjaan can be done beyond 100 %.")
          : gettext("Not saved: a pekerjaan cannot be planned beyond 100 %."),
        text: interpolate(
          ngettext(
            "Over 100 %: %(names)s. Lower those rows to 100 % at most, then click Save All Changes again; your %(count)s change is kept on this page.",
            "Over 100 %: %(names)s. Lower those rows to 100 % at most, then click Save All Changes again; your %(count)s changes are kept on this page.",
            count,
          ),
          { names, count: formatInteger(count) },
        ),
      });
      return false;
    }
    this.busy = true;
    this.problem.hide();
    try {
      this.overlay.show(gettext("Preparing changes..."));
      await nextFrame();
      const changes = this.state.pendingChanges();
      const payload = this.state.savePayload();
      this.overlay.step(gettext("Saving changes..."));
      const realisasi = this.state.isRealisasi;
      let answer;
      try {
        answer = await this.api.post(realisasi ? "realisasi/save/" : "jadwal/save/", payload);
      } catch (error) {
        this.overlay.hide();
        this.explain(error);
        return false;
      }
      this.overlay.step(gettext("Updating UI..."));
      await nextFrame();
      this.state.markSaved(changes, answer.version);
      // Others may have saved other pekerjaan meanwhile: take their cells (of both layers), so
      // this page is at the version it now holds; anything beyond cells (RAB, tahapan) needs a
      // full reload.
      if (realisasi) {
        // The stored realisasi of what was just saved: a custom tahapan over the same days
        // shows it too.
        const mine = [...new Set(changes.map((change) => change.pekerjaanId))];
        this.state.mergeElsewhere({ pekerjaan: mine, assignments: answer.realisasi }, "realisasi");
        this.state.mergeElsewhere(answer.updated_elsewhere, "realisasi");
        this.state.mergeElsewhere(answer.plan_elsewhere, "rencana");
      } else {
        this.state.mergeElsewhere(answer.updated_elsewhere, "rencana");
        this.state.mergeElsewhere(answer.realisasi_elsewhere, "realisasi");
      }
      if (answer.reload) {
        await this.reloadKeepingEdits();
      }
      this.overlay.hide();
      toast(gettext("All changes saved successfully"));
      return true;
    } finally {
      this.overlay.hide();
      this.busy = false;
    }
  }

  explain(error) {
    const kept = this.state.changeCount;
    const count = formatInteger(kept);
    if (error.status === 409) {
      const conflicts = (error.body?.conflicts ?? []).map((id) => this.state.pekerjaan.get(id)).filter(Boolean);
      const what = conflicts.length
        ? interpolate(gettext("Someone else changed %(names)s after you opened the schedule."), {
            names: nameList(conflicts.map((item) => item.kode || item.uraian)),
          })
        : error.message;
      const next = interpolate(
        ngettext(
          'Your %(count)s change is kept on this page. "Load their changes" brings in their numbers and lays your edits on top; check them, then save again.',
          'Your %(count)s changes are kept on this page. "Load their changes" brings in their numbers and lays your edits on top; check them, then save again.',
          kept,
        ),
        { count },
      );
      this.problem.show({
        title: gettext("Not saved: someone else changed the same work first."),
        text: `${what} ${next}`,
        action: { label: gettext("Load their changes (keep mine)"), run: () => this.reloadKeepingEdits() },
      });
      return;
    }
    if (error.network) {
      this.problem.show({
        title: gettext("Not saved: the server could not be reached."),
        text: interpolate(
          ngettext(
            "Check your connection, then click Save All Changes again; your %(count)s change is kept on this page. Do not close this page until the save succeeds.",
            "Check your connection, then click Save All Changes again; your %(count)s changes are kept on this page. Do not close this page until the save succeeds.",
            kept,
          ),
          { count },
        ),
        action: { label: gettext("Try again"), run: () => this.save() },
      });
      return;
    }
    if (error.body?.reason === "peran" || error.body?.reason === "not_member") {
      // The team changed under this page (SPEC §14): the peran no longer allows it, or the
      // user is no longer a member. Nothing was saved; the edits stay on the page.
      const title =
        error.body.reason === "peran"
          ? gettext("Not saved: your role in this project does not allow this change.")
          : gettext("Not saved: you are no longer in this project's team.");
      const next = interpolate(
        ngettext(
          "Your %(count)s change is kept on this page until you leave it; ask the project's pemilik about your role.",
          "Your %(count)s changes are kept on this page until you leave it; ask the project's pemilik about your role.",
          kept,
        ),
        { count },
      );
      this.problem.show({ title, text: `${error.message} ${next}` });
      return;
    }
    if (error.status === 401 || error.status === 403) {
      const next = interpolate(
        ngettext(
          "Log in again in another tab, then click Save All Changes here; your %(count)s change is kept on this page.",
          "Log in again in another tab, then click Save All Changes here; your %(count)s changes are kept on this page.",
          kept,
        ),
        { count },
      );
      this.problem.show({ title: gettext("Not saved: your session is no longer valid."), text: `${error.message} ${next}` });
      return;
    }
    const next = interpolate(
      ngettext(
        "Correct the value and click Save All Changes again; your %(count)s change is kept on this page.",
        "Correct the value and click Save All Changes again; your %(count)s changes are kept on this page.",
        kept,
      ),
      { count },
    );
    this.problem.show({ title: gettext("Not saved: the server refused the changes."), text: `${error.message} ${next}` });
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
