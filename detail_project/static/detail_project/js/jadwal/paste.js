// Clipboard text from Excel, LibreOffice or Google Sheets: rows end with a newline, cells are
// separated by tabs, a cell holding a tab or newline is quoted ("..." with "" for a quote). The
// cells stay text here; `parseProporsi` (format.js) reads each one as a planner would write it in
// either language: "33,33", "33.33", and as Excel copies percentages, "50%" or "12,5 %".

/** Parse tab-separated text into rows of cell strings; a trailing newline adds no row. */
export function parseClipboardTable(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const source = String(text ?? "");
  while (i < source.length) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      cell += char;
      i += 1;
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
    } else if (char === "\t") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && source[i + 1] === "\n") {
        i += 1;
      }
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += char;
    }
    i += 1;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
