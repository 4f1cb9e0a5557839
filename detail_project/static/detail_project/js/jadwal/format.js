// Numbers and dates as the grid shows and reads them. Proporsi live as integer hundredths of a
// percent (33.33 % === 3333) everywhere in the page, exactly like the server's scheduling code,
// so sums are exact and nothing drifts through binary floats. They become text only here, at
// display time, in the reader's language (Intl with LOCALE from i18n.js): "33,33" and
// "1.500 m3" in Indonesian, "33.33" and "1,500 m3" in English. What is sent to the API stays
// "33.33" (`hundredthsToApi`).

import { LOCALE, gettext, interpolate, ngettext, pgettext } from "./i18n.js";

export const FULL = 10000; // 100.00 %

const NUMBER = /^([+-]?)([0-9]*)(?:[.,]([0-9]*))?$/;
// A percent sign after the number, as Excel copies a cell formatted as a percentage ("50%",
// "12,5 %"); `\s` also covers the no-break spaces some programs put before it.
const PERCENT_SIGN = /\s*[%\uFF05]$/;

/**
 * Read what a planner typed or pasted ("33.33", "33,33", " 50 ", "50%", "12,5 %", "") into
 * hundredths, in either language. Returns {ok: true, value} or {ok: false, error} with a message
 * fit to show. An empty string means "remove this cell" (value 0).
 */
export function parseProporsi(input) {
  const text = String(input ?? "").trim();
  if (text === "") {
    return { ok: true, value: 0 };
  }
  const match = NUMBER.exec(text.replace(PERCENT_SIGN, ""));
  if (!match || !(match[2] || match[3])) {
    return refused(gettext('"%(value)s" is not a number. Type a percentage such as 33.33 or 33,33.'), text);
  }
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > 2) {
    return refused(gettext('"%(value)s" has more than two decimals. Use at most two, e.g. 33.33.'), text);
  }
  const hundredths = Number(whole || "0") * 100 + Number((fraction + "00").slice(0, 2));
  if (sign === "-" && hundredths !== 0) {
    return refused(gettext('"%(value)s" is negative. A share must be between 0 and 100.'), text);
  }
  if (hundredths > FULL) {
    return refused(gettext('"%(value)s" is more than 100. A share must be between 0 and 100.'), text);
  }
  return { ok: true, value: hundredths };
}

function refused(message, text) {
  return { ok: false, error: interpolate(message, { value: text }) };
}

/** The API sends proporsi as JSON numbers with at most two decimals. */
export function toHundredths(number) {
  return Math.round(Number(number) * 100);
}

// Hundredths divided by 100 are never further from the decimal than a float's last bit, so
// rounding to two decimals gives back exactly the integer's digits.
const shareFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const fixedFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const volumeFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 });

const formatted = new Array(FULL + 1); // memo: a schedule repeats the same few values

/** "33,33", "50", "12,5" (Indonesian) or "33.33", "50", "12.5" (English): no trailing zeros. */
export function formatHundredths(value) {
  if (!value) {
    return "";
  }
  if (value > 0 && value <= FULL) {
    return (formatted[value] ??= shareFormat.format(value / 100));
  }
  return shareFormat.format(value / 100);
}

/** A share with its percent sign, for messages: "120 %", "33,33 %" ("0 %" for nothing). */
export function percentText(value) {
  return `${formatHundredths(value) || "0"} %`;
}

/** "33.33" with exactly two decimals, as sent to the API (exact, never a float). */
export function hundredthsToApi(value) {
  const whole = Math.trunc(value / 100);
  return `${whole}.${String(value % 100).padStart(2, "0")}`;
}

/** Hundredths of a percent as a figure with exactly two decimals: 4560 -> "45,60" / "45.60". */
export function fixedHundredths(value) {
  return fixedFormat.format(value / 100);
}

/** `fixedHundredths` with its percent sign: "45,60 %". */
export function fixedPercentText(value) {
  return `${fixedHundredths(value)} %`;
}

/** A whole number as the reader writes it: "1.234" / "1,234". */
export function formatInteger(number) {
  return integerFormat.format(number);
}

/** A plain number on a chart axis or in a tooltip: "12,5" / "12.5" (at most two decimals). */
export function formatNumber(number) {
  return shareFormat.format(number);
}

/** A volume such as 1.234,5 / 1,234.5 (up to three decimals, like the RAB). */
export function formatVolume(number) {
  if (!Number.isFinite(number) || Math.abs(number) < 0.0005) {
    return "";
  }
  return volumeFormat.format(number);
}

/** "0 changes", "1 change", "12 changes" ("0 perubahan"...): the status bar and messages. */
export function pluralChanges(count) {
  return interpolate(ngettext("%(count)s change", "%(count)s changes", count), {
    count: formatInteger(count),
  });
}

/** A time scale's name as it reads inside a sentence: "weekly" / "mingguan". */
export function scaleName(mode) {
  switch (mode) {
    case "daily":
      return pgettext("time scale", "daily");
    case "weekly":
      return pgettext("time scale", "weekly");
    case "monthly":
      return pgettext("time scale", "monthly");
    case "custom":
      return pgettext("time scale", "custom");
    default:
      return String(mode ?? "");
  }
}

// Dates are calendar days: formatted as UTC midnights, so no time zone can move them.
const UTC = { timeZone: "UTC" };
const monthYearFormat = new Intl.DateTimeFormat(LOCALE, { ...UTC, month: "long", year: "numeric" });
const dayMonthFormat = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: "numeric", month: "short" });
const dayFormat = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: "numeric" });
const shortDateFormat = new Intl.DateTimeFormat(LOCALE, { ...UTC, day: "numeric", month: "short", year: "numeric" });

/** Parse an ISO date ("2026-01-05") as a calendar day, with no time zone involved. */
export function parseIsoDate(text) {
  if (!text) {
    return null;
  }
  const [year, month, day] = text.split("-").map(Number);
  return { year, month, day };
}

function utc(day) {
  return new Date(Date.UTC(day.year, day.month - 1, day.day ?? 1));
}

/** "January 2026" / "Januari 2026": the month header above daily and weekly columns. */
export function monthLabel(day) {
  return monthYearFormat.format(utc(day));
}

/** "26 Oct" / "26 Okt": day of month and the month's short name. */
export function dayMonth(text) {
  const day = parseIsoDate(text);
  return day ? dayMonthFormat.format(utc(day)) : "";
}

/** "5-11 Jan" inside one month, "26 Jan-1 Feb" across two, "5 Jan" for one day. Both languages
 * write the day before the month, so the range is the start's day (and month) and the end. */
export function compactRange(startText, endText) {
  const start = parseIsoDate(startText);
  const end = parseIsoDate(endText);
  if (!start || !end) {
    return "";
  }
  if (start.year === end.year && start.month === end.month) {
    return start.day === end.day ? dayMonth(endText) : `${dayFormat.format(utc(start))}-${dayMonth(endText)}`;
  }
  return `${dayMonth(startText)}-${dayMonth(endText)}`;
}

/**
 * A period's short name, built from its parts (never by parsing a label): "Week 3" / "Minggu 3",
 * "Day 12" / "Hari 12", "January 2026" / "Januari 2026". `scale` is daily / weekly / monthly;
 * `period` has nomor, tanggal_mulai and, for months, bulan / tahun (or the month is taken from
 * tanggal_mulai).
 */
export function periodName(scale, period) {
  if (scale === "monthly") {
    const start = parseIsoDate(period.tanggal_mulai);
    const month = period.bulan ?? start?.month;
    const year = period.tahun ?? start?.year;
    return month ? monthLabel({ year, month, day: 1 }) : "";
  }
  const n = String(period.nomor);
  return scale === "daily"
    ? interpolate(gettext("Day %(n)s"), { n })
    : interpolate(gettext("Week %(n)s"), { n });
}

/** "5 Jan 2026" */
export function shortDate(text) {
  const day = parseIsoDate(text);
  return day ? shortDateFormat.format(utc(day)) : "";
}
