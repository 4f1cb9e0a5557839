// The Gantt tab: one bar per scheduled pekerjaan, grouped under its klasifikasi, zoomable in both
// directions. Drawn with ECharts' SVG renderer, so every label is real DOM text.

import { ganttRows, periodShortLabel } from "./chart_data.js";

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
    const rows = ganttRows(state);
    const periods = state.tahapan;
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
        value: [row.start, row.end, position(i), row.total ?? 0],
        kind: row.kind,
        label: row.label,
        runs: row.runs,
      });
    });
    const shown = Math.min(rows.length, VISIBLE_ROWS);
    const yZoomStart = rows.length > VISIBLE_ROWS ? 100 - (shown / rows.length) * 100 : 0;
    this.element.dataset.barCount = String(items.length);
    this.element.dataset.groupBarCount = String(groups.length);
    this.element.dataset.rowCount = String(rows.length);
    this.element.dataset.periodCount = String(periods.length);
    this.element.style.height = `${Math.max(260, shown * ROW_HEIGHT + 120)}px`;
    this.chart.resize();
    this.chart.setOption(
      {
        animation: false,
        grid: { left: 320, right: 60, top: 40, bottom: 70 },
        tooltip: {
          renderMode: "richText",
          formatter: (params) => {
            const [start, end, , total] = params.data.value;
            const first = periods[start]?.nama ?? "";
            const last = periods[end - 1]?.nama ?? "";
            const span = start === end - 1 ? first : `${first} to ${last}`;
            return params.data.kind === "item"
              ? `${params.data.label}\n${span}\nTotal ${total.toFixed(2)} %`
              : `${params.data.label}\n${span}`;
          },
        },
        xAxis: {
          type: "value",
          min: 0,
          max: Math.max(periods.length, 1),
          interval: 1,
          position: "top",
          splitLine: { show: true, lineStyle: { color: "#eef0f3" } },
          axisLabel: {
            hideOverlap: true,
            formatter: (value) => (Number.isInteger(value) && periods[value] ? periodShortLabel(periods[value]) : ""),
          },
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
          { type: "slider", xAxisIndex: 0, filterMode: "weakFilter", bottom: 20, height: 18 },
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
            name: "Schedule",
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
