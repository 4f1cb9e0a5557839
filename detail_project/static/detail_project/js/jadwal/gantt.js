// The Gantt tab: one bar per scheduled pekerjaan on a date axis, grouped under its klasifikasi,
// zoomable in both directions. A custom tahapan's work sits at its own dates. Drawn with
// ECharts' SVG renderer, so every label is real DOM text. Dates and figures are written in the
// reader's language ("5 Agu", "45,60 %").

import { ganttRows } from "./chart_data.js";
import { dayMonth, fixedPercentText } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

const DAY = 86400000;

/** Milliseconds at the start of an ISO date, and just after the end of one (exclusive). */
function startOf(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

function afterEndOf(iso) {
  return startOf(iso) + DAY;
}

function isoOf(milliseconds) {
  return new Date(milliseconds).toISOString().slice(0, 10);
}

const ROW_HEIGHT = 26;
const VISIBLE_ROWS = 22;

export class GanttChart {
  constructor({ element, state, echarts }) {
    this.element = element;
    this.state = state;
    this.echarts = echarts;
    this.chart = echarts.init(element, null, { renderer: "svg" });
    this.resizeObserver = new ResizeObserver(() => this.chart.resize());
    this.resizeObserver.observe(element);
  }

  render() {
    const state = this.state;
    const { rows, slots } = ganttRows(state);
    const items = rows.filter((r) => r.kind === "item" && r.start !== null);
    const groups = rows.filter((r) => r.kind === "group" && r.start !== null);
    // y categories top to bottom: ECharts draws the first category at the bottom, so reverse.
    const categories = rows.map((r) => r.label).reverse();
    const position = (i) => rows.length - 1 - i;
    const data = [];
    rows.forEach((row, i) => {
      if (row.start === null) {
        return;
      }
      data.push({
        value: [startOf(row.start), afterEndOf(row.end), position(i), row.total ?? 0],
        kind: row.kind,
        label: row.label,
        runs: row.runs.map(([start, end]) => [startOf(start), afterEndOf(end)]),
        dates: [row.start, row.end],
      });
    });
    const dated = slots.filter((slot) => slot.start);
    const axisStart = dated.length ? startOf(dated[0].start) : startOf(state.project.tanggal_mulai);
    const axisEnd = dated.length ? afterEndOf(dated[dated.length - 1].end) : afterEndOf(state.project.tanggal_selesai);
    const shown = Math.min(rows.length, VISIBLE_ROWS);
    const yZoomStart = rows.length > VISIBLE_ROWS ? 100 - (shown / rows.length) * 100 : 0;
    this.element.dataset.barCount = String(items.length);
    this.element.dataset.groupBarCount = String(groups.length);
    this.element.dataset.rowCount = String(rows.length);
    this.element.dataset.periodCount = String(slots.filter((slot) => slot.start).length);
    // Where each bar lies in time, for tests and for anyone reading the page's data.
    this.element.dataset.spans = JSON.stringify(Object.fromEntries(items.map((r) => [r.label, r.runs])));
    this.element.style.height = `${Math.max(260, shown * ROW_HEIGHT + 120)}px`;
    this.chart.resize();
    this.chart.setOption(
      {
        animation: false,
        useUTC: true, // dates are calendar days (UTC midnights): ticks fall on month starts
        grid: { left: 320, right: 60, top: 40, bottom: 70 },
        tooltip: {
          renderMode: "richText",
          formatter: (params) => {
            const [, , , total] = params.data.value;
            const [first, last] = params.data.dates;
            const span =
              first === last
                ? dayMonth(first)
                : interpolate(gettext("%(start)s to %(end)s"), { start: dayMonth(first), end: dayMonth(last) });
            const lines = [params.data.label, span];
            if (params.data.kind === "item") {
              lines.push(interpolate(gettext("Total %(total)s"), { total: fixedPercentText(total) }));
            }
            return lines.join("\n");
          },
        },
        xAxis: {
          type: "time",
          min: axisStart,
          max: axisEnd,
          position: "top",
          splitLine: { show: true, lineStyle: { color: "#eef0f3" } },
          axisLabel: { hideOverlap: true, formatter: (value) => dayMonth(isoOf(value)) },
        },
        yAxis: {
          type: "category",
          data: categories,
          axisTick: { show: false },
          axisLabel: {
            width: 300,
            overflow: "truncate",
            formatter: (value) => value,
            fontWeight: (value, index) => (rows[rows.length - 1 - index]?.kind === "group" ? "bold" : "normal"),
          },
        },
        dataZoom: [
          {
            type: "slider",
            xAxisIndex: 0,
            filterMode: "weakFilter",
            bottom: 20,
            height: 18,
            labelFormatter: (value) => dayMonth(isoOf(value)),
          },
          { type: "inside", xAxisIndex: 0, filterMode: "weakFilter" },
          {
            type: "slider",
            yAxisIndex: 0,
            filterMode: "weakFilter",
            right: 16,
            width: 18,
            start: yZoomStart,
            end: 100,
            zoomLock: false,
          },
          { type: "inside", yAxisIndex: 0, filterMode: "weakFilter", zoomOnMouseWheel: false, moveOnMouseWheel: true },
        ],
        series: [
          {
            type: "custom",
            name: gettext("Schedule"),
            encode: { x: [0, 1], y: 2 },
            renderItem: (params, api) => {
              const item = data[params.dataIndex];
              const isGroup = item.kind === "group";
              const band = api.size([0, 1])[1];
              const clip = {
                x: params.coordSys.x,
                y: params.coordSys.y,
                width: params.coordSys.width,
                height: params.coordSys.height,
              };
              const rect = (from, to, share, fill) => {
                const start = api.coord([from, api.value(2)]);
                const end = api.coord([to, api.value(2)]);
                const height = band * share;
                const shape = this.echarts.graphic.clipRectByRect(
                  { x: start[0], y: start[1] - height / 2, width: end[0] - start[0], height },
                  clip,
                );
                return shape && { type: "rect", transition: [], shape, style: { fill } };
              };
              // the whole span thin, the planned stretches thick
              const children = [rect(api.value(0), api.value(1), 0.12, isGroup ? "#495057" : "#9ec5fe")];
              if (!isGroup) {
                for (const [from, to] of item.runs) {
                  children.push(rect(from, to, 0.6, "#3d8bfd"));
                }
              } else {
                children.push(rect(api.value(0), api.value(1), 0.35, "#495057"));
              }
              return { type: "group", children: children.filter(Boolean) };
            },
            data,
          },
        ],
      },
      { notMerge: true },
    );
  }

  dispose() {
    this.resizeObserver.disconnect();
    this.chart.dispose();
  }
}
