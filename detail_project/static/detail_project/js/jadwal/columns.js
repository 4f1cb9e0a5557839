// Grid columns: the frozen left block (kode, uraian, volume, satuan, total) and one column per
// tahapan, grouped under a month (daily / weekly), a year (monthly) or "Custom tahapan".

import { monthLabel, parseIsoDate } from "./format.js";
import { tahapanProp } from "./rows.js";

const WIDTH = { daily: 62, weekly: 96, monthly: 110, custom: 120 };
const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function shortDay(text) {
  const day = parseIsoDate(text);
  return day ? `${day.day} ${MONTHS_SHORT[day.month - 1]}` : "";
}

/** "5-11 Jan" inside one month, "26 Jan-1 Feb" across two. */
function compactRange(startText, endText) {
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

/** Two header lines for a tahapan: generated labels split, custom ones with their dates. */
export function headerLines(tahapan) {
  const nama = tahapan.nama;
  if (tahapan.is_auto_generated) {
    if (tahapan.generation_mode === "weekly" && nama.includes(": ")) {
      return [nama.slice(0, nama.indexOf(": ")), compactRange(tahapan.tanggal_mulai, tahapan.tanggal_selesai)];
    }
    if (tahapan.generation_mode === "daily" && nama.includes(", ")) {
      const at = nama.indexOf(", ");
      return [nama.slice(0, at), nama.slice(at + 2)];
    }
    return [nama, ""];
  }
  const start = shortDay(tahapan.tanggal_mulai);
  const end = shortDay(tahapan.tanggal_selesai);
  let dates = "";
  if (start && end) {
    dates = start === end ? start : `${start} - ${end}`;
  } else if (start || end) {
    dates = start || end;
  }
  return [nama, dates];
}

function groupLabel(tahapan) {
  if (!tahapan.is_auto_generated) {
    return "Custom tahapan";
  }
  const day = parseIsoDate(tahapan.tanggal_mulai);
  if (!day) {
    return "";
  }
  return tahapan.generation_mode === "monthly" ? String(day.year) : monthLabel(day);
}

function headerTemplate(h, column) {
  const [first, second] = column.lines;
  return h("div", { class: "jp-th", title: column.fullTitle }, [
    h("div", { class: "jp-th-1" }, first),
    h("div", { class: "jp-th-2" }, second || "\u00a0"),
  ]);
}

/**
 * Build the RevoGrid column list.
 * hooks: {uraianTemplate, totalProperties, cellProperties, readonly}
 */
export function buildColumns(tahapanList, hooks) {
  const frozen = [
    { prop: "kode", name: "Kode", size: 86, pin: "colPinStart", readonly: true, cellProperties: hooks.frozenProperties },
    {
      prop: "uraian",
      name: "Uraian pekerjaan",
      size: 300,
      pin: "colPinStart",
      readonly: true,
      cellTemplate: hooks.uraianTemplate,
      cellProperties: hooks.frozenProperties,
    },
    { prop: "volume", name: "Volume", size: 92, pin: "colPinStart", readonly: true, cellProperties: hooks.numberProperties },
    { prop: "satuan", name: "Satuan", size: 80, pin: "colPinStart", readonly: true, cellProperties: hooks.frozenProperties },
    { prop: "total", name: "Total", size: 90, pin: "colPinStart", readonly: true, cellProperties: hooks.totalProperties },
  ];
  const tahapanColumns = [];
  const groups = [];
  let current = null;
  for (const tahapan of tahapanList) {
    const mode = tahapan.is_auto_generated ? tahapan.generation_mode : "custom";
    const lines = headerLines(tahapan);
    const column = {
      prop: tahapanProp(tahapan.id),
      name: tahapan.nama,
      tahapanId: tahapan.id,
      lines,
      fullTitle: lines[1] && !tahapan.is_auto_generated ? `${tahapan.nama} (${lines[1]})` : tahapan.nama,
      size: WIDTH[mode] ?? WIDTH.custom,
      columnType: "tahapan",
      columnTemplate: headerTemplate,
    };
    tahapanColumns.push(column);
    const label = groupLabel(tahapan);
    if (!current || current.name !== label) {
      current = { name: label, children: [] };
      groups.push(current);
    }
    current.children.push(column);
  }
  const columnTypes = {
    tahapan: {
      readonly: hooks.readonly,
      cellProperties: hooks.cellProperties,
      cellTemplate: hooks.cellTemplate,
    },
  };
  return { columns: [...frozen, ...groups], tahapanColumns, columnTypes };
}
