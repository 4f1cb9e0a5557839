// Numbers and dates as the grid shows and reads them. Proporsi live as integer hundredths of a
// percent (33.33 % === 3333) everywhere in the page, exactly like the server's scheduling code,
// so sums are exact and nothing drifts through binary floats.

export const FULL = 10000; // 100.00 %

const NUMBER = /^([+-]?)([0-9]*)(?:[.,]([0-9]*))?$/;

/**
 * Read what a planner typed ("33.33", "33,33", " 50 ", "") into hundredths.
 * Returns {ok: true, value} or {ok: false, error} with a message fit to show.
 * An empty string means "remove this cell" (value 0).
 */
export function parseProporsi(input) {
  const text = String(input ?? "").trim();
  if (text === "") {
    return { ok: true, value: 0 };
  }
  const match = NUMBER.exec(text);
  if (!match || !(match[2] || match[3])) {
    return { ok: false, error: `"${text}" is not a number. Type a percentage such as 33.33 or 33,33.` };
  }
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > 2) {
    return { ok: false, error: `"${text}" has more than two decimals. Use at most two, e.g. 33.33.` };
  }
  const hundredths = Number(whole || "0") * 100 + Number((fraction + "00").slice(0, 2));
  if (sign === "-" && hundredths !== 0) {
    return { ok: false, error: `"${text}" is negative. A share must be between 0 and 100.` };
  }
  if (hundredths > FULL) {
    return { ok: false, error: `"${text}" is more than 100. A share must be between 0 and 100.` };
  }
  return { ok: true, value: hundredths };
}

/** The API sends proporsi as JSON numbers with at most two decimals. */
export function toHundredths(number) {
  return Math.round(Number(number) * 100);
}

const formatted = new Array(FULL + 1); // memo: a schedule repeats the same few values

/** "33.33", "50", "12.5": what a planner would write, no trailing zeros. */
export function formatHundredths(value) {
  if (!value) {
    return "";
  }
  if (value > 0 && value <= FULL) {
    return (formatted[value] ??= spell(value));
  }
  return spell(value);
}

function spell(value) {
  const whole = Math.trunc(value / 100);
  const fraction = Math.abs(value % 100);
  if (fraction === 0) {
    return String(whole);
  }
  return `${whole}.${String(fraction).padStart(2, "0").replace(/0$/, "")}`;
}

/** "33.33" with exactly two decimals, as sent to the API (exact, never a float). */
export function hundredthsToApi(value) {
  const whole = Math.trunc(value / 100);
  return `${whole}.${String(value % 100).padStart(2, "0")}`;
}

/** Hundredths of a percent as a figure with exactly two decimals: 4560 -> "45.60". */
export function fixedHundredths(value) {
  return hundredthsToApi(value);
}

const volumeFormat = new Intl.NumberFormat("en-US", {
  maximumFractionDigits: 3,
  useGrouping: true,
});

/** A volume such as 1,234.5 (up to three decimals, like the RAB). */
export function formatVolume(number) {
  if (!Number.isFinite(number) || Math.abs(number) < 0.0005) {
    return "";
  }
  return volumeFormat.format(number);
}

const rupiahFormat = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });

export function formatRupiah(number) {
  return `Rp ${rupiahFormat.format(Math.round(number || 0))}`;
}

export function pluralChanges(count) {
  return `${count} ${count === 1 ? "change" : "changes"}`;
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** Parse an ISO date ("2026-01-05") as a calendar day, with no time zone involved. */
export function parseIsoDate(text) {
  if (!text) {
    return null;
  }
  const [year, month, day] = text.split("-").map(Number);
  return { year, month, day };
}

/** "January 2026" for a calendar day, used for the month header above daily/weekly columns. */
export function monthLabel(day) {
  return `${MONTHS[day.month - 1]} ${day.year}`;
}

const MONTHS_SHORT = MONTHS.map((name) => name.slice(0, 3));

/** "26 Oct": day of month and the month's short name. */
export function dayMonth(text) {
  const day = parseIsoDate(text);
  return day ? `${day.day} ${MONTHS_SHORT[day.month - 1]}` : "";
}

/** "5-11 Jan" inside one month, "26 Jan-1 Feb" across two, "5 Jan" for one day. */
export function compactRange(startText, endText) {
  const start = parseIsoDate(startText);
  const end = parseIsoDate(endText);
  if (!start || !end) {
    return "";
  }
  if (start.year === end.year && start.month === end.month) {
    return start.day === end.day
      ? `${start.day} ${MONTHS_SHORT[start.month - 1]}`
      : `${start.day}-${end.day} ${MONTHS_SHORT[start.month - 1]}`;
  }
  return `${start.day} ${MONTHS_SHORT[start.month - 1]}-${end.day} ${MONTHS_SHORT[end.month - 1]}`;
}

/**
 * A period's short name, built from its parts (never by parsing a label): "Week 3", "Day 12",
 * "January 2026". `scale` is daily / weekly / monthly; `period` has nomor, tanggal_mulai and,
 * for months, bulan / tahun (or the month is taken from tanggal_mulai).
 */
export function periodName(scale, period) {
  if (scale === "monthly") {
    const start = parseIsoDate(period.tanggal_mulai);
    const month = period.bulan ?? start?.month;
    const year = period.tahun ?? start?.year;
    return month ? `${MONTHS[month - 1]} ${year}` : "";
  }
  return scale === "daily" ? `Day ${period.nomor}` : `Week ${period.nomor}`;
}

/** "5 Jan 2026" */
export function shortDate(text) {
  const day = parseIsoDate(text);
  if (!day) {
    return "";
  }
  return `${day.day} ${MONTHS[day.month - 1].slice(0, 3)} ${day.year}`;
}
