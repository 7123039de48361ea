import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { demoContentHash } from "../../setup/demo-tables.js";
import { createTestApp } from "../../setup/test-app.js";

const AS_OF = "2026-11-23";
const opened: App[] = [];

async function loaded(options: { seed?: number; asOf?: string; customers?: number; days?: number } = {}) {
  const app = createTestApp();
  opened.push(app);
  const summary = await loadDemo(app.store, { seed: 7, asOf: AS_OF, customers: 250, days: 60, ...options });
  return { db: app.store.sql, summary };
}

afterEach(async () => {
  for (const app of opened.splice(0)) await app.store.close();
});

describe("loadDemo determinism", () => {
  it("writes identical tables for the same seed and as-of day", async () => {
    const a = await loaded();
    const b = await loaded();
    expect(demoContentHash(a.db)).toBe(demoContentHash(b.db));
    expect(a.summary).toEqual(b.summary);
  });

  it("writes different tables for another seed or another as-of day", async () => {
    const base = demoContentHash((await loaded()).db);
    expect(demoContentHash((await loaded({ seed: 8 })).db)).not.toBe(base);
    expect(demoContentHash((await loaded({ asOf: "2026-11-24" })).db)).not.toBe(base);
  });

  it("gives the first customers the same rows however many follow (streaming does not change them)", async () => {
    const small = await loaded({ customers: 1000, days: 20 });
    const large = await loaded({ customers: 1300, days: 20 });
    const first1000 = {
      Customer: `"id" <= 'C0001000'`,
      DailyUsage: `"customerId" <= 'C0001000'`,
      Bill: `"customerId" <= 'C0001000'`,
      Event: `"customerId" <= 'C0001000'`,
      Outcome: `"customerId" <= 'C0001000'`,
    };
    expect(demoContentHash(large.db, first1000)).toBe(demoContentHash(small.db, first1000));
  });

  it("writes `days` days of usage ending on the as-of day", async () => {
    const { db, summary } = await loaded({ customers: 100, days: 14 });
    const range = db.prepare(`SELECT MIN("date") AS first, MAX("date") AS last FROM "DailyUsage"`).get();
    expect(range).toEqual({ first: "2026-11-10", last: AS_OF });
    expect(summary.days).toBe(14);
  });

  it("leaves the schema as the migrations made it after a big load (the deferred index is rebuilt)", async () => {
    const app = createTestApp();
    opened.push(app);
    const schema = () => app.store.sql.prepare(`SELECT name, sql FROM sqlite_master ORDER BY name`).all();
    const before = schema();
    expect(before).toContainEqual(expect.objectContaining({ name: "DailyUsage_date_idx" }));
    await loadDemo(app.store, { seed: 1, asOf: AS_OF, customers: 50, days: 10, deferIndexes: true });
    expect(schema()).toEqual(before);
  });

  it("rejects options it cannot honour", async () => {
    const app = createTestApp();
    opened.push(app);
    const base = { seed: 1, asOf: AS_OF, customers: 10 };
    await expect(loadDemo(app.store, { ...base, asOf: "2026-13-01" })).rejects.toThrow(/asOf/);
    await expect(loadDemo(app.store, { ...base, customers: 0 })).rejects.toThrow(/customers/);
    await expect(loadDemo(app.store, { ...base, days: 0 })).rejects.toThrow(/days/);
  });
});
