/**
 * The bench's bulk loader (bench/postgres-bulk-load.ts) gives what the plain copy gives: the same
 * DailyUsage rows (doubles to the bit, flags, every column) and every other table's, and the same
 * indexes and constraints (the keys it drops and rebuilds come back as the migrations made them).
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkLoadSqliteStore, schemaShape } from "../../../bench/postgres-bulk-load.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { openStore } from "../../../src/store/database.js";
import { copySqliteToPostgres } from "../../../src/store/postgres/copy-sqlite-to-postgres.js";
import {
  describePostgres,
  type ScratchDatabase,
  scratchPostgres,
  withPostgresClient,
} from "../../setup/postgres.js";
import { createTestDb } from "../../setup/test-app.js";

const hasShell = (() => {
  try {
    execFileSync("sqlite3", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const USAGE_ROWS = `SELECT "customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds",
  "forwardedToCompetitor" FROM "DailyUsage" ORDER BY "customerId", "date"`;

(hasShell ? describePostgres : describe.skip)("the bench's bulk loader", () => {
  let plain: ScratchDatabase;
  let bulk: ScratchDatabase;
  let path: string;

  beforeAll(async () => {
    const source = createTestDb();
    path = source.path;
    const store = openStore(source.url);
    await loadDemo(store, { seed: 11, asOf: "2026-06-30", customers: 120, days: 75 });
    // A double that 15 significant digits would not give back.
    store.sql.exec(`UPDATE "DailyUsage" SET "spend" = 0.1 + 0.2 WHERE rowid = 1`);
    await store.close();
    plain = await scratchPostgres({ migrated: true });
    bulk = await scratchPostgres({ migrated: true });
    const copied = await copySqliteToPostgres(path, plain.url);
    if (!copied.ok) throw new Error(copied.error.message);
  }, 120_000);
  afterAll(async () => {
    await plain?.drop();
    await bulk?.drop();
  });

  it("loads the rows and rebuilds the schema the plain copy has", async () => {
    const loaded = await bulkLoadSqliteStore(path, bulk.url, [], { streams: 3 });
    const read = (url: string) =>
      withPostgresClient(url, async (client) => ({
        usage: (await client.query(USAGE_ROWS)).rows,
        customers: (await client.query(`SELECT * FROM "Customer" ORDER BY "id"`)).rows,
        bills: (await client.query(`SELECT * FROM "Bill" ORDER BY "customerId", "month"`)).rows,
        schema: await schemaShape(client),
      }));
    const [there, here] = [await read(bulk.url), await read(plain.url)];
    expect(there.usage.length).toBeGreaterThan(5_000);
    expect(there.usage.some((r) => r.spend === 0.1 + 0.2)).toBe(true);
    expect(there.usage).toEqual(here.usage);
    expect(there.customers).toEqual(here.customers);
    expect(there.bills).toEqual(here.bills);
    expect(there.schema).toEqual(here.schema);
    expect(there.schema.some((line) => line.includes("DailyUsage_pkey"))).toBe(true);
    expect(loaded.rows).toBeGreaterThan(there.usage.length);
  }, 120_000);
});
