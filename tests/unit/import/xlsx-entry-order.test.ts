import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { importFile } from "../../../src/import/index.js";
import { XLSX_LIMITS } from "../../../src/import/limits.js";
import { partsBeforeWorksheets } from "../../../src/import/xlsx-rows.js";
import { dumpStore, importOk, seedPeople, tempDir, useFreshStores } from "./helpers.js";

const open = useFreshStores();

/** A usage workbook with shared strings (ids), a date cell, a boolean, and a second sheet not to read. */
async function usageWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("话单");
  sheet.addRow(["客户编号", "日期", "通话次数", "通话分钟", "流量(MB)", "话费", "竞品热线秒数", "呼转竞品"]);
  sheet.addRow(["C1", new Date("2026-11-22T00:00:00Z"), 4, 20.5, 1024, 3.3, 60, true]);
  sheet.addRow(["C2", new Date("2026-11-23T00:00:00Z"), 0, 0, 0, 0, 0, false]);
  sheet.getColumn(2).numFmt = "yyyy-mm-dd";
  workbook.addWorksheet("second").addRow(["not", "read"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Re-zips the workbook with the entries matching `first` (in that order) before all the others. */
async function reordered(xlsx: Buffer, first: RegExp[]): Promise<{ bytes: Buffer; order: string[] }> {
  const source = await JSZip.loadAsync(xlsx);
  const names = Object.keys(source.files).filter((n) => !source.files[n]?.dir);
  const rank = (n: string) => {
    const i = first.findIndex((re) => re.test(n));
    return i === -1 ? first.length : i;
  };
  const order = [...names].sort((a, b) => rank(a) - rank(b));
  const target = new JSZip();
  for (const name of order) {
    const entry = source.file(name);
    if (entry) target.file(name, await entry.async("nodebuffer"));
  }
  return { bytes: await target.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }), order };
}

const PARTS = [/workbook\.xml$/, /workbook\.xml\.rels$/, /sharedStrings/, /styles/];
const ORDERS: [string, RegExp[]][] = [
  [
    "well-ordered (workbook, rels, shared strings, styles, then sheets)",
    [...PARTS, /sheet1\.xml$/, /sheet2\.xml$/],
  ],
  ["well-ordered parts, then the second sheet before the first", [...PARTS, /sheet2\.xml$/]],
  ["sheets first, the second sheet before the first", [/sheet2\.xml$/, /sheet1\.xml$/, ...PARTS]],
  ["the sheet after shared strings and rels but before styles", [/sharedStrings/, /\.rels$/, /sheet1\.xml$/]],
  ["the sheet before shared strings", [/workbook/, /styles/, /sheet1\.xml$/, /sharedStrings/]],
];

async function importUsage(bytes: Buffer) {
  const store = open();
  const dir = tempDir();
  await seedPeople(store, dir);
  const path = join(dir, "usage.xlsx");
  writeFileSync(path, bytes);
  const report = await importOk(store, path, "usage");
  const streamed = await partsBeforeWorksheets(path);
  return {
    streamed,
    report: { ...report, file: undefined, durationMs: 0 },
    store: dumpStore(store),
    rows: store,
  };
}

describe("XLSX entry order", () => {
  it.each(ORDERS)("%s imports exactly like the workbook ExcelJS wrote", async (_label, first) => {
    const xlsx = await usageWorkbook();
    const { bytes, order } = await reordered(xlsx, first);
    const sheet1 = order.indexOf("xl/worksheets/sheet1.xml");
    expect(order.findIndex((n) => first[0]?.test(n))).toBe(0); // the order really is the one asked for
    expect(sheet1).toBeGreaterThan(-1);
    const reference = await importUsage((await reordered(xlsx, ORDERS[0]?.[1] ?? [])).bytes);
    const got = await importUsage(bytes);
    expect(reference.streamed).toBe(true);
    expect(got.streamed).toBe(first[0] === PARTS[0]); // misordered zips take the non-streaming path
    expect(got.report).toEqual(reference.report);
    expect(got.store).toEqual(reference.store);
    expect(reference.report).toMatchObject({ encoding: "xlsx", inserted: 2, rejected: 0 });
    expect(
      got.rows.sql
        .prepare(`SELECT customerId, date, forwardedToCompetitor FROM DailyUsage ORDER BY customerId`)
        .all(),
    ).toEqual([
      { customerId: "C1", date: "2026-11-22", forwardedToCompetitor: 1 },
      { customerId: "C2", date: "2026-11-23", forwardedToCompetitor: 0 },
    ]);
  });

  it("enforces and names the cell limit on a misordered workbook too, changing nothing", async () => {
    const { bytes } = await reordered(await usageWorkbook(), [/sheet1\.xml$/]);
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const path = join(dir, "usage.xlsx");
    writeFileSync(path, bytes);
    expect(await partsBeforeWorksheets(path)).toBe(false);
    const before = dumpStore(store);
    const result = await importFile(store, path, "usage", { xlsxLimits: { ...XLSX_LIMITS, maxCells: 20 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("more than 20 cells (the limit)");
    expect(dumpStore(store)).toEqual(before);
  });
});
