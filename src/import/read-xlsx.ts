import { LimitExceeded } from "./limits.js";
import type { RecordSink } from "./read-csv.js";
import { CONTROL_CHARACTER, type ControlMark } from "./scan-text.js";
import { firstSheetRows } from "./xlsx-rows.js";

/**
 * Reads the first worksheet of an XLSX workbook (whatever the order of its zip entries, see
 * xlsx-rows.ts), one row at a time, as text cells (the sheet's
 * row number is the line). Dates become YYYY-MM-DD, booleans 1/0, formulas their cached result.
 * Notes the first control character of each row in `marks` (column = the cell's column number).
 * Returns the number of the sheet's last row.
 */
export async function readXlsx(
  path: string,
  sink: RecordSink,
  maxCells: number,
  marks: Map<number, ControlMark>,
): Promise<number> {
  let width = 0;
  let cellCount = 0;
  let lastRow = 0;
  for await (const row of firstSheetRows(path)) {
    const values = row.values;
    cellCount += Math.max(values.length - 1, width);
    if (cellCount > maxCells)
      throw new LimitExceeded(`the sheet has more than ${maxCells.toLocaleString("en")} cells (the limit)`);
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) {
      const text = cellText(values[i]);
      const control = CONTROL_CHARACTER.exec(text);
      if (control && !marks.has(row.number)) marks.set(row.number, { column: i, char: control[0] });
      cells.push(text);
    }
    // A sheet stores no trailing empty cells: pad each row to the header's width.
    if (width === 0) width = cells.length;
    while (cells.length < width) cells.push("");
    sink.record(cells, row.number, row.number);
    lastRow = row.number;
  }
  return lastRow;
}

/** One cell's value as the text a CSV export would have. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
      formula?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    if ("result" in v || v.formula !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value);
}
