// Grid columns: the frozen left block (kode, uraian, volume, satuan, total) and one column per
// tahapan, grouped under a month (daily / weekly), a year (monthly) or "Custom tahapan". Every
// header is written in the reader's language from the tahapan's parts ("Minggu 3", "Januari 2026").

import { compactRange, dayMonth, monthLabel, parseIsoDate, periodName } from "./format.js";
import { gettext } from "./i18n.js";
import { tahapanProp } from "./rows.js";

const WIDTH = { daily: 62, weekly: 96, monthly: 110, custom: 120 };

/**
 * Two header lines for a tahapan, built from its parts (number, dates, month), never by
 * parsing its name: "Week 3" / "19-25 Jan", "Day 12" / "16 Jan", "January 2026"; a custom
 * tahapan shows its own name and dates.
 */
export function headerLines(tahapan) {
  if (tahapan.is_auto_generated && tahapan.nomor) {
    const scale = tahapan.generation_mode;
    const name = periodName(scale, tahapan);
    if (scale === "weekly") {
      return [name, compactRange(tahapan.tanggal_mulai, tahapan.tanggal_selesai)];
    }
    if (scale === "daily") {
      return [name, dayMonth(tahapan.tanggal_mulai)];
    }
    return [name, ""];
  }
  const start = dayMonth(tahapan.tanggal_mulai);
  const end = dayMonth(tahapan.tanggal_selesai);
  let dates = "";
  if (start && end) {
    dates = start === end ? start : `${start} - ${end}`;
  } else if (start || end) {
    dates = start || end;
  }
  return [tahapan.nama, dates];
}

function groupLabel(tahapan) {
  if (!tahapan.is_auto_generated) {
    return gettext("Custom tahapan");
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
    { prop: "kode", name: gettext("Kode"), size: 86, pin: "colPinStart", readonly: true, cellProperties: hooks.frozenProperties },
    {
      prop: "uraian",
      name: gettext("Uraian pekerjaan"),
      size: 300,
      pin: "colPinStart",
      readonly: true,
      cellTemplate: hooks.uraianTemplate,
      cellProperties: hooks.frozenProperties,
    },
    { prop: "volume", name: gettext("Volume"), size: 92, pin: "colPinStart", readonly: true, cellProperties: hooks.numberProperties },
    { prop: "satuan", name: gettext("Satuan"), size: 80, pin: "colPinStart", readonly: true, cellProperties: hooks.frozenProperties },
    { prop: "total", name: gettext("Total"), size: 90, pin: "colPinStart", readonly: true, cellProperties: hooks.totalProperties },
  ];
  const tahapanColumns = [];
  const groups = [];
  let current = null;
  for (const tahapan of tahapanList) {
    const mode = tahapan.is_auto_generated ? tahapan.generation_mode : "custom";
    const lines = headerLines(tahapan);
    // A generated period is named from its parts in the reader's language ("Minggu 3"), never
    // by its stored `nama`; a custom tahapan by the name the planner gave it.
    const column = {
      prop: tahapanProp(tahapan.id),
      name: lines[0],
      tahapanId: tahapan.id,
      lines,
      fullTitle: lines[1] ? `${lines[0]} (${lines[1]})` : lines[0],
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
