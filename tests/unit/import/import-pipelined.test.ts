/**
 * The pipelined import (parser thread + writer, src/import/pipelined-import.ts) against the
 * two-phase one: the same file must give the same store (row for row, rowids and the usage-change
 * bookkeeping included) and the same report (counts, every issue with its line, the same limit on
 * them), whatever the batch boundaries; a failure in the parser thread, found after batches were
 * already written, must leave the store exactly as it was.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { importFile } from "../../../src/import/index.js";
import type { ImportKind, ImportOptions, ImportReport } from "../../../src/import/types.js";
import type { Store } from "../../../src/store/database.js";
import { dumpStore, importOk, seedPeople, tempDir, useFreshStores } from "./helpers.js";

const open = useFreshStores();
const TODAY = "2026-11-23";
const INLINE: ImportOptions = { today: TODAY, pipeline: { use: false } };
/** Tiny batches, so the bad rows, duplicates and updates fall in many different batches. */
const PIPELINED: ImportOptions = { today: TODAY, pipeline: { use: true, batchRows: 7 } };

/** Everything an import can change, the usage-change bookkeeping of the daily job included. */
function everything(store: Store) {
  const changes = store.sql.prepare(`SELECT rowid AS _rowid, * FROM "UsageChange" ORDER BY rowid`).all();
  return { ...dumpStore(store), UsageChange: changes };
}

const withoutDuration = ({ durationMs: _, ...report }: ImportReport) => report;

const USAGE_HEADER =
  "customer_id,date,calls,call_minutes,data_mb,spend,competitor_hotline_seconds,forwarded_to_competitor";
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

/** A usage file of good rows for C1–C3 with every kind of bad row mixed in, at varied lines. */
function messyUsage(): string {
  const lines = [USAGE_HEADER];
  for (let i = 0; i < 120; i++) {
    const customer = `C${(i % 3) + 1}`;
    const good = `${customer},${day(i)},${i % 9},${i % 7}.5,${i * 3},${(i % 50) / 10},0,${i % 2}`;
    if (i % 17 === 3)
      lines.push(`${customer},${day(i)},x${i},1,1,1,0,0`); // bad number
    else if (i % 19 === 5)
      lines.push(`C9,${day(i)},1,1,1,1,0,0`); // unknown customer
    else if (i % 23 === 7)
      lines.push(`${customer},2026-02-30,1,1,1,1,0,0`); // no such day
    else if (i % 29 === 11)
      lines.push(`${customer},${day(i)},1,1`); // too few fields
    else if (i % 31 === 13)
      lines.push(""); // blank line
    else if (i % 37 === 17)
      lines.push(`${customer},${day(i)},1,1,1,1,0,\u202E1`); // bidi override
    else if (i % 41 === 19)
      lines.push(`${customer},1900-01-01,1,1,1,1,0,0`); // outside the window
    else if (i % 13 === 9)
      lines.push(lines[lines.length - 5]!); // a duplicate of an earlier line
    else lines.push(good);
  }
  lines.push(`C1,${day(3)},99,1,1,1,0,0`); // the same key as a row imported before: an update
  lines.push(`C2,${day(4)},${4 % 9},${4 % 7}.5,${4 * 3},${(4 % 50) / 10},0,0`); // unchanged
  lines.push(`C3,${day(5)},-1,1,1,1,0,0`); // the last record is a bad one
  return `${lines.join("\n")}\n`;
}

/** Two stores seeded alike, with some usage already in, and the file written once. */
async function twoStores(name: string, content: string | Buffer) {
  const dir = tempDir();
  const stores = [open(), open()];
  const earlier = join(dir, "earlier.csv");
  writeFileSync(earlier, `${USAGE_HEADER}\nC1,${day(3)},1,1,1,1,0,0\nC2,${day(4)},4,4.5,12,0.4,0,0\n`);
  for (const store of stores) {
    await seedPeople(store, dir);
    await importOk(store, earlier, "usage", INLINE);
  }
  const path = join(dir, name);
  writeFileSync(path, content);
  return { inline: stores[0]!, pipelined: stores[1]!, path };
}

async function sameAsInline(
  kind: ImportKind,
  name: string,
  content: string | Buffer,
  options: ImportOptions = {},
) {
  const { inline, pipelined, path } = await twoStores(name, content);
  const a = await importFile(inline, path, kind, { ...INLINE, ...options });
  const b = await importFile(pipelined, path, kind, { ...PIPELINED, ...options });
  if (a.ok && b.ok) expect(withoutDuration(b.value)).toEqual(withoutDuration(a.value));
  else expect(b).toEqual(a);
  expect(everything(pipelined)).toEqual(everything(inline));
  return a;
}

describe("pipelined import = two-phase import", () => {
  it("usage with bad rows in many batches: same store, same report, row for row", async () => {
    const result = await sameAsInline("usage", "messy.csv", messyUsage());
    if (!result.ok) throw new Error(result.error.message);
    const report = result.value;
    // The file really has every kind of row (so the comparison means something).
    const codes = new Set(report.issues.map((i) => i.code));
    for (const code of [
      "bad_number",
      "unknown_customer",
      "bad_date",
      "field_count",
      "control_char",
      "date_out_of_window",
      "duplicate_key",
    ])
      expect(codes, code).toContain(code);
    expect(report.updated).toBe(1);
    expect(report.unchanged).toBe(1);
    expect(report.blankLines).toBeGreaterThan(0);
    expect(report.rows + report.blankLines + 1).toBe(report.lines);
    expect(report.inserted + report.updated + report.unchanged + report.rejected).toBe(report.rows);
  });

  it("keeps the same issues when there are more than the report keeps", async () => {
    const result = await sameAsInline("usage", "messy.csv", messyUsage(), { maxIssues: 5 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.issues).toHaveLength(5);
    expect(result.value.issuesOmitted).toBeGreaterThan(5);
  });

  it("bills and events, quoted notes with line breaks included", async () => {
    const bills = ["customer_id,month,amount,due_date,paid_date"];
    for (let m = 1; m <= 12; m++)
      bills.push(`C${(m % 3) + 1},2026-${String(m).padStart(2, "0")},1${m}.5,2026-11-15,`);
    bills.push("C1,2026-13,1,2026-11-15,", "C9,2026-01,1,2026-11-15,", "C2,2026-02,5,2026-11-15,2026-11-20");
    await sameAsInline("bills", "bills.csv", `${bills.join("\n")}\n`);
    const events = ["customer_id,date,type,note"];
    for (let i = 0; i < 30; i++)
      events.push(`C${(i % 3) + 1},${day(i)},competitor_offer,"第${i}次
      报价, 有""引号"""`);
    events.push(
      `C1,${day(1)},no_such_type,x`,
      `C1,${day(2)},competitor_offer,"第2次
      报价, 有""引号"""`,
    );
    await sameAsInline("events", "events.csv", `${events.join("\n")}\n`);
  });

  it("a GBK file that starts in plain ASCII: the parser's encoding error makes both read it as GBK", async () => {
    const rows = ["customer_id,date,type,note"];
    for (let i = 0; rows.join("\n").length < 80_000; i++)
      rows.push(`C1,${day(i % 300)},competitor_offer,note ${i}`);
    rows.push(`C2,${day(1)},portability_inquiry,咨询携号转网`);
    const result = await sameAsInline("events", "gbk.csv", iconv.encode(`${rows.join("\r\n")}\r\n`, "gbk"));
    expect(result.ok && result.value.encoding).toBe("gbk");
  });

  it("refusals: missing columns, an unclosed quote at the end, bad bytes late in the file", async () => {
    const missing = await sameAsInline("usage", "missing.csv", "customer_id,calls\nC1,1\n");
    expect(missing).toMatchObject({ ok: false, error: { code: "missing_columns" } });
    const good = messyUsage();
    const unclosed = await sameAsInline("usage", "unclosed.csv", `${good}C1,${day(200)},"1,1,1,1,0,0\n`);
    expect(unclosed).toMatchObject({ ok: false, error: { code: "malformed" } });
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0xc3, 0x28]), Buffer.from(",1\n")]);
    const bad = await sameAsInline("usage", "bad-bytes.csv", bytes, { encoding: "utf8" });
    expect(bad).toMatchObject({ ok: false, error: { code: "encoding" } });
  });
});

describe("a failing parser thread", () => {
  it("fails the import cleanly after batches were written: the store is unchanged", async () => {
    const { pipelined: store, path } = await twoStores("messy.csv", messyUsage());
    const before = everything(store);
    const result = await importFile(store, path, "usage", {
      today: TODAY,
      pipeline: { use: true, batchRows: 7, failAfterRows: 100 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("write_failed");
      expect(result.error.detail).toMatch(/parser thread failed: injected parser failure at line \d+/);
    }
    expect(everything(store)).toEqual(before);
    expect(store.sql.inTransaction).toBe(false);
    expect(store.sql.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.sql.pragma("temp_store", { simple: true })).toBe(0); // the bulk pragmas are restored
    // …and the store takes the same file afterwards.
    const again = await importFile(store, path, "usage", PIPELINED);
    expect(again.ok && again.value.inserted).toBeGreaterThan(50);
  });
});
