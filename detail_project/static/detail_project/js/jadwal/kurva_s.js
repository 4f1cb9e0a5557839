// The Kurva S tab: on the schedule's time axis, each period's weight (bars) under the
// cost-weighted cumulative plan (line), the cumulative realisasi up to the last reported
// period, the baselines the planner ticks (dashed), the deviasi kumulatif below (bars), the
// kritis periods marked and a line at today; the same numbers in a table; "Save as PNG".
// The figures are the engine's (hundredths of a percent), exactly those of `GET kurva-s/`,
// written in the reader's language ("12,34" in Indonesian); the data-* attributes for tests
// keep the API's "12.34".

import { progressSeries, slotDates } from "./chart_data.js";
import { fixedHundredths, fixedPercentText, formatInteger, formatNumber, hundredthsToApi, shortDate } from "./format.js";
import { gettext, interpolate } from "./i18n.js";
import { signedPoints, statusName } from "./progress_card.js";

const fixed = fixedHundredths;
const BASELINE_COLOURS = ["#6f42c1", "#495057", "#fd7e14", "#20c997"];
const STATUS_COLOURS = { kritis: "rgba(220, 53, 69, 0.14)", terlambat: "rgba(255, 193, 7, 0.12)" };

/** Runs of neighbouring slots with one status, as [first, last] index pairs. */
function statusRuns(statuses, wanted) {
  const runs = [];
  statuses.forEach((status, index) => {
    if (status !== wanted) {
      return;
    }
    const last = runs.at(-1);
    if (last && last[1] === index - 1) {
      last[1] = index;
    } else {
      runs.push([index, index]);
    }
  });
  return runs;
}

export class KurvaSChart {
  constructor({ element, table, echarts, state, projectName }) {
    this.element = element;
    this.table = table;
    this.state = state;
    this.projectName = projectName;
    this.chart = echarts.init(element, null, { renderer: "canvas" });
    this.resizeObserver = new ResizeObserver(() => this.chart.resize());
    this.resizeObserver.observe(element);
  }

  /** `baselines`: [{baseline, kumulatif}] of the ticked ones (hundredths per slot). */
  render(baselines = []) {
    const series = progressSeries(this.state);
    const { slots, names, rencana, progress, summary } = series;
    const count = slots.length;
    const reported = progress.last === null ? 0 : progress.last + 1;
    const data = this.element.dataset;
    data.pointCount = String(count);
    data.barCount = String(count);
    data.finalCumulative = hundredthsToApi(rencana.kumulatif[count - 1] ?? 0);
    data.firstWeight = hundredthsToApi(rencana.rencana[0] ?? 0);
    data.realisasiCount = String(reported);
    data.lastRealisasi = reported ? hundredthsToApi(progress.realisasiKumulatif[reported - 1]) : "";
    data.kritisCount = String(progress.status.filter((status) => status === "kritis").length);
    data.baselineCount = String(baselines.length);
    data.todayIndex = summary.todaySlot === null ? "" : String(summary.todaySlot);

    const weightName = gettext("Weight per period (%)");
    const cumulativeName = gettext("Cumulative plan (%)");
    const realisasiName = gettext("Cumulative actual (%)");
    const deviasiName = gettext("Deviation, cumulative (points)");
    const baselineNames = baselines.map(({ baseline }) => interpolate(gettext("Baseline: %(nama)s"), { nama: baseline.nama }));
    const marks = [
      ...statusRuns(progress.status, "kritis").map(([a, b]) => [
        { xAxis: names[a], itemStyle: { color: STATUS_COLOURS.kritis }, name: gettext("Critical") },
        { xAxis: names[b] },
      ]),
      ...statusRuns(progress.status, "terlambat").map(([a, b]) => [
        { xAxis: names[a], itemStyle: { color: STATUS_COLOURS.terlambat } },
        { xAxis: names[b] },
      ]),
    ];
    const todayLine =
      summary.todaySlot === null
        ? []
        : [
            {
              xAxis: names[summary.todaySlot],
              label: { formatter: interpolate(gettext("Today, %(date)s"), { date: shortDate(this.state.today) }) },
            },
          ];
    const zoom = count > 40 ? [{ type: "slider", bottom: 8, xAxisIndex: [0, 1] }, { type: "inside", xAxisIndex: [0, 1] }] : [];
    this.chart.setOption(
      {
        animation: false,
        backgroundColor: "#ffffff",
        title: {
          text: interpolate(gettext("Kurva S: %(project)s"), { project: this.projectName }),
          left: "center",
          textStyle: { fontSize: 14 },
        },
        legend: { top: 26, data: [weightName, cumulativeName, realisasiName, ...baselineNames, deviasiName] },
        grid: [
          { left: 60, right: 60, top: 80, height: "52%" },
          { left: 60, right: 60, top: "74%", bottom: count > 40 ? 90 : 60 },
        ],
        tooltip: {
          trigger: "axis",
          renderMode: "richText",
          formatter: (params) => {
            const at = params[0]?.dataIndex ?? 0;
            const dates = slotDates(slots[at]);
            const lines = [
              dates ? `${names[at]} (${dates})` : names[at],
              interpolate(gettext("Weight %(value)s"), { value: fixedPercentText(rencana.rencana[at]) }),
              interpolate(gettext("Cumulative %(value)s"), { value: fixedPercentText(rencana.kumulatif[at]) }),
            ];
            if (at < reported) {
              lines.push(
                interpolate(gettext("Actual, cumulative %(value)s"), { value: fixedPercentText(progress.realisasiKumulatif[at]) }),
                interpolate(gettext("Deviation %(value)s"), { value: signedPoints(progress.deviasiKumulatif[at]) }),
                statusName(progress.status[at]),
              );
            }
            baselines.forEach(({ kumulatif }, index) => {
              if (kumulatif[at] !== undefined) {
                lines.push(`${baselineNames[index]} ${fixedPercentText(kumulatif[at])}`);
              }
            });
            return lines.join("\n");
          },
        },
        xAxis: [
          { type: "category", gridIndex: 0, data: names, axisLabel: { show: false } },
          {
            type: "category",
            gridIndex: 1,
            data: names,
            // The period and its dates: "Week 3" over "19-25 Jan".
            axisLabel: {
              rotate: count > 12 ? 45 : 0,
              hideOverlap: true,
              width: 110,
              overflow: "truncate",
              formatter: (name, index) => {
                const dates = slotDates(slots[index]);
                return dates && count <= 60 ? `${name}\n${dates}` : name;
              },
            },
          },
        ],
        yAxis: [
          { type: "value", gridIndex: 0, name: gettext("Weight (%)"), min: 0, axisLabel: { formatter: formatNumber } },
          {
            type: "value",
            gridIndex: 0,
            name: gettext("Cumulative (%)"),
            min: 0,
            max: 100,
            axisLabel: { formatter: formatNumber },
          },
          { type: "value", gridIndex: 1, name: gettext("Deviation"), axisLabel: { formatter: formatNumber } },
        ],
        dataZoom: zoom,
        series: [
          {
            name: weightName,
            type: "bar",
            data: rencana.rencana.map((w) => w / 100),
            itemStyle: { color: "#9ec5fe" },
            markArea: { silent: true, data: marks },
          },
          {
            name: cumulativeName,
            type: "line",
            yAxisIndex: 1,
            data: rencana.kumulatif.map((c) => c / 100),
            symbol: "circle",
            symbolSize: 5,
            lineStyle: { width: 2, color: "#d63384" },
            itemStyle: { color: "#d63384" },
            markLine: {
              silent: true,
              symbol: "none",
              lineStyle: { color: "#198754", type: "dashed", width: 1.5 },
              data: todayLine,
            },
          },
          {
            name: realisasiName,
            type: "line",
            yAxisIndex: 1,
            data: progress.realisasiKumulatif.map((c) => (c === null ? null : c / 100)),
            symbol: "diamond",
            symbolSize: 7,
            lineStyle: { width: 2.5, color: "#198754" },
            itemStyle: { color: "#198754" },
          },
          ...baselines.map(({ kumulatif }, index) => ({
            name: baselineNames[index],
            type: "line",
            yAxisIndex: 1,
            data: kumulatif.map((c) => c / 100),
            symbol: "none",
            lineStyle: { width: 1.5, type: "dashed", color: BASELINE_COLOURS[index % BASELINE_COLOURS.length] },
            itemStyle: { color: BASELINE_COLOURS[index % BASELINE_COLOURS.length] },
          })),
          {
            name: deviasiName,
            type: "bar",
            xAxisIndex: 1,
            yAxisIndex: 2,
            itemStyle: { color: "#ffc107" },
            data: progress.deviasiKumulatif.map((d, index) =>
              d === null
                ? null
                : {
                    value: d / 100,
                    itemStyle: { color: progress.status[index] === "kritis" ? "#dc3545" : d < 0 ? "#ffc107" : "#198754" },
                  },
            ),
          },
        ],
      },
      { notMerge: true },
    );
    this.renderTable(series, baselines);
  }

  renderTable(series, baselines) {
    const { slots, names, rencana, progress } = series;
    const head = this.table.querySelector("thead tr");
    head.querySelectorAll("[data-baseline-column]").forEach((th) => th.remove());
    for (const { baseline } of baselines) {
      const th = document.createElement("th");
      th.scope = "col";
      th.className = "num";
      th.dataset.baselineColumn = "";
      th.textContent = baseline.nama;
      head.append(th);
    }
    const body = this.table.querySelector("tbody");
    const rows = slots.map((slot, i) => {
      const tr = document.createElement("tr");
      const dates = slot.start ? `${shortDate(slot.start)} - ${shortDate(slot.end)}` : "";
      const status = progress.status[i];
      if (status) {
        tr.dataset.status = status;
      }
      const cells = [
        [formatInteger(i + 1), true],
        [names[i], false],
        [dates, false],
        [fixed(rencana.rencana[i]), true],
        [fixed(rencana.kumulatif[i]), true],
        [progress.realisasi[i] === null ? "" : fixed(progress.realisasi[i]), true],
        [progress.realisasiKumulatif[i] === null ? "" : fixed(progress.realisasiKumulatif[i]), true],
        [progress.deviasiKumulatif[i] === null ? "" : signedPoints(progress.deviasiKumulatif[i]), true],
        [statusName(status), false],
        ...baselines.map(({ kumulatif }) => [kumulatif[i] === undefined ? "" : fixed(kumulatif[i]), true]),
      ];
      for (const [text, numeric] of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        if (numeric) {
          td.className = "num";
        }
        tr.append(td);
      }
      return tr;
    });
    body.replaceChildren(...rows);
    // The total is the last cumulative point (exact), not the sum of rounded weights.
    this.table.querySelector("[data-kurva-total]").textContent = fixed(rencana.kumulatif.at(-1) ?? 0);
  }

  savePng() {
    const url = this.chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    const link = document.createElement("a");
    const slug = this.projectName.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "project";
    link.href = url;
    link.download = `kurva-s-${slug}.png`;
    document.body.append(link);
    link.click();
    link.remove();
  }

  dispose() {
    this.resizeObserver.disconnect();
    this.chart.dispose();
  }
}
