/**
 * The import fuzz corpus (issue 9, items 5–7): generated hostile files, each with the message the
 * operator gets, a check that every physical line is accounted for, and the store either unchanged
 * (a refused file) or holding exactly the good rows.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { formatIssue, formatRefusal, importFile } from "../../src/import/index.js";
import type { ImportKind, ImportOptions, ImportReport } from "../../src/import/types.js";
import type { Store } from "../../src/store/database.js";
import { dumpStore, seedPeople, tempDir, useFreshStores } from "../unit/import/helpers.js";

const open = useFreshStores();
const TODAY = "2026-11-23";

/** A store with managers M1, M2 and customers C1–C3, and a directory for the hostile files. */
async function seeded(): Promise<{ store: Store; dir: string }> {
  const store = open();
  const dir = tempDir();
  await seedPeople(store, dir);
  return { store, dir };
}

async function importText(
  store: Store,
  dir: string,
  name: string,
  content: string | Buffer,
  kind: ImportKind,
  options: ImportOptions = {},
) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, result: await importFile(store, path, kind, { today: TODAY, ...options }) };
}

function reportOf(result: Awaited<ReturnType<typeof importFile>>): ImportReport {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

const issues = (r: ImportReport) => r.issues.map((i) => [i.line, i.column, i.code, i.detail ?? null]);
const ids = (store: Store, table: string) =>
  store.sql.prepare(`SELECT "id" FROM "${table}" ORDER BY "id"`).pluck().all();

describe("values (9.7)", () => {
  it("refuses an id that differs only in case from one in the store or earlier in the file, naming both", async () => {
    const { store, dir } = await seeded();
    const { result } = await importText(
      store,
      dir,
      "twins.csv",
      [
        "customer_id,name,phone,manager_id,join_date",
        "c1,小写张伟,13800000011,M1,2024-01-01", // 2: twin of C1 in the store
        "N7,新客户,13800000012,M1,2024-01-01", // 3: good
        "n7,新客户二,13800000013,M1,2024-01-01", // 4: twin of line 3
        "N8,另一个,13800000014,M1,2024-01-01", // 5: good
        "",
      ].join("\n"),
      "customers",
    );
    const report = reportOf(result);
    expect(report).toMatchObject({ rows: 4, inserted: 2, rejected: 2 });
    expect(issues(report)).toEqual([
      [2, "customer_id", "case_twin_store", "C1"],
      [4, "customer_id", "case_twin_file", "3|N7"],
    ]);
    expect(formatIssue(report.issues[1]!, "en")).toContain("differs only in case from N7 on line 3");
    expect(formatIssue(report.issues[0]!, "zh")).toContain("与已有编号 C1 仅大小写不同");
    expect(ids(store, "Customer")).toEqual(["C1", "C2", "C3", "N7", "N8"]);
    // Managers too.
    const managers = await importText(
      store,
      dir,
      "m.csv",
      "manager_id,name,team_id\nm1,重名,T1\n",
      "managers",
    );
    expect(issues(reportOf(managers.result))).toEqual([[2, "manager_id", "case_twin_store", "M1"]]);
  });

  it("accepts only plain decimals within bounds: no hex, exponents, comma lists or Infinity", async () => {
    const { store, dir } = await seeded();
    const before = dumpStore(store).DailyUsage.length;
    const { result } = await importText(
      store,
      dir,
      "numbers.csv",
      [
        "customer_id,date,calls,call_minutes,data_mb,spend",
        "C1,2026-11-01,0x1F,1,1,1", // 2 hex
        "C1,2026-11-02,1,1e308,1,1", // 3 exponent
        'C1,2026-11-03,1,1,"1,2,3,4",1', // 4 comma list
        "C1,2026-11-04,1,1,1,Infinity", // 5
        "C1,2026-11-05,1,1441,1,1", // 6 more minutes than a day has
        "C1,2026-11-06,1,1,1,1000001", // 7 spend beyond bound
        'C1,2026-11-07,3,1.5,"1,234.50",¥12.5元', // 8 good: grouped thousands and currency
        "C1,2026-11-08,-1,1,1,1", // 9 negative
        "C1,2026-11-09,1.5,1,1,1", // 10 not a whole number
      ].join("\n"),
      "usage",
    );
    const report = reportOf(result);
    expect(issues(report)).toEqual([
      [2, "calls", "bad_number", null],
      [3, "call_minutes", "bad_number", null],
      [4, "data_mb", "bad_number", null],
      [5, "spend", "bad_number", null],
      [6, "call_minutes", "out_of_range", "1440"],
      [7, "spend", "out_of_range", "1000000"],
      [9, "calls", "negative", null],
      [10, "calls", "not_integer", null],
    ]);
    const rows = store.sql.prepare(`SELECT * FROM DailyUsage ORDER BY rowid`).all() as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ date: "2026-11-07", calls: 3, dataMb: 1234.5, spend: 12.5 });
  });

  it("accepts dates only within the configured window around today", async () => {
    const { store, dir } = await seeded();
    const csv = [
      "customer_id,name,phone,manager_id,join_date,contract_end,birthday",
      "D1,未来入网,13800000021,M1,2099-01-01,,", // 2
      "D2,公元零年,13800000022,M1,0000-01-01,,", // 3 year 0
      "D3,零零零一年,13800000023,M1,0001-01-01,,", // 4
      "D4,正常,13800000024,M1,2001-05-05,2030-01-01,1990-02-03", // 5 good
      "D5,生日在未来,13800000025,M1,2001-05-05,,2027-01-01", // 6
      "D6,合约太远,13800000026,M1,2001-05-05,2040-01-01,", // 7
    ].join("\n");
    const { result } = await importText(store, dir, "dates.csv", csv, "customers");
    const report = reportOf(result);
    const window = "1976-11-23 – 2036-11-23";
    expect(issues(report)).toEqual([
      [2, "join_date", "date_out_of_window", window],
      [3, "join_date", "date_out_of_window", window],
      [4, "join_date", "date_out_of_window", window],
      [6, "birthday", "date_out_of_window", "1906-11-23 – 2026-11-23"],
      [7, "contract_end", "date_out_of_window", window],
    ]);
    expect(formatIssue(report.issues[0]!, "en")).toContain(
      "outside the allowed window (1976-11-23 – 2036-11-23)",
    );
    // The window is configurable: 20 years ahead accepts line 7.
    const wider = await importText(store, dir, "dates2.csv", csv, "customers", { dateFutureYears: 20 });
    expect(reportOf(wider.result).issues.map((i) => i.line)).toEqual([2, 3, 4, 6]);
  });
});

describe("sizes (9.5)", () => {
  it("limits names to 100 and notes to 2,000 characters, naming the limit", async () => {
    const { store, dir } = await seeded();
    const longName = "名".repeat(101);
    const { result } = await importText(
      store,
      dir,
      "long.csv",
      `customer_id,name,phone,manager_id,join_date\nL1,${longName},13800000031,M1,2024-01-01\nL2,${"名".repeat(100)},13800000032,M1,2024-01-01\n`,
      "customers",
    );
    expect(issues(reportOf(result))).toEqual([[2, "name", "too_long", "100"]]);
    expect(formatIssue(reportOf(result).issues[0]!, "zh")).toContain("过长，最多 100 个字符");
    const events = await importText(
      store,
      dir,
      "notes.csv",
      `customer_id,date,type,note\nC1,2026-11-01,complaint,${"x".repeat(2001)}\nC1,2026-11-02,complaint,${"x".repeat(2000)}\n`,
      "events",
    );
    expect(issues(reportOf(events.result))).toEqual([[2, "note", "too_long", "2000"]]);
  });

  it("refuses an XLSX whose shared strings or cells go beyond the limits, and changes nothing", async () => {
    const { store, dir } = await seeded();
    const before = dumpStore(store);
    const bomb = join(dir, "bomb.xlsx");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("data");
    sheet.addRow(["customer_id", "name", "phone", "manager_id", "join_date"]);
    sheet.addRow(["B1", "名".repeat(400_000), "13800000041", "M1", "2024-01-01"]);
    await workbook.xlsx.writeFile(bomb);
    const limits = {
      maxUncompressedBytes: 64 * 1024 * 1024,
      maxSharedStringsBytes: 1024 * 1024,
      maxCells: 1000,
    };
    const refused = await importFile(store, bomb, "customers", { today: TODAY, xlsxLimits: limits });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("too_large");
      expect(formatRefusal(refused.error, "en")).toContain(
        "shared strings expand to more than 1 MiB (the limit)",
      );
    }
    const total = await importFile(store, bomb, "customers", {
      today: TODAY,
      xlsxLimits: { ...limits, maxUncompressedBytes: 512 * 1024, maxSharedStringsBytes: 64 * 1024 * 1024 },
    });
    expect(!total.ok && total.error.detail).toMatch(/XLSX expands to \d+ MiB, more than the limit of 1 MiB/);
    const cells = join(dir, "cells.xlsx");
    const wide = new ExcelJS.Workbook();
    const rows = wide.addWorksheet("data");
    rows.addRow(["customer_id", "name", "phone", "manager_id", "join_date"]);
    for (let i = 0; i < 300; i++)
      rows.addRow([`W${i}`, "名", `138000${String(i).padStart(5, "0")}`, "M1", "2024-01-01"]);
    await wide.xlsx.writeFile(cells);
    const many = await importFile(store, cells, "customers", { today: TODAY, xlsxLimits: limits });
    expect(!many.ok && many.error).toMatchObject({
      code: "too_large",
      detail: "the sheet has more than 1,000 cells (the limit)",
    });
    expect(dumpStore(store)).toEqual(before);
  });
});

/** Physical lines of a text: what the report must account for. */
const physicalLines = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

describe("CSV structure and characters (9.6)", () => {
  it("refuses a file whose quote never closes, naming its line, whether it runs to the end or past the line limit", async () => {
    const { store, dir } = await seeded();
    const before = dumpStore(store);
    const rows = Array.from(
      { length: 200 },
      (_, i) => `C1,2026-10-${String((i % 28) + 1).padStart(2, "0")},1,1,1,1`,
    );
    const toEof = [
      "customer_id,date,calls,call_minutes,data_mb,spend",
      'C1,"2026-11-01,1,1,1,1',
      ...rows,
    ].join("\n");
    const eof = await importText(store, dir, "eof.csv", toEof, "usage");
    expect(!eof.result.ok && eof.result.error).toMatchObject({ code: "malformed" });
    if (!eof.result.ok) {
      expect(formatRefusal(eof.result.error, "en")).toBe(
        `${eof.path}: malformed file (line 2: a quoted field runs over 50 lines); nothing was imported`,
      );
    }
    // Closed at last, but 60 lines later: still refused, naming where it opened.
    const late = [...toEof.split("\n").slice(0, 62), `${rows[0]}"`, ...rows.slice(0, 5)].join("\n");
    const far = await importText(store, dir, "far.csv", late, "usage");
    expect(!far.result.ok && far.result.error.detail).toBe("line 2: a quoted field runs over 50 lines");
    // Short and never closed: it runs to the end of the file.
    const short = await importText(
      store,
      dir,
      "short.csv",
      'customer_id,date,calls,call_minutes,data_mb,spend\nC1,2026-11-01,1,1,1,1\nC1,"2026-11-02,1,1,1,1\n',
      "usage",
    );
    expect(!short.result.ok && short.result.error.detail).toBe(
      "line 3: a quoted field is never closed (it runs to the end of the file)",
    );
    // A record of 150 million characters is never built: refused at the record limit.
    const huge = `customer_id,date,calls,call_minutes,data_mb,spend\nC1,2026-11-01,1,1,1,${"9".repeat(30_000)}\n`;
    const big = await importText(store, dir, "huge.csv", huge, "usage");
    expect(!big.result.ok && big.result.error.detail).toBe(
      "line 2: the record is longer than 20000 characters",
    );
    expect(dumpStore(store)).toEqual(before);
  });

  it("accounts for every physical line: blank lines, multi-line quoted notes, rejected and written rows", async () => {
    const { store, dir } = await seeded();
    const text = [
      "customer_id,date,type,note",
      'C1,2026-11-01,complaint,"第一行',
      "第二行",
      '第三行"',
      "",
      "C1,2026-11-02,complaint,ok",
      "C404,2026-11-02,complaint,unknown customer",
      ",,,",
      'C2,2026-11-03,complaint,"带""引号""的备注"',
      "C2,2026-11-04,complaint", // too few fields
      "",
    ].join("\n");
    const { result } = await importText(store, dir, "events.csv", text, "events");
    const report = reportOf(result);
    expect(report).toMatchObject({ lines: physicalLines(text), rows: 5, inserted: 3, rejected: 2 });
    expect(report.blankLines).toBe(2);
    // header + blank + one line per record + the two extra lines of the quoted note
    expect(1 + report.blankLines + report.rows + 2).toBe(report.lines);
    expect(issues(report)).toEqual([
      [7, "customer_id", "unknown_customer", null],
      [10, null, "field_count", "3/4"],
    ]);
    const notes = store.sql.prepare(`SELECT note FROM Event WHERE note <> '' ORDER BY id`).pluck().all();
    expect(notes.slice(-3)).toEqual(["第一行\n第二行\n第三行", "ok", '带"引号"的备注']);
  });

  it("rejects rows with NUL, ANSI escapes or bidi overrides anywhere, naming line and column, and never prints them", async () => {
    const { store, dir } = await seeded();
    const filler = Array.from(
      { length: 3000 },
      (_, i) => `P${i},客户${i},138${String(i).padStart(8, "0")},M1,2024-01-01`,
    );
    const lines = [
      "customer_id,name,phone,manager_id,join_date",
      ...filler, // 2…3001: > 64 KB before the NUL, past the sniffed sample
      "X1,有\u0000空字符,13900000001,M1,2024-01-01", // 3002
      "X2,\u001b[31m红色\u001b[0m,13900000002,M1,2024-01-01", // 3003
      "X3,evil\u202Egnp.exe,13900000003,M1,2024-01-01", // 3004
      "X4,正常客户,13900000004,M1,2024-01-01", // 3005
    ];
    const text = `${lines.join("\n")}\n`;
    expect(Buffer.byteLength(lines.slice(0, 3001).join("\n"))).toBeGreaterThan(64 * 1024);
    const { result } = await importText(store, dir, "controls.csv", text, "customers");
    const report = reportOf(result);
    expect(report).toMatchObject({ lines: 3005, rows: 3004, inserted: 3001, rejected: 3 });
    expect(issues(report)).toEqual([
      [3002, null, "control_char", "U+0000|3002:5"],
      [3003, null, "control_char", "U+001B|3003:4"],
      [3004, null, "control_char", "U+202E|3004:8"],
    ]);
    expect(formatIssue(report.issues[2]!, "en")).toBe(
      `${join(dir, "controls.csv")}:3004: control character U+202E at line 3004, column 8 is not allowed; the row was not imported`,
    );
    const stored = store.sql
      .prepare(`SELECT name FROM Customer WHERE id LIKE 'X%' ORDER BY id`)
      .pluck()
      .all();
    expect(stored).toEqual(["正常客户"]);
  });

  it("refuses a Latin-1 file that happens to decode as GBK instead of storing mojibake", async () => {
    const { store, dir } = await seeded();
    const before = dumpStore(store);
    // "Müller", "José Ramírez": each accented letter followed by an ASCII letter is a valid GBK pair.
    const latin1 = Buffer.from(
      "customer_id,name,phone,manager_id,join_date\nL1,Müller,13800000051,M1,2024-01-01\nL2,Ramírez,13800000052,M1,2024-01-01\nL3,Gómez,13800000053,M1,2024-01-01\n",
      "latin1",
    );
    const { result } = await importText(store, dir, "latin1.csv", latin1, "customers");
    expect(!result.ok && result.error.code).toBe("encoding");
    if (!result.ok) expect(result.error.detail).toContain("probably Latin-1 or Windows-1252, not GBK");
    expect(dumpStore(store)).toEqual(before);
    // Forcing GBK is the operator's call: then it is read as GBK.
    const forced = await importText(store, dir, "latin1-forced.csv", latin1, "customers", {
      encoding: "gbk",
    });
    expect(forced.result.ok).toBe(true);
  });
});

describe("duplicates in a file written in batches", () => {
  it("rejects each repeated key naming its first line, wherever the batches split, and updates existing rows", async () => {
    const { store, dir } = await seeded();
    const header = "customer_id,date,calls,call_minutes,data_mb,spend";
    await importText(store, dir, "first.csv", `${header}\nC1,2026-11-20,5,30.5,1800,5.6\n`, "usage");
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const lines = [header];
    for (let d = 0; d < 300; d++) lines.push(`C${(d % 3) + 1},${day(d)},1,1,1,1`); // lines 2–301
    lines.push("C1,2026-11-20,9,9,9,9"); // 302: an existing row (helpers' USAGE), changed
    lines.push(`C1,${day(0)},2,2,2,2`); // 303: repeats line 2 (another batch)
    lines.push(`C2,${day(1)},2,2,2,2`); // 304: repeats line 3
    lines.push("C1,2026-11-20,9,9,9,9"); // 305: repeats 302
    const { result } = await importText(store, dir, "dups.csv", `${lines.join("\n")}\n`, "usage", {
      today: "2026-11-23",
    });
    const report = reportOf(result);
    expect(report).toMatchObject({ rows: 304, inserted: 300, updated: 1, unchanged: 0, rejected: 3 });
    expect(issues(report)).toEqual([
      [303, "customer_id", "duplicate_key", "2"],
      [304, "customer_id", "duplicate_key", "3"],
      [305, "customer_id", "duplicate_key", "302"],
    ]);
  });
});
