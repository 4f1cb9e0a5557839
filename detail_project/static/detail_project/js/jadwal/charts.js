// The Gantt and Kurva S tabs: ECharts is loaded the first time one of them is opened, and a chart
// is redrawn when its tab is shown after the schedule (or the choice of baselines) changed.

import { GanttChart } from "./gantt.js";
import { KurvaSChart } from "./kurva_s.js";
import { toast } from "./ui.js";

export class Charts {
  constructor({ state, gantt, kurva, kurvaTable, pngButton, projectName, baselines }) {
    this.state = state;
    this.baselines = baselines;
    this.ganttElement = gantt;
    this.kurvaElement = kurva;
    this.kurvaTable = kurvaTable;
    this.projectName = projectName;
    this.stale = { gantt: true, kurva: true };
    this.active = null;
    this.loading = null;
    pngButton.addEventListener("click", () => this.kurva?.savePng());
  }

  async load() {
    if (!this.loading) {
      this.loading = import("echarts");
    }
    return this.loading;
  }

  invalidate() {
    this.stale.gantt = true;
    this.stale.kurva = true;
    this.ganttElement.dataset.ready = "false";
    this.kurvaElement.dataset.ready = "false";
    if (this.active) {
      this.show(this.active);
    }
  }

  hide() {
    this.active = null;
  }

  async show(which) {
    this.active = which;
    const echarts = await this.load();
    if (this.active !== which || !this.stale[which]) {
      return;
    }
    this.stale[which] = false;
    if (which === "gantt") {
      this.gantt ??= new GanttChart({ element: this.ganttElement, state: this.state, echarts });
      this.gantt.render();
      this.ganttElement.dataset.ready = "true";
    } else {
      await this.baselines.load();
      let curves = [];
      try {
        curves = await this.baselines.chosenCurves();
      } catch (error) {
        toast(error.message, "danger"); // the tab still shows the plan and the realisasi
      }
      if (this.active !== which) {
        this.stale[which] = true;
        return;
      }
      this.kurva ??= new KurvaSChart({
        element: this.kurvaElement,
        table: this.kurvaTable,
        echarts,
        state: this.state,
        projectName: this.projectName,
      });
      this.kurva.render(curves);
      this.kurvaElement.dataset.ready = "true";
    }
  }
}
