// Baselines on the Kurva S tab: the list (with their kind and date), "Save as baseline", delete
// (asking first), and the curves of the ones the planner ticks. A baseline never changes, so its
// curve is fetched once per time axis from `GET kurva-s/?baseline=` (the server's engine) and
// kept; the page only lays it on its own slots.

import { shortDate, toHundredths } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { RENCANA } from "./state.js";
import { choose, toast } from "./ui.js";

/** A baseline's kind as the page writes it. */
export function jenisName(jenis) {
  switch (jenis) {
    case "kontrak":
      return gettext("Contract");
    case "mc0":
      return gettext("MC-0");
    case "addendum":
      return gettext("Addendum");
    default:
      return jenis;
  }
}

export class BaselinePanel {
  constructor({ element, api, state, modal, confirmModal, onChange }) {
    this.element = element;
    this.api = api;
    this.state = state;
    this.modal = modal;
    this.confirmModal = confirmModal;
    this.onChange = onChange;
    this.list = element.querySelector("[data-baseline-list]");
    this.empty = element.querySelector("[data-baseline-empty]");
    this.baselines = [];
    this.chosen = new Set();
    this.curves = new Map(); // baseline id -> {signature, kumulatif (hundredths per slot)}
    this.loaded = null;
    element.querySelector('[data-action="baseline-new"]').addEventListener("click", () => this.create());
  }

  /** The list from the server, the first time the tab is opened. */
  load() {
    this.loaded ??= this.api
      .get("baseline/")
      .then((answer) => {
        this.baselines = answer.baselines;
        this.render();
      })
      .catch((error) => {
        this.loaded = null;
        toast(error.message, "danger");
      });
    return this.loaded;
  }

  /** Identifies the time axis a curve was fetched for: a new scale or new tahapan refetch. */
  signature() {
    const periods = this.state.axis.periods;
    const undated = this.state.tahapan.filter((t) => !t.is_auto_generated && !t.tanggal_mulai).map((t) => t.id);
    return JSON.stringify([
      this.state.axis.scale,
      periods.length,
      periods[0]?.tanggal_mulai,
      periods.at(-1)?.tanggal_selesai,
      undated,
    ]);
  }

  /** [{baseline, kumulatif}] of the ticked baselines on the current axis, fetching any missing. */
  async chosenCurves() {
    const signature = this.signature();
    const missing = [...this.chosen].filter((id) => this.curves.get(id)?.signature !== signature);
    if (missing.length) {
      const query = missing.map((id) => `baseline=${encodeURIComponent(id)}`).join("&");
      const answer = await this.api.get(`kurva-s/?scale=${this.state.axis.scale}&${query}`);
      for (const item of answer.baselines) {
        this.curves.set(item.baseline_id, { signature, kumulatif: item.kumulatif.map(toHundredths) });
      }
    }
    return this.baselines
      .filter((baseline) => this.chosen.has(baseline.baseline_id))
      .map((baseline) => ({ baseline, kumulatif: this.curves.get(baseline.baseline_id)?.kumulatif ?? [] }));
  }

  render() {
    this.empty.hidden = this.baselines.length > 0;
    const items = this.baselines.map((baseline) => {
      const wrap = document.createElement("span");
      wrap.className = "jp-baseline d-inline-flex align-items-center gap-1 border rounded px-2 py-1";
      wrap.dataset.testid = "baseline-item";
      const id = `jp-baseline-${baseline.baseline_id}`;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input mt-0";
      box.id = id;
      box.checked = this.chosen.has(baseline.baseline_id);
      box.addEventListener("change", () => {
        if (box.checked) {
          this.chosen.add(baseline.baseline_id);
        } else {
          this.chosen.delete(baseline.baseline_id);
        }
        this.onChange();
      });
      const label = document.createElement("label");
      label.className = "form-check-label small";
      label.htmlFor = id;
      const kind = jenisName(baseline.jenis);
      const parts = [baseline.nama];
      if (kind.toLowerCase() !== baseline.nama.toLowerCase()) {
        parts.push(kind);
      }
      parts.push(shortDate(baseline.created_at.slice(0, 10)));
      label.textContent = parts.join(" · ");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-link btn-sm p-0 text-danger";
      remove.textContent = "\u00d7";
      remove.setAttribute("aria-label", interpolate(gettext("Delete baseline %(nama)s"), { nama: baseline.nama }));
      remove.addEventListener("click", () => this.remove(baseline));
      wrap.append(box, label);
      if (this.state.mayEdit(RENCANA)) {
        wrap.append(remove); // deleting a baseline is changing the plan's record (SPEC §14)
      }
      return wrap;
    });
    this.list.replaceChildren(...items);
  }

  async create() {
    const form = this.modal.querySelector("form");
    const nama = this.modal.querySelector("[name='nama']");
    const save = this.modal.querySelector('[data-choice="save"]');
    form.reset();
    // Enter in the name saves. (The grid listens to keys on the whole document and keeps the
    // browser's own form submission from happening, so the dialog does it itself.)
    const onKey = (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        save.click();
      }
    };
    const stay = (event) => event.preventDefault();
    nama.addEventListener("keydown", onKey);
    form.addEventListener("submit", stay);
    this.modal.addEventListener("shown.bs.modal", () => nama.focus(), { once: true });
    const choice = await choose(this.modal);
    nama.removeEventListener("keydown", onKey);
    form.removeEventListener("submit", stay);
    if (choice !== "save") {
      return;
    }
    const body = { nama: nama.value, jenis: this.modal.querySelector("[name='jenis']").value };
    try {
      const answer = await this.api.post("baseline/", body);
      this.baselines.push(answer.baseline);
      this.chosen.add(answer.baseline.baseline_id);
      this.render();
      toast(answer.message);
      this.onChange();
    } catch (failure) {
      toast(failure.message, "danger");
    }
  }

  async remove(baseline) {
    const choice = await choose(this.confirmModal, {
      onShow: (element) => {
        element.querySelector("[data-confirm-title]").textContent = interpolate(gettext("Delete baseline %(nama)s?"), {
          nama: baseline.nama,
        });
        element.querySelector("[data-confirm-text]").textContent = gettext(
          "The baseline and its curve are deleted. The plan itself does not change. This cannot be undone.",
        );
        element.querySelector('[data-choice="confirm"]').textContent = gettext("Delete baseline");
      },
    });
    if (choice !== "confirm") {
      return;
    }
    try {
      const answer = await this.api.delete(`baseline/${baseline.baseline_id}/`);
      this.baselines = this.baselines.filter((item) => item.baseline_id !== baseline.baseline_id);
      this.chosen.delete(baseline.baseline_id);
      this.curves.delete(baseline.baseline_id);
      this.render();
      toast(answer.message);
      this.onChange();
    } catch (failure) {
      toast(failure.message, "danger");
    }
  }
}
