// "Documents": the time schedule (PDF A3/A4, xlsx, CSV, weekly or monthly) and the weekly or
// monthly progress report (PDF, xlsx) of a chosen period, downloaded with the overlay showing
// while the server writes it (a 1,000-pekerjaan schedule takes a few seconds).

import { formatInteger, shortDate } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { choose, toast } from "./ui.js";

function periodLabel(kind, [nomor, start, end]) {
  const name =
    kind === "mingguan"
      ? interpolate(gettext("Week %(n)s"), { n: formatInteger(nomor) })
      : interpolate(gettext("Month %(n)s"), { n: formatInteger(nomor) });
  return `${name}: ${shortDate(start)} \u2013 ${shortDate(end)}`;
}

/** The period holding `today` (ISO), else the last one that started, else the first. */
function defaultPeriod(periods, today) {
  let chosen = periods[0]?.[0] ?? 1;
  for (const [nomor, start] of periods) {
    if (start <= today) {
      chosen = nomor;
    }
  }
  return chosen;
}

export class DocumentsDialog {
  constructor({ modal, config, state, overlay, problem }) {
    this.modal = modal;
    this.config = config;
    this.state = state;
    this.overlay = overlay;
    this.problem = problem;
    this.form = modal.querySelector("form");
    this.field = (name) => this.form.elements.namedItem(name);
    this.form.addEventListener("submit", (event) => event.preventDefault());
    this.form.addEventListener("change", () => this.sync());
  }

  async open() {
    const scale = this.state.axis.scale === "monthly" ? "monthly" : "weekly";
    this.field("scale").value = scale;
    this.sync();
    const choice = await choose(this.modal);
    if (choice !== "download") {
      return;
    }
    await this.download(this.url());
  }

  /** Show the fields the chosen document takes, and the periods of a report's kind. */
  sync() {
    const kind = this.field("kind").value;
    const laporan = kind !== "jadwal";
    const fmt = this.field("fmt");
    if (laporan && fmt.value === "csv") {
      fmt.value = "pdf";
    }
    for (const element of this.modal.querySelectorAll("[data-doc-when]")) {
      const when = element.dataset.docWhen;
      const shown = when === "pdf" ? fmt.value === "pdf" : when === (laporan ? "laporan" : "jadwal");
      element.hidden = !shown;
      if (element.tagName === "OPTION") {
        element.disabled = !shown;
      }
    }
    if (laporan) {
      const periods = this.config[kind] ?? [];
      const select = this.field("nomor");
      if (select.dataset.kind !== kind) {
        select.replaceChildren(
          ...periods.map((period) => {
            const option = document.createElement("option");
            option.value = String(period[0]);
            option.textContent = periodLabel(kind, period);
            return option;
          }),
        );
        select.value = String(defaultPeriod(periods, this.state.today));
        select.dataset.kind = kind;
      }
    }
    if (kind !== this.kind) {
      // A schedule prints on A3, a report on A4, unless the planner picks otherwise.
      this.field("paper").value = laporan ? "A4" : "A3";
      this.kind = kind;
    }
  }

  url() {
    const kind = this.field("kind").value;
    const fmt = this.field("fmt").value;
    const query = new URLSearchParams();
    let path;
    if (kind === "jadwal") {
      path = this.config.jadwal.replace("FMT", fmt);
      query.set("scale", this.field("scale").value);
    } else {
      path = this.config.laporan.replace("JENIS", kind).replace("/1/FMT/", `/${this.field("nomor").value}/${fmt}/`);
    }
    if (fmt === "pdf") {
      query.set("paper", this.field("paper").value);
    }
    return `${path}?${query}`;
  }

  /** Fetch the file (the overlay says so meanwhile) and hand it to the browser as a download. */
  async download(url) {
    this.overlay.show(gettext("Preparing the document..."));
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(
          interpolate(gettext("The server answered %(status)s %(reason)s."), {
            status: response.status,
            reason: response.statusText,
          }),
        );
      }
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") ?? "";
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "dokumen";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      link.dataset.testid = "document-link";
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(link.href);
      toast(interpolate(gettext("%(name)s downloaded."), { name }));
    } catch (error) {
      this.problem.show({ title: gettext("The document could not be made."), text: error.message });
    } finally {
      this.overlay.hide();
    }
  }
}
