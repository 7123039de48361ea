import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importFile } from "../../../src/import/index.js";
import type { Store } from "../../../src/store/database.js";
import { dumpStore, importOk, seedPeople, tempDir, useFreshStores } from "./helpers.js";

const open = useFreshStores();

/** A usage CSV of `rows` rows for customers C1 and C2 on consecutive days from 2000-01-01. */
async function writeUsage(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("customer_id,date,calls,call_minutes,data_mb,spend\n");
  const start = Date.UTC(2000, 0, 1);
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + Math.floor(i / 2) * 86_400_000).toISOString().slice(0, 10);
    out.write(`C${(i % 2) + 1},${day},${i % 9},${i % 7}.5,${i % 100},${(i % 50) / 10}\n`);
  }
  await new Promise((resolve) => out.end(resolve));
}

/** The generated days run to 2082: put "today" in their middle with a wide window. */
const WIDE = { today: "2041-01-01", datePastYears: 50, dateFutureYears: 50 } as const;

const indexes = (store: Store) =>
  store.sql.prepare(`SELECT name, sql FROM sqlite_master WHERE tbl_name = 'DailyUsage' ORDER BY name`).all();

describe("one transaction per file", () => {
  it("a database failure midway leaves the store exactly as it was", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    await writeUsage(join(dir, "first.csv"), 10);
    await importOk(store, join(dir, "first.csv"), "usage");
    const before = dumpStore(store);
    const indexesBefore = indexes(store);
    // A real SQLite error on row 30,001 of 60,000: everything written before it must be rolled back.
    store.sql.exec(`CREATE TRIGGER fail_midway BEFORE INSERT ON DailyUsage WHEN NEW.date = '2041-01-25'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const path = join(dir, "big.csv");
    await writeUsage(path, 60_000); // large enough for the bulk path (indexes rebuilt at the end)
    const result = await importFile(store, path, "usage", WIDE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: "write_failed", detail: "injected failure" });
    store.sql.exec(`DROP TRIGGER fail_midway`);
    expect(dumpStore(store)).toEqual(before);
    expect(indexes(store)).toEqual(indexesBefore);
    expect(store.sql.inTransaction).toBe(false);
    expect(store.sql.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("the bulk path keeps the table's indexes and reports progress", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const indexesBefore = indexes(store);
    const path = join(dir, "big.csv");
    await writeUsage(path, 60_000);
    const progress: number[] = [];
    const report = await importOk(store, path, "usage", {
      ...WIDE,
      progressEvery: 25_000,
      onProgress: (p) => progress.push(p.rows),
    });
    expect(report).toMatchObject({ rows: 60_000, inserted: 60_000, rejected: 0 });
    expect(progress).toEqual([25_000, 50_000, 60_000]);
    expect(indexes(store)).toEqual(indexesBefore);
    expect(store.sql.prepare(`PRAGMA integrity_check`).pluck().get()).toBe("ok");
    const again = await importOk(store, path, "usage", WIDE);
    expect(again).toMatchObject({ inserted: 0, unchanged: 60_000 });
  }, 60_000); // two 60,000-row imports: over 20 s on a loaded machine
});
