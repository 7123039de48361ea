/**
 * Under a database collation other than C, PostgreSQL still orders customer ids as SQLite does (by
 * bytes). The test cluster is C.UTF-8, where any order agrees; here the copy of a demo store goes
 * into a database created with ICU's en-US collation (or a libc en_US locale), which sorts
 * "c-0000001" < "c0000001" < "C0000001" where bytes give "C0000001" < "c-0000001" < "c0000001".
 * Twins of some customers (the same rows under such ids) give ties of priority that only the id
 * breaks. The churn features' customers (the learner's row order), the daily job's rows written
 * page by page, and every `/risk` page must be SQLite's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { churnFeaturesAsOf } from "../../../src/services/churn/features.js";
import { churnFeaturesOn } from "../../../src/services/churn/features-on-handle.js";
import { materialiseDayOn } from "../../../src/services/warnings/day-on-handle.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { riskPage } from "../../../src/services/warnings/risk-page.js";
import type { Store } from "../../../src/store/database.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { demoOnBothStores } from "../../setup/demo-on-both-stores.js";
import { testPostgresUrl, withPostgresClient } from "../../setup/postgres.js";

const D = "2026-06-30";

/** How to create a database whose collation is not C: ICU's en-US, else libc's en_US (null: neither). */
async function nonCLocale(url: string): Promise<string | null> {
  return withPostgresClient(url, async (client) => {
    const { rows } = await client.query<{ icu: boolean; libc: string | null }>(
      `SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') AS icu,
        (SELECT collcollate FROM pg_collation WHERE collprovider = 'c' AND collname ILIKE 'en_US.utf%8' LIMIT 1) AS libc`,
    );
    const { icu, libc } = rows[0]!;
    if (icu) return `TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`;
    return libc ? `TEMPLATE template0 LOCALE '${libc}'` : null;
  });
}

const createWith = testPostgresUrl ? await nonCLocale(testPostgresUrl) : null;
if (testPostgresUrl && !createWith)
  console.warn("Collation test skipped: the server has neither ICU nor an en_US libc locale.");

/** Ids that en-US and bytes order differently: lower case, a hyphen, an underscore. */
const twinIds = (id: string) => [id.toLowerCase(), `c-${id.slice(1)}`, `C_${id.slice(1)}`];

/** Copies every row of the first `n` customers (usage, bills, events) under each of their twin ids. */
function addTwins(sqlite: Store, n: number): void {
  const clone = (table: string, key: string) => {
    const columns = (
      sqlite.sql.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[]
    )
      .filter((c) => !(c.name === "id" && key !== "id"))
      .map((c) => `"${c.name}"`);
    const values = columns.map((c) => (c === `"${key}"` ? "?" : c));
    return sqlite.sql.prepare(
      `INSERT INTO "${table}" (${columns.join(", ")}) SELECT ${values.join(", ")} FROM "${table}" WHERE "${key}" = ?`,
    );
  };
  const copies = [
    clone("Customer", "id"),
    ...["DailyUsage", "Bill", "Event"].map((t) => clone(t, "customerId")),
  ];
  const ids = sqlite.sql
    .prepare(`SELECT "id" FROM "Customer" ORDER BY "id" LIMIT ?`)
    .pluck()
    .all(n) as string[];
  sqlite.sql.transaction(() => {
    for (const id of ids) for (const twin of twinIds(id)) for (const copy of copies) copy.run(twin, id);
  })();
}

/** A day's Warning and WarningRank rows, in byte order of the ids (sorted here, not by the store). */
async function dayRows(db: SqlHandle, day: string) {
  const key = (r: Record<string, unknown>) => `${r.customerId}\u0000${r.code ?? ""}`;
  const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  const warnings = await db.all<Record<string, unknown>>(
    `SELECT "customerId", "code", "level", "evidence", "stage" FROM "Warning" WHERE "day" = ?`,
    [day],
  );
  const ranks = await db.all<Record<string, unknown>>(
    `SELECT "customerId", "managerId", "priority", "rulesPriority" FROM "WarningRank" WHERE "day" = ?`,
    [day],
  );
  return {
    warnings: warnings.sort(byKey),
    ranks: ranks
      .map((r) => ({ ...r, priority: Number(r.priority), rulesPriority: Number(r.rulesPriority) }))
      .sort(byKey),
  };
}

describe.skipIf(!createWith)("customer ids in SQLite's order under a non-C database collation", () => {
  const both = demoOnBothStores(
    { seed: 13, asOf: D, customers: 300, days: 150 },
    {
      beforeCopy: (sqlite) => addTwins(sqlite, 60),
      createWith: createWith ?? undefined,
      timeoutMs: 180_000,
    },
  );
  beforeAll(async () => {
    materialiseWarnings(both.sqlite.sql, D, config);
    // Small pages: the job cuts the customers at many ids.
    await materialiseDayOn(both.pg.db, D, config, { pageSize: 37, chunkSize: 11 });
  }, 60_000);

  it("the database's own order is not SQLite's (else nothing below is shown)", async () => {
    const ids = ["C0000001", ...twinIds("C0000001")];
    const sorted = await both.pg.db.all<{ id: string }>(
      `SELECT "id" FROM "Customer" WHERE "id" IN ('${ids.join("','")}') ORDER BY "id"`,
    );
    const bytes = both.sqlite.sql
      .prepare(`SELECT "id" FROM "Customer" WHERE "id" IN ('${ids.join("','")}') ORDER BY "id"`)
      .pluck()
      .all();
    expect(bytes).toEqual(["C0000001", "C_0000001", "c-0000001", "c0000001"]);
    expect(sorted.map((r) => r.id)).not.toEqual(bytes);
  });

  it("reads the churn features' customers in SQLite's order (the learner samples rows by it)", async () => {
    for (const day of [addDays(D, -30), D]) {
      const expected = churnFeaturesAsOf(both.sqlite.sql, day, "rows");
      const actual = await churnFeaturesOn(both.pg.db, day);
      expect(actual.customerIds).toEqual(expected.customerIds);
      for (const [f, column] of expected.columns.entries())
        expect([...actual.columns[f]!]).toEqual([...column]);
    }
  }, 60_000);

  it("writes the day's rows page by page as SQLite's job does", async () => {
    const expected = await dayRows(both.sqlite.db, D);
    expect(expected.ranks.length).toBeGreaterThan(50);
    expect(await dayRows(both.pg.db, D)).toEqual(expected);
  }, 60_000);

  it("cuts every /risk page where SQLite does, ties of priority broken by the id's bytes", async () => {
    const deps = (db: SqlHandle) => ({
      db,
      config,
      now: new Date(`${D}T02:00:00Z`),
      timeZone: "Asia/Shanghai",
    });
    // The manager with the most twins ranked: their priorities tie with the original's.
    const manager = both.sqlite.sql
      .prepare(
        `SELECT "managerId" FROM "WarningRank" WHERE "day" = ? AND "customerId" LIKE 'c-%'
         GROUP BY "managerId" ORDER BY COUNT(*) DESC, "managerId" LIMIT 1`,
      )
      .pluck()
      .get(D) as string;
    const pages = async (db: SqlHandle) => {
      const ids: string[][] = [];
      for (let offset = 0; ; offset += 4) {
        const page = await riskPage(deps(db), [manager], D, { limit: 4, offset, includeDoNotChase: true });
        if (page.entries.length === 0) return ids;
        ids.push(page.entries.map((e) => e.customer.id));
      }
    };
    const expected = await pages(both.sqlite.db);
    expect(expected.flat().filter((id) => id.startsWith("c-")).length).toBeGreaterThan(0);
    expect(await pages(both.pg.db)).toEqual(expected);
  }, 60_000);
});
