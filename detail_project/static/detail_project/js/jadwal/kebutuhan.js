// The Kebutuhan tab (SPEC §13): what the saved plan needs in each period of the grid's time
// scale, from `GET rekap-kebutuhan-enhanced/` (per period, every tenaga kerja, bahan and
// peralatan item of the pekerjaan priced by an AHSP analysis: Σ volume × share × koefisien, and
// its cost at the harga dasar). Shown as a table of resources × periods (quantity or cost), the
// cost of each period under it, and a bar chart of that cost stacked by kategori; "Download
// xlsx" gets the same rekap for the same scale and kategori.
//
// The figures are the server's, from what is saved: the tab asks again when the saved plan
// changes (a save of the plan, a time-scale switch, a reload), and only while it is shown.
// Answers are kept per scale and kategori until the plan changes. Quantities are counted in
// millionths and costs in cents (integers) so that totals add up exactly.
//
// A big project has hundreds of resources × hundreds of periods (60,000 cells and more): the
// table is a read-only RevoGrid, which draws only the cells in view, with the kode, uraian,
// satuan and total columns pinned and the cost of each period pinned under the rows. Cells carry
// data-kode / data-slot (and the exact figures in data-quantity / data-cost) for tests.

import "revogrid";

import { compactRange, dayMonth, periodName } from "./format.js";
import { LOCALE, gettext, interpolate } from "./i18n.js";
import { nextFrame } from "./ui.js";

const MICRO = 1e6; // the API's quantities have six decimals
const KATEGORI_COLOURS = { tenaga: "#6ea8fe", bahan: "#fd9843", alat: "#75b798" };
const PERIOD_WIDTH = { daily: 84, weekly: 112, monthly: 130 };
const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 42;
const SCROLLBAR = 22; // the horizontal scroll bar and borders

const quantityFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const smallFormat = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 2 });
const rupiahFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });

/** Millionths of a unit as the reader writes them: "1.234,56" / "1,234.56"; a need below
 * 0,005 keeps two significant digits ("0,0041") instead of reading as nothing. */
export function quantityText(micro) {
  if (!micro) {
    return "";
  }
  const value = micro / MICRO;
  return Math.abs(value) < 0.005 ? smallFormat.format(value) : quantityFormat.format(value);
}

/** Cents as whole rupiah, grouped: "1.234.567" / "1,234,567" ("" for nothing). */
export function rupiahText(cents) {
  return cents ? rupiahFormat.format(Math.round(cents / 100)) : "";
}

function rupiahLabel(cents) {
  return `Rp ${rupiahFormat.format(Math.round(cents / 100))}`;
}

/** A period's name ("Week 3", "5 Jan", "January 2026") or an undated tahapan's own name. */
function periodLabel(scale, period) {
  if (!period.tanggal_mulai || !period.nomor) {
    return period.tahapan_nama ?? "";
  }
  if (scale === "daily") {
    return dayMonth(period.tanggal_mulai);
  }
  return periodName(scale, period);
}

function periodDates(scale, period) {
  return scale === "weekly" && period.tanggal_mulai ? compactRange(period.tanggal_mulai, period.tanggal_selesai) : "";
}

/**
 * The answer turned around: one row per resource with its millionths and cents per period,
 * in the server's order (kategori, uraian, kode), and per kategori its cents per period.
 */
export function pivot(body) {
  const periods = body.data;
  const width = periods.length;
  const order = new Map(body.kategori_choices.map((choice, index) => [choice.value, index]));
  const items = new Map();
  const byKategori = new Map();
  periods.forEach((period, index) => {
    for (const row of period.items) {
      let item = items.get(row.kode);
      if (!item) {
        item = {
          kode: row.kode,
          kategori: row.kategori,
          uraian: row.uraian,
          satuan: row.satuan,
          harga: row.harga_satuan,
          quantity: new Array(width).fill(0),
          cost: new Array(width).fill(0),
          totalQuantity: 0,
          totalCost: 0,
        };
        items.set(row.kode, item);
      }
      const micro = Math.round(row.quantity * MICRO);
      const cents = Math.round(row.jumlah_harga * 100);
      item.quantity[index] = micro;
      item.cost[index] = cents;
      item.totalQuantity += micro;
      item.totalCost += cents;
      let costs = byKategori.get(row.kategori);
      if (!costs) {
        costs = new Array(width).fill(0);
        byKategori.set(row.kategori, costs);
      }
      costs[index] += cents;
    }
  });
  const rank = (kategori) => order.get(kategori) ?? order.size;
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const rows = [...items.values()].sort(
    (a, b) => rank(a.kategori) - rank(b.kategori) || compare(a.uraian, b.uraian) || compare(a.kode, b.kode),
  );
  const groups = body.kategori_choices
    .filter((choice) => byKategori.has(choice.value))
    .map((choice) => ({
      kategori: choice.value,
      label: choice.label,
      rows: rows.filter((row) => row.kategori === choice.value),
      cost: byKategori.get(choice.value),
    }));
  return {
    scale: body.scale,
    periods,
    names: periods.map((period) => periodLabel(body.scale, period)),
    dates: periods.map((period) => periodDates(body.scale, period)),
    groups,
    totals: periods.map((period) => Math.round(period.total_biaya * 100)),
    grandTotal: Math.round(body.grand_total * 100),
    linked: body.linked_pekerjaan,
  };
}

export class KebutuhanTab {
  constructor({ element, api, state, loadEcharts, download }) {
    this.element = element;
    this.api = api;
    this.state = state;
    this.loadEcharts = loadEcharts;
    this.download = download;
    this.chartElement = element.querySelector("[data-testid='kebutuhan-chart']");
    this.select = element.querySelector("[data-testid='kebutuhan-kategori']");
    this.link = element.querySelector("[data-testid='kebutuhan-download']");
    this.summary = element.querySelector("[data-keb-summary]");
    this.kategori = "";
    this.measure = "quantity";
    this.active = false;
    this.stale = true;
    this.cache = new Map(); // "weekly|bahan" -> answer, for the saved plan of `generation`
    this.generation = 0;
    this.ticket = 0;
    this.view = null;
    this.chart = null;
    this.grid = null;

    this.select.addEventListener("change", () => {
      this.kategori = this.select.value;
      this.refresh();
    });
    element.querySelectorAll('input[name="jp-keb-measure"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        if (radio.checked) {
          this.measure = radio.value;
          if (this.view) {
            this.grid?.setMeasure(this.measure);
          }
        }
      });
    });
    this.link.addEventListener("click", (event) => {
      event.preventDefault();
      this.download(this.link.href);
    });
  }

  /** A state event of the page: only a change of the saved plan (or of the axis) counts. */
  invalidate(event) {
    const planChanged =
      event.type === "load" ||
      (event.type === "saved" && !this.state.isRealisasi) ||
      (event.type === "cells" && event.elsewhere);
    if (!planChanged) {
      return;
    }
    this.generation += 1;
    this.cache.clear();
    this.stale = true;
    this.element.dataset.ready = "false";
    if (this.active) {
      this.refresh();
    }
  }

  show() {
    this.active = true;
    if (this.stale) {
      this.refresh();
    }
  }

  hide() {
    this.active = false;
  }

  setState(name) {
    this.element.dataset.state = name;
    for (const part of this.element.querySelectorAll("[data-keb-when]")) {
      part.hidden = !part.dataset.kebWhen.split(" ").includes(name);
    }
  }

  async refresh() {
    this.stale = false;
    const scale = this.state.axis.scale;
    const kategori = this.kategori;
    const key = `${scale}|${kategori}`;
    const ticket = ++this.ticket;
    const generation = this.generation;
    const query = new URLSearchParams({ scale });
    if (kategori) {
      query.set("kategori", kategori);
    }
    this.link.href = `${this.link.dataset.base}?${query}`;
    this.element.dataset.ready = "false";
    let body = this.cache.get(key);
    if (!body) {
      this.setState("loading");
    }
    try {
      if (!body) {
        body = await this.api.get(`rekap-kebutuhan-enhanced/?${query}`);
        if (generation === this.generation) {
          this.cache.set(key, body);
        }
      }
      const echarts = await this.loadEcharts();
      if (ticket !== this.ticket) {
        return; // a newer request (another kategori, a new plan) is on its way
      }
      if (!this.active) {
        this.stale = true; // drawn when the tab is shown again (from the cache)
        return;
      }
      await this.render(body, echarts);
    } catch (error) {
      if (ticket !== this.ticket) {
        return;
      }
      this.stale = true; // asked again the next time the tab is shown
      this.element.querySelector("[data-keb-error]").textContent = error.message;
      this.setState("error");
    }
  }

  async render(body, echarts) {
    this.fillKategori(body.kategori_choices);
    const view = pivot(body);
    this.view = view;
    if (!view.groups.length) {
      this.setState(view.linked || this.kategori ? "empty" : "unlinked");
      this.element.dataset.ready = "true";
      return;
    }
    this.setState("ready");
    this.summary.textContent = interpolate(gettext("Total cost: %(amount)s"), { amount: rupiahLabel(view.grandTotal) });
    this.renderChart(view, echarts);
    await this.renderTable(view);
    if (this.view === view) {
      this.element.dataset.ready = "true";
      performance.mark("jadwal-kebutuhan-ready");
    }
  }

  /** The kategori filter's options, named by the server in the reader's language. */
  fillKategori(choices) {
    if (this.select.options.length > 1) {
      return;
    }
    for (const choice of choices) {
      const option = document.createElement("option");
      option.value = choice.value;
      option.textContent = choice.label;
      this.select.append(option);
    }
    this.select.value = this.kategori;
  }

  renderTable(view) {
    this.grid ??= new ResourceGrid(this.element.querySelector("[data-keb-grid-host]"));
    return this.grid.render(view, this.measure);
  }

  renderChart(view, echarts) {
    if (!this.chart) {
      this.chart = echarts.init(this.chartElement, null, { renderer: "canvas" });
      this.resizeObserver = new ResizeObserver(() => this.chart.resize());
      this.resizeObserver.observe(this.chartElement);
    }
    const count = view.periods.length;
    const data = this.chartElement.dataset;
    data.barCount = String(count);
    data.series = view.groups.map((group) => group.kategori).join(",");
    data.seriesCount = String(view.groups.length);
    const zoom = count > 40 ? [{ type: "slider", bottom: 8 }, { type: "inside" }] : [];
    this.chart.setOption(
      {
        animation: false,
        backgroundColor: "#ffffff",
        legend: { top: 4 },
        grid: { left: 70, right: 24, top: 40, bottom: count > 40 ? 80 : 50 },
        tooltip: {
          trigger: "axis",
          axisPointer: { type: "shadow" },
          renderMode: "richText",
          formatter: (params) => {
            const at = params[0]?.dataIndex ?? 0;
            const dates = view.dates[at];
            const lines = [dates ? `${view.names[at]} (${dates})` : view.names[at]];
            for (const group of view.groups) {
              if (group.cost[at]) {
                lines.push(`${group.label}: ${rupiahLabel(group.cost[at])}`);
              }
            }
            lines.push(interpolate(gettext("Total: %(amount)s"), { amount: rupiahLabel(view.totals[at]) }));
            return lines.join("\n");
          },
        },
        xAxis: {
          type: "category",
          data: view.names,
          // At most one label per 28 px, so that the slanted names never overlap.
          axisLabel: { rotate: count > 12 ? 45 : 0, interval: Math.ceil(count / Math.max(1, Math.floor(this.chart.getWidth() / 28))) - 1 },
        },
        yAxis: {
          type: "value",
          name: gettext("Cost (Rp)"),
          min: 0,
          axisLabel: { formatter: (value) => compactFormat.format(value) },
        },
        dataZoom: zoom,
        series: view.groups.map((group) => ({
          name: group.label,
          type: "bar",
          stack: "cost",
          barMaxWidth: 48,
          itemStyle: { color: KATEGORI_COLOURS[group.kategori] },
          data: group.cost.map((cents) => cents / 100),
        })),
      },
      { notMerge: true },
    );
    data.ready = "true";
  }
}

/** The cells of one kind of row and column: what they show and the data-* they carry. */
function cellAttributes(model, column, grid) {
  const props = { class: { "jp-num": column.numeric }, "data-col": column.key };
  if (model.kind === "item") {
    props["data-kode"] = model.item.kode;
  } else if (model.kind === "total") {
    props["data-row"] = "total";
  }
  if (column.slot !== undefined) {
    props["data-slot"] = String(column.slot);
  } else if (column.key === "uraian" && model.uraian) {
    props.title = model.uraian;
  }
  const [micro, cents] = grid.figures(model, column);
  if (micro) {
    props["data-quantity"] = String(micro / MICRO);
  }
  if (cents || micro) {
    props["data-cost"] = (cents / 100).toFixed(2);
  }
  return props;
}

/** The read-only grid of resources × periods. */
class ResourceGrid {
  constructor(host) {
    const grid = document.createElement("revo-grid");
    grid.setAttribute("data-testid", "kebutuhan-grid");
    grid.theme = "compact";
    grid.rowSize = ROW_HEIGHT;
    grid.readonly = true;
    grid.range = false;
    grid.canFocus = false;
    grid.useClipboard = false;
    grid.resize = true;
    grid.filter = false;
    grid.canMoveColumns = false;
    grid.canDrag = false;
    grid.rowClass = "rowClass";
    grid.frameSize = 2;
    this.element = grid;
    this.host = host;
    this.view = null;
    this.measure = "quantity";
    host.replaceChildren(grid);
  }

  /** [millionths, cents] a cell stands for (zeros for a group row or a label). */
  figures(model, column) {
    const item = model.item;
    if (column.slot !== undefined) {
      if (item) {
        return [item.quantity[column.slot], item.cost[column.slot]];
      }
      return model.kind === "total" ? [0, this.view.totals[column.slot]] : [0, 0];
    }
    if (column.key === "total") {
      if (item) {
        return [item.totalQuantity, item.totalCost];
      }
      return model.kind === "total" ? [0, this.view.grandTotal] : [0, 0];
    }
    return [0, 0];
  }

  text(model, column) {
    if (column.key !== "total" && column.slot === undefined) {
      return model[column.key] ?? "";
    }
    const [micro, cents] = this.figures(model, column);
    if (model.kind === "total") {
      return rupiahText(cents);
    }
    if (!micro) {
      return "";
    }
    return this.measure === "cost" ? rupiahFormat.format(Math.round(cents / 100)) : quantityText(micro);
  }

  columns(view) {
    const cell = (column) => ({
      ...column,
      cellTemplate: (h, props) => this.text(props.model, column),
      cellProperties: (props) => cellAttributes(props.model, column, this),
    });
    const totalName = this.measure === "cost" ? gettext("Total (Rp)") : gettext("Total");
    const fixed = [
      { key: "kode", prop: "kode", name: gettext("Kode"), size: 90 },
      { key: "uraian", prop: "uraian", name: gettext("Uraian"), size: 260 },
      { key: "satuan", prop: "satuan", name: gettext("Satuan"), size: 70 },
      { key: "total", prop: "total", name: totalName, size: 140, numeric: true },
    ].map((column) => ({
      ...cell(column),
      pin: "colPinStart",
      readonly: true,
      columnProperties: () => ({ class: { "jp-num": Boolean(column.numeric) } }),
    }));
    const size = PERIOD_WIDTH[view.scale] ?? PERIOD_WIDTH.weekly;
    const periods = view.periods.map((period, slot) =>
      cell({
        key: "period",
        prop: `s${slot}`,
        slot,
        name: view.names[slot],
        size,
        numeric: true,
        readonly: true,
        columnTemplate: (h) =>
          h("div", { class: "jp-th", "data-slot": String(slot), title: view.dates[slot] ? `${view.names[slot]} (${view.dates[slot]})` : view.names[slot] }, [
            h("div", { class: "jp-th-1" }, view.names[slot]),
            h("div", { class: "jp-th-2" }, view.dates[slot] || "\u00a0"),
          ]),
      }),
    );
    return [...fixed, ...periods];
  }

  async render(view, measure) {
    this.view = view;
    this.measure = measure;
    const rows = [];
    for (const group of view.groups) {
      rows.push({ kind: "group", kode: "", uraian: group.label, satuan: "", rowClass: "jp-keb-group-row" });
      for (const item of group.rows) {
        rows.push({ kind: "item", item, kode: item.kode, uraian: item.uraian, satuan: item.satuan, rowClass: "" });
      }
    }
    const grid = this.element;
    grid.columns = this.columns(view);
    grid.source = rows;
    grid.pinnedBottomSource = [
      { kind: "total", kode: "", uraian: gettext("Cost per period (Rp)"), satuan: "", rowClass: "jp-keb-total-row" },
    ];
    grid.dataset.periodCount = String(view.periods.length);
    grid.dataset.itemCount = String(rows.length - view.groups.length);
    grid.dataset.measure = measure;
    // As tall as its rows (a CSS max-height keeps a long list inside the window).
    this.host.style.height = `${HEADER_HEIGHT + (rows.length + 1) * ROW_HEIGHT + SCROLLBAR}px`;
    await nextFrame();
    await nextFrame();
  }

  /** Quantity or cost: the same rows, other texts (and the total column's name). */
  setMeasure(measure) {
    this.measure = measure;
    this.element.dataset.measure = measure;
    this.element.columns = this.columns(this.view);
  }
}
