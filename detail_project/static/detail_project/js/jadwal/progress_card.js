// The summary card above the toolbar: the plan as of today, and the last report of realisasi
// against it (deviasi, SPI, the kontrak kritis status). Every figure is the engine's
// (`chart_data.progressSeries`, equal to `GET kurva-s/`'s summary), drawn from what is saved:
// the card is refreshed on load and after each save, not while the planner types.

import { progressSeries, slotDates } from "./chart_data.js";
import { fixedHundredths, fixedPercentText, shortDate } from "./format.js";
import { gettext, interpolate } from "./i18n.js";

/** A status as the page writes it: "Normal", "Terlambat" (late), "Kritis" (critical). */
export function statusName(status) {
  switch (status) {
    case "normal":
      return gettext("Normal");
    case "terlambat":
      return gettext("Behind schedule");
    case "kritis":
      return gettext("Critical");
    default:
      return "";
  }
}

/** Deviasi in points, with its sign: "+1,25" / "−5,48" / "0,00". */
export function signedPoints(hundredths) {
  const text = fixedHundredths(Math.abs(hundredths));
  if (hundredths > 0) {
    return `+${text}`;
  }
  return hundredths < 0 ? `\u2212${text}` : text;
}

export class ProgressCard {
  constructor({ element, state }) {
    this.element = element;
    this.state = state;
    this.fields = Object.fromEntries(
      [...element.querySelectorAll("[data-card]")].map((node) => [node.dataset.card, node]),
    );
  }

  render() {
    const { summary, slots, names } = progressSeries(this.state);
    const set = (name, text) => {
      this.fields[name].textContent = text;
    };
    set("rencana-today", fixedPercentText(summary.rencanaHariIni));
    set("today", `(${shortDate(this.state.today)})`);
    const reported = summary.last !== null;
    this.element.dataset.status = summary.status ?? "none";
    this.element.dataset.spi = summary.spi === null ? "" : String(summary.spi / 100);
    set("realisasi", reported ? fixedPercentText(summary.realisasi) : "\u2013");
    set("deviasi", reported ? signedPoints(summary.deviasi) : "\u2013");
    set("spi", summary.spi === null ? "\u2013" : fixedHundredths(summary.spi));
    set("status", reported ? statusName(summary.status) : gettext("No realisasi yet"));
    if (reported) {
      const slot = slots[summary.last];
      const dates = slotDates(slot);
      set(
        "period",
        interpolate(gettext("reported up to %(period)s"), {
          period: dates ? `${names[summary.last]} (${dates})` : names[summary.last],
        }),
      );
    } else {
      set("period", gettext("switch the grid to Actual to record the work done"));
    }
  }
}
