/**
 * The PostgreSQL daily job's kept usage aggregates (decision 022): one generated store copied into
 * two PostgreSQL databases and kept in SQLite; for a month, the same late, corrected and deleted
 * usage rows, a join date moved and a customer leaving and coming back are written into all three
 * between the days. One database runs the job incrementally (the aggregates moved in SQL), the
 * other rebuilds every day, SQLite runs its own job: the `Warning`, `WarningRank` and
 * `UsageAggregate` rows must agree field for field every day. Then: a run killed midway leaves the
 * aggregates and their state as they were and the next completes; a write racing the run's start
 * is neither lost nor counted twice.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { importFileToPostgres } from "../../../src/import/index.js";
import { materialiseDayOn } from "../../../src/services/warnings/day-on-handle.js";
import { materialiseWarnings } from "../../../src/services/warnings/materialise.js";
import { openStore, type Store } from "../../../src/store/database.js";
import { openPostgresStore, type PostgresStore } from "../../../src/store/postgres/open-postgres.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { clearAggregates } from "../../../src/store/usage-aggregates-postgres.js";
import { dayRanks } from "../../setup/day-ranks.js";
import { describePostgres, type ScratchDatabase } from "../../setup/postgres.js";
import { postgresCopyOf } from "../../setup/postgres-copy.js";
import { createTestDb } from "../../setup/test-app.js";

/** The demo's last usage day; the month runs from START to it. */
const LAST = "2026-06-30";
const START = "2026-06-01";

async function dayRows(db: SqlHandle, day: string) {
  const warnings = await db.all(
    `SELECT "customerId", "code", "level", "evidence", "stage", "doNotChase" FROM "Warning" WHERE "day" = ?
     ORDER BY "customerId", "code"`,
    [day],
  );
  return { warnings, ranks: await dayRanks(db, day) };
}

/** Every stored aggregate, field for field. */
const aggregates = (db: SqlHandle) => db.all(`SELECT * FROM "UsageAggregate" ORDER BY "customerId"`);
const state = (db: SqlHandle) =>
  db.get<{ asOf: string; runId: number }>(`SELECT "asOf", "runId" FROM "UsageAggregateState" WHERE "id" = 1`);

interface Stores {
  sqlite: Store;
  /** Runs incrementally (the aggregates moved), and rebuilds every day. */
  moved: PostgresStore;
  rebuilt: PostgresStore;
}

/** Customers of the store, in id order (a few are picked by index for the changes). */
let ids: string[] = [];

/**
 * The changes written between day P and the next run, the same on every store: a corrected row
 * dated up to P (spend, calls, a hotline day and forwarding added), a deleted one, a late row
 * (deleted before the month and written back now), a join date moved, a customer leaving and one
 * coming back.
 */
async function changesAfter(db: SqlHandle, p: string, step: number, late: LateRow[]) {
  const pick = (k: number) => ids[(step * 7 + k * 13) % ids.length]!;
  await db.run(
    `UPDATE "DailyUsage" SET "spend" = "spend" + 3.17, "dataMb" = "dataMb" * 0.5, "calls" = 0 WHERE "customerId" = ? AND "date" = ?`,
    [pick(1), addDays(p, -5)],
  );
  await db.run(
    `UPDATE "DailyUsage" SET "competitorHotlineSeconds" = 900, "forwardedToCompetitor" = ? WHERE "customerId" = ? AND "date" = ?`,
    [true, pick(2), addDays(p, -2)],
  );
  await db.run(`DELETE FROM "DailyUsage" WHERE "customerId" = ? AND "date" = ?`, [pick(3), addDays(p, -10)]);
  // A row of the day being moved out of the history window is corrected too.
  await db.run(`UPDATE "DailyUsage" SET "spend" = 0 WHERE "customerId" = ? AND "date" = ?`, [
    pick(4),
    addDays(p, -119),
  ]);
  for (const row of late.filter((r) => r.step === step))
    await db.run(
      `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.customerId,
        row.date,
        row.calls,
        row.callMinutes,
        row.dataMb,
        row.spend,
        row.seconds,
        row.forwarded,
      ],
    );
  if (step === 3)
    await db.run(`UPDATE "Customer" SET "joinDate" = ? WHERE "id" = ?`, [addDays(p, -20), pick(5)]);
  if (step === 4) await db.run(`UPDATE "Customer" SET "status" = 'left' WHERE "id" = ?`, [ids[11]!]);
  if (step === 8) await db.run(`UPDATE "Customer" SET "status" = 'active' WHERE "id" = ?`, [ids[11]!]);
}

interface LateRow {
  step: number;
  customerId: string;
  date: string;
  calls: number;
  callMinutes: number;
  dataMb: number;
  spend: number;
  seconds: number;
  forwarded: boolean;
}

describePostgres("the PostgreSQL daily job's kept usage aggregates", () => {
  const s = {} as Stores;
  const databases: ScratchDatabase[] = [];
  const late: LateRow[] = [];

  beforeAll(async () => {
    const source = createTestDb();
    const sqlite = openStore(source.url);
    await loadDemo(sqlite, { seed: 11, asOf: LAST, customers: 240, days: 150 });
    ids = sqlite.sql
      .prepare(`SELECT "id" FROM "Customer" WHERE "status" != 'left' ORDER BY "id"`)
      .pluck()
      .all() as string[];
    // Rows that will arrive late: one customer's rows around each step's day, taken out before the month.
    const rows = sqlite.sql
      .prepare(
        `SELECT "customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds" AS "seconds",
           "forwardedToCompetitor" AS "forwarded" FROM "DailyUsage" WHERE "customerId" = ? AND "date" BETWEEN ? AND ?`,
      )
      .all(ids[5], addDays(START, -3), addDays(LAST, -3)) as Omit<LateRow, "step">[];
    for (const r of rows) {
      const step = Math.floor((r.date < START ? 0 : Number(r.date.slice(8)) + 2) / 3);
      if (step >= 1) late.push({ ...r, forwarded: Boolean(r.forwarded), step });
    }
    sqlite.sql
      .prepare(`DELETE FROM "DailyUsage" WHERE "customerId" = ? AND "date" BETWEEN ? AND ?`)
      .run(ids[5], addDays(START, -3), addDays(LAST, -3));
    // Hotline days and forwarding for a few customers, so the lists move in and out of their windows.
    sqlite.sql
      .prepare(
        `UPDATE "DailyUsage" SET "competitorHotlineSeconds" = 700, "forwardedToCompetitor" = 1
         WHERE "customerId" IN (?, ?, ?) AND CAST(substr("date", 9, 2) AS INTEGER) % 4 = 0`,
      )
      .run(ids[20], ids[21], ids[22]);
    s.sqlite = sqlite;
    for (const name of ["moved", "rebuilt"] as const) {
      const database = await postgresCopyOf(source.path);
      databases.push(database);
      s[name] = openPostgresStore(database.url, { poolSize: 4, statementTimeoutMs: 60_000 });
    }
  }, 300_000);
  afterAll(async () => {
    await s.moved?.close();
    await s.rebuilt?.close();
    await s.sqlite?.close();
    for (const d of databases) await d.drop();
  });

  it("an incremental day equals a rebuild and SQLite's job, field for field, through a month of late, corrected and deleted rows", async () => {
    // Days with gaps of one, two and three days.
    const days = [START];
    for (let d = START; d < LAST; ) {
      d = addDays(d, days.length % 5 === 0 ? 3 : days.length % 3 === 0 ? 2 : 1);
      days.push(d < LAST ? d : LAST);
      d = days.at(-1)!;
    }
    const modes: string[] = [];
    let recomputed = 0;
    // Aggregates with no row on the moved days (the late customer's missing days): cut and moved apart.
    let unmoved = 0;
    for (const [step, day] of days.entries()) {
      if (step > 0)
        for (const db of [s.sqlite.db, s.moved.db, s.rebuilt.db])
          await changesAfter(db, days[step - 1]!, step, late);
      const moved = await materialiseDayOn(s.moved.db, day, config, { pageSize: 37 });
      const rebuilt = await materialiseDayOn(s.rebuilt.db, day, config, { pageSize: 53, rebuild: true });
      materialiseWarnings(s.sqlite.sql, day, config);
      modes.push(moved.aggregates.mode);
      if (moved.aggregates.mode === "incremental") {
        recomputed += moved.aggregates.recomputed;
        unmoved += moved.aggregates.unmoved;
      }
      expect(rebuilt.aggregates.mode).toBe("full");
      const expected = await dayRows(s.rebuilt.db, day);
      expect(await dayRows(s.moved.db, day), day).toEqual(expected);
      expect(await aggregates(s.moved.db), day).toEqual(await aggregates(s.rebuilt.db));
      expect(await dayRows(s.sqlite.db, day), day).toEqual(expected);
    }
    expect(modes).toEqual(["full", ...days.slice(1).map(() => "incremental")]);
    // The changes reached the recompute (late, corrected, deleted rows, the join date, the return).
    expect(recomputed).toBeGreaterThanOrEqual(days.length * 3);
    expect(unmoved).toBeGreaterThan(0);
    // Nothing above agreed by being empty: lists in and out of their windows, warnings of every kind.
    const kept = await aggregates(s.moved.db);
    expect(kept.some((a) => (a as { hotlineDays: string | null }).hotlineDays !== null)).toBe(true);
    expect(kept.some((a) => (a as { forwardedDays: string | null }).forwardedDays !== null)).toBe(true);
    expect((await dayRows(s.moved.db, LAST)).warnings.length).toBeGreaterThan(20);
  }, 300_000);

  it("a run killed midway leaves the aggregates, their state and the changes to handle; the next run completes", async () => {
    const day = addDays(LAST, 1);
    // A correction waiting to be handled by the next run.
    for (const db of [s.moved.db, s.rebuilt.db])
      await db.run(`UPDATE "DailyUsage" SET "spend" = "spend" + 1 WHERE "customerId" = ? AND "date" = ?`, [
        ids[30]!,
        addDays(LAST, -4),
      ]);
    const before = { aggregates: await aggregates(s.moved.db), state: await state(s.moved.db) };
    const changes = await s.moved.db.all(`SELECT "customerId" FROM "UsageChange" ORDER BY "seq"`);
    expect(changes).toEqual([{ customerId: ids[30] }]);
    await expect(
      materialiseDayOn(s.moved.db, day, config, {
        pageSize: 37,
        onPage: (done) => {
          if (done >= 74) throw new Error("killed midway");
        },
      }),
    ).rejects.toThrow("killed midway");
    expect(await aggregates(s.moved.db)).toEqual(before.aggregates);
    expect(await state(s.moved.db)).toEqual(before.state);
    expect(await s.moved.db.all(`SELECT "customerId" FROM "UsageChange" ORDER BY "seq"`)).toEqual(changes);
    const next = await materialiseDayOn(s.moved.db, day, config, { pageSize: 37 });
    expect(next.aggregates).toMatchObject({ mode: "incremental", from: LAST, recomputed: 1 });
    await materialiseDayOn(s.rebuilt.db, day, config, { rebuild: true });
    expect(await aggregates(s.moved.db)).toEqual(await aggregates(s.rebuilt.db));
    expect(await dayRows(s.moved.db, day)).toEqual(await dayRows(s.rebuilt.db, day));
    expect(await s.moved.db.all(`SELECT "customerId" FROM "UsageChange"`)).toEqual([]);
  }, 120_000);

  it("a row written while a run starts is counted once: waited for before the snapshot, or named for the next run", async () => {
    const p = addDays(LAST, 1);
    const d = addDays(LAST, 2);
    const next = addDays(LAST, 3);
    const row = (customerId: string, date: string, spend: number) => [
      customerId,
      date,
      2,
      3.5,
      120.25,
      spend,
      0,
      false,
    ];
    const insert = `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    // The days after the demo's last have no rows: give every current customer one (a day's import).
    for (const db of [s.moved.db, s.rebuilt.db])
      for (const date of [d, next])
        await db.run(
          `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "callMinutes", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor")
           SELECT "id", ?, 1, 1, 10, 1.5, 0, ? FROM "Customer" WHERE "status" != 'left' AND "id" NOT IN (?, ?)`,
          [date, false, ids[40]!, ids[41]!],
        );
    const writer = new pg.Client({ connectionString: databases[0]!.url });
    await writer.connect();
    try {
      // (1) A writer that read the aggregates' day P before the run recorded D commits only after
      // the run started: the run waits for it, so its row dated D is in the run's snapshot.
      await writer.query("BEGIN");
      await writer.query(insert, row(ids[40]!, d, 41.5));
      let done = false;
      // (2) A row dated D committed after the run's snapshot (while it judges its first page):
      // named in UsageChange (the run's day counts), recomputed by the next run.
      let second: Promise<unknown> | null = null;
      const run = materialiseDayOn(s.moved.db, d, config, {
        pageSize: 37,
        onPage: () => {
          second ??= s.moved.db.run(insert.replace(/\$\d/g, "?"), row(ids[41]!, d, 77.25));
        },
      }).finally(() => {
        done = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      await writer.query("COMMIT");
      const stats = await run;
      await second;
      expect(stats.aggregates).toMatchObject({ mode: "incremental", from: p });
    } finally {
      await writer.end();
    }
    for (const [customerId, spend] of [
      [ids[40]!, 41.5],
      [ids[41]!, 77.25],
    ] as const)
      await s.rebuilt.db.run(insert.replace(/\$\d/g, "?"), row(customerId, d, spend));
    // D as the run saw it: the first row counted, the second not yet.
    const seen = await s.moved.db.get<{ recentSpendFen: number }>(
      `SELECT "recentSpendFen" FROM "UsageAggregate" WHERE "customerId" = ?`,
      [ids[40]!],
    );
    await materialiseDayOn(s.rebuilt.db, d, config, { rebuild: true });
    expect(seen).toEqual(
      await s.rebuilt.db.get(`SELECT "recentSpendFen" FROM "UsageAggregate" WHERE "customerId" = ?`, [
        ids[40]!,
      ]),
    );
    expect(await s.moved.db.all(`SELECT DISTINCT "customerId" FROM "UsageChange"`)).toEqual([
      { customerId: ids[41] },
    ]);
    // The next day recomputes the second customer: equal to a rebuild, the late row counted once.
    const after = await materialiseDayOn(s.moved.db, next, config, { pageSize: 37 });
    expect(after.aggregates).toMatchObject({ mode: "incremental", from: d, recomputed: 1 });
    await materialiseDayOn(s.rebuilt.db, next, config, { rebuild: true });
    expect(await aggregates(s.moved.db)).toEqual(await aggregates(s.rebuilt.db));
    expect(await dayRows(s.moved.db, next)).toEqual(await dayRows(s.rebuilt.db, next));
  }, 120_000);

  it("a full run emptying the aggregates does not hold up a writer naming a customer in UsageChange", async () => {
    const day = (await state(s.moved.db))!.asOf;
    const writer = new pg.Client({ connectionString: databases[0]!.url, statement_timeout: 3_000 });
    await writer.connect();
    try {
      await s.moved.db
        .transaction(async (tx) => {
          await clearAggregates(tx);
          // A corrected row dated up to the aggregates' day, on another connection, while the run is open.
          const written = await writer.query(
            `UPDATE "DailyUsage" SET "spend" = "spend" + 1 WHERE "customerId" = $1 AND "date" = $2`,
            [ids[50]!, addDays(day, -3)],
          );
          expect(written.rowCount).toBe(1);
          throw new Error("rolled back");
        })
        .catch((error: Error) => expect(error.message).toBe("rolled back"));
    } finally {
      await writer.end();
    }
    expect(await s.moved.db.all(`SELECT DISTINCT "customerId" FROM "UsageChange"`)).toContainEqual({
      customerId: ids[50],
    });
    // The same correction on the database rebuilt every day, for the next test's comparison.
    await s.rebuilt.db.run(
      `UPDATE "DailyUsage" SET "spend" = "spend" + 1 WHERE "customerId" = ? AND "date" = ?`,
      [ids[50]!, addDays(day, -3)],
    );
  }, 60_000);

  it("the import's upsert names a corrected row's customer, not a new day's, and the next run recomputes it", async () => {
    const p = (await state(s.moved.db))!.asOf;
    const d = addDays(p, 1);
    // One row of an earlier day corrected (the upsert's UPDATE), and a new day for two customers.
    const dir = mkdtempSync(join(tmpdir(), "usage-import-"));
    const file = join(dir, "usage.csv");
    writeFileSync(
      file,
      [
        "customer_id,date,calls,call_minutes,data_mb,spend,competitor_hotline_seconds,forwarded_to_competitor",
        `${ids[60]},${addDays(p, -6)},0,0,1.5,99.99,0,0`,
        `${ids[61]},${d},3,10,200,5.25,0,0`,
        `${ids[62]},${d},1,2,50,2.5,900,1`,
      ].join("\n"),
    );
    try {
      for (const store of [s.moved, s.rebuilt]) {
        const imported = await importFileToPostgres(store.pool, file, "usage", { today: d });
        expect(imported.ok).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(
      await s.moved.db.all(`SELECT DISTINCT "customerId" FROM "UsageChange" ORDER BY "customerId"`),
    ).toEqual([{ customerId: ids[50] }, { customerId: ids[60] }]);
    // The correction of the test before, and the corrected row's customer; not the new day's.
    const next = await materialiseDayOn(s.moved.db, d, config, { pageSize: 37 });
    expect(next.aggregates).toMatchObject({ mode: "incremental", from: p, recomputed: 2 });
    await materialiseDayOn(s.rebuilt.db, d, config, { rebuild: true });
    expect(await aggregates(s.moved.db)).toEqual(await aggregates(s.rebuilt.db));
    expect(await dayRows(s.moved.db, d)).toEqual(await dayRows(s.rebuilt.db, d));
  }, 60_000);
});
