// The custom-tahapan panel (custom mode): add, rename, re-date, reorder and delete the planner's
// own periods. Each action is one API call followed by a reload that keeps unsaved grid edits.

import { gettext, interpolate } from "./i18n.js";
import { choose, toast } from "./ui.js";

function cell(children) {
  const td = document.createElement("td");
  td.append(...children);
  return td;
}

function input(type, value, attrs = {}) {
  const element = document.createElement("input");
  element.type = type;
  element.className = "form-control form-control-sm";
  element.value = value ?? "";
  for (const [name, attr] of Object.entries(attrs)) {
    element.setAttribute(name, attr);
  }
  return element;
}

function button(label, className, attrs = {}) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = `btn btn-sm ${className}`;
  element.textContent = label;
  for (const [name, attr] of Object.entries(attrs)) {
    element.setAttribute(name, attr);
  }
  return element;
}

export class CustomTahapanPanel {
  constructor({ element, api, state, reloadKeepingEdits, confirmModal, problem, reveal }) {
    this.reveal = reveal;
    this.element = element;
    this.api = api;
    this.state = state;
    this.reloadKeepingEdits = reloadKeepingEdits;
    this.confirmModal = confirmModal;
    this.problem = problem;
    this.body = element.querySelector("[data-custom-rows]");
    this.empty = element.querySelector("[data-custom-empty]");
    this.form = element.querySelector("[data-custom-form]");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  get custom() {
    return this.state.tahapan.filter((t) => !t.is_auto_generated);
  }

  render() {
    this.element.hidden = this.state.mode !== "custom";
    if (this.element.hidden) {
      return;
    }
    const list = this.custom;
    this.empty.hidden = list.length > 0;
    this.body.replaceChildren(...list.map((tahapan, index) => this.row(tahapan, index, list.length)));
  }

  row(tahapan, index, count) {
    const tr = document.createElement("tr");
    tr.dataset.tahapanId = String(tahapan.id);
    const nama = input("text", tahapan.nama, { maxlength: "200", "aria-label": gettext("Name"), required: "" });
    const mulai = input("date", tahapan.tanggal_mulai, { "aria-label": gettext("Start date") });
    const selesai = input("date", tahapan.tanggal_selesai, { "aria-label": gettext("End date") });
    const save = button(gettext("Save"), "btn-outline-primary", { "data-action": "save" });
    const moveUp = gettext("Move up");
    const moveDown = gettext("Move down");
    const up = button("\u2191", "btn-outline-secondary", { "aria-label": moveUp, title: moveUp });
    const down = button("\u2193", "btn-outline-secondary", { "aria-label": moveDown, title: moveDown });
    const remove = button(gettext("Delete"), "btn-outline-danger", { "data-action": "delete" });
    up.disabled = index === 0;
    down.disabled = index === count - 1;
    save.addEventListener("click", () =>
      this.update(tahapan, { nama: nama.value.trim(), tanggal_mulai: mulai.value || null, tanggal_selesai: selesai.value || null }),
    );
    up.addEventListener("click", () => this.move(index, -1));
    down.addEventListener("click", () => this.move(index, 1));
    remove.addEventListener("click", () => this.remove(tahapan));
    const number = document.createElement("span");
    number.textContent = String(index + 1);
    const actions = document.createElement("div");
    actions.className = "btn-group";
    actions.append(save, up, down, remove);
    tr.append(cell([number]), cell([nama]), cell([mulai]), cell([selesai]), cell([actions]));
    return tr;
  }

  async run(action, success) {
    try {
      const answer = await action();
      await this.reloadKeepingEdits();
      toast(answer?.message || success);
      const id = answer?.tahapan?.tahapan_id ?? answer?.tahapan?.id;
      if (id !== undefined) {
        this.reveal(id);
      }
      return true;
    } catch (error) {
      this.problem.show({ title: gettext("The tahapan was not changed."), text: error.message });
      return false;
    }
  }

  async add() {
    const data = new FormData(this.form);
    const body = { nama: String(data.get("nama") || "").trim() };
    for (const field of ["tanggal_mulai", "tanggal_selesai", "deskripsi"]) {
      const value = String(data.get(field) || "").trim();
      if (value) {
        body[field] = value;
      }
    }
    if (!body.nama) {
      this.problem.show({ title: gettext("The tahapan was not added."), text: gettext("Give the tahapan a name.") });
      return;
    }
    if (await this.run(() => this.api.post("tahapan/", body), gettext("Tahapan added"))) {
      this.form.reset();
    }
  }

  update(tahapan, fields) {
    if (!fields.nama) {
      this.problem.show({ title: gettext("The tahapan was not changed."), text: gettext("A tahapan needs a name.") });
      return;
    }
    return this.run(() => this.api.put(`tahapan/${tahapan.id}/`, fields), gettext("Tahapan updated"));
  }

  move(index, step) {
    const list = this.custom.slice();
    const [moved] = list.splice(index, 1);
    list.splice(index + step, 0, moved);
    const base = Math.min(...this.custom.map((t) => t.urutan));
    const order = list.map((t, position) => ({ id: t.id, urutan: base + position }));
    return this.run(() => this.api.post("tahapan/reorder/", { order }), gettext("Tahapan reordered"));
  }

  async remove(tahapan) {
    const choice = await choose(this.confirmModal, {
      onShow: (element) => {
        element.querySelector("[data-confirm-title]").textContent = gettext("Delete this tahapan?");
        element.querySelector("[data-confirm-text]").textContent = interpolate(
          gettext('"%(nama)s" and every percentage planned in it will be deleted. This cannot be undone.'),
          { nama: tahapan.nama },
        );
        element.querySelector('[data-choice="confirm"]').textContent = gettext("Delete tahapan");
      },
    });
    if (choice !== "confirm") {
      return;
    }
    await this.run(() => this.api.delete(`tahapan/${tahapan.id}/`), gettext("Tahapan deleted"));
  }
}
