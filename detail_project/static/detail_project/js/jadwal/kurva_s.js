// The Kurva S tab: the cost-weighted cumulative plan (line) over each period's weight (bars) on
// the schedule's time axis, the same numbers in a table, and "Save as PNG". The figures are the
// engine's (hundredths of a percent), exactly those of `GET kurva-s/`, written in the reader's
// language ("12,34" in Indonesian); the data-* attributes for tests keep the API's "12.34".

import { kurvaSeries, slotDates } from "./chart_data.js";
import { fixedHundredths, fixedPercentText, formatInteger, formatNumber, hundredthsToApi, shortDate } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

const fixed = fixedHundredths;

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

  render() {
    const series = kurvaSeries(this.state);
    const count = series.slots.length;
    this.element.dataset.pointCount = String(count);
    this.element.dataset.barCount = String(count);
    this.element.dataset.finalCumulative = hundredthsToApi(series.kumulatif[count - 1] ?? 0);
    this.element.dataset.firstWeight = hundredthsToApi(series.rencana[0] ?? 0);
    const weightName = gettext("Weight per period (%)");
    const cumulativeName = gettext("Cumulative plan (%)");
    this.chart.setOption(
      {
        animation: false,
        backgroundColor: "#ffffff",
        title: {
          text: interpolate(gettext("Kurva S: %(project)s"), { project: this.projectName }),
          left: "center",
          textStyle: { fontSize: 14 },
        },
        legend: { top: 26, data: [weightName, cumulativeName] },
        grid: { left: 60, right: 60, top: 70, bottom: 80 },
        tooltip: {
          trigger: "axis",
          renderMode: "richText",
          formatter: (params) => {
            const at = params[0]?.dataIndex ?? 0;
            const dates = slotDates(series.slots[at]);
            return [
              dates ? `${series.names[at]} (${dates})` : series.names[at],
              interpolate(gettext("Weight %(value)s"), { value: fixedPercentText(series.rencana[at]) }),
              interpolate(gettext("Cumulative %(value)s"), { value: fixedPercentText(series.kumulatif[at]) }),
            ].join("\n");
          },
        },
        xAxis: {
          type: "category",
          data: series.names,
          axisLabel: { rotate: count > 12 ? 45 : 0, hideOverlap: true, width: 110, overflow: "truncate" },
        },
        yAxis: [
          { type: "value", name: gettext("Weight (%)"), min: 0, axisLabel: { formatter: formatNumber } },
          {
            type: "value",
            name: gettext("Cumulative (%)"),
            min: 0,
            max: 100,
            axisLabel: { formatter: formatNumber },
          },
        ],
        dataZoom: count > 40 ? [{ type: "slider", bottom: 10 }, { type: "inside" }] : [],
        series: [
          {
            name: weightName,
            type: "bar",
            data: series.rencana.map((w) => w / 100),
            itemStyle: { color: "#9ec5fe" },
          },
          {
            name: cumulativeName,
            type: "line",
            yAxisIndex: 1,
            data: series.kumulatif.map((c) => c / 100),
            symbol: "circle",
            symbolSize: 5,
            lineStyle: { width: 2, color: "#d63384" },
            itemStyle: { color: "#d63384" },
          },
        ],
      },
      { notMerge: true },
    );
    this.renderTable(series);
  }

  renderTable(series) {
    const body = this.table.querySelector("tbody");
    const rows = series.slots.map((slot, i) => {
      const tr = document.createElement("tr");
      const dates = slot.start ? `${shortDate(slot.start)} - ${shortDate(slot.end)}` : "";
      for (const [text, numeric] of [
        [formatInteger(i + 1), true],
        [series.names[i], false],
        [dates, false],
        [fixed(series.rencana[i]), true],
        [fixed(series.kumulatif[i]), true],
      ]) {
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
    this.table.querySelector("[data-kurva-total]").textContent = fixed(
      series.kumulatif[series.kumulatif.length - 1] ?? 0,
    );
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
