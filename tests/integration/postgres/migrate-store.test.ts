import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { loadDemo } from "../../../src/demo/load-demo.js";
import { openStore } from "../../../src/store/database.js";
import { copySqliteToPostgres } from "../../../src/store/postgres/copy-sqlite-to-postgres.js";
import { describePostgres, scratchDatabases, withPostgresClient } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestDb } from "../../setup/test-app.js";

/** Every table's row count, and a few values that would show a wrong conversion. */
const FINGERPRINT = [
  `SELECT 'customers', COUNT(*), MIN("id"), SUM(CASE WHEN "lunarBirthday" THEN 1 ELSE 0 END) FROM "Customer"`,
  `SELECT 'usage', COUNT(*), ROUND(SUM("spend") * 100), SUM(CASE WHEN "forwardedToCompetitor" THEN 1 ELSE 0 END) FROM "DailyUsage"`,
  `SELECT 'events', COUNT(*), MAX("note"), MAX("id") FROM "Event"`,
  `SELECT 'bills', COUNT(*), MIN("paidDate"), SUM(CASE WHEN "paidDate" IS NULL THEN 1 ELSE 0 END) FROM "Bill"`,
  `SELECT 'outcomes', COUNT(*), MAX("note"), MAX("id") FROM "Outcome"`,
  `SELECT 'rechecks', COUNT(*), MIN("lastDay"), MAX("lastDay") FROM "RiskRecheck"`,
];

const postgresRows = (url: string, text: string): Promise<unknown[][]> =>
  withPostgresClient(url, async (client) => (await client.query({ text, rowMode: "array" })).rows);

const normalise = (rows: unknown[][]) => rows.map((row) => row.map((v) => (v === null ? null : String(v))));

describePostgres("moving a SQLite store into PostgreSQL", () => {
  const scratch = scratchDatabases();

  it("copies every row of every table, converts dates, booleans and bytes, and refuses a second copy", async () => {
    const source = createTestDb();
    const store = openStore(source.url);
    await loadDemo(store, { seed: 3, asOf: "2026-06-30", customers: 150, days: 40 });
    store.sql
      .prepare('INSERT INTO "EmbeddingCache" ("hash", "model", "vector") VALUES (?, ?, ?)')
      .run("h1", "m", Buffer.from([0, 1, 2, 254, 255]));
    store.sql
      .prepare(
        'INSERT INTO "AuditLog" ("at", "actorId", "action", "customerId", "channel") VALUES (?, ?, ?, ?, ?)',
      )
      .run("2026-06-30T01:02:03.456+00:00", "M001", "view", "C00001", "console");
    // Rechecks copied as they are, not re-derived by PostgreSQL's triggers from the copied outcomes.
    expect(
      store.sql.prepare('UPDATE "RiskRecheck" SET "lastDay" = \'2000-01-01\'').run().changes,
    ).toBeGreaterThan(0);
    await store.close();
    const target = await scratch({ migrated: false });

    const run = await runCli(["--db", source.path, "migrate-store", "--to", target.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}Team: \d+ rows$/m);
    expect(run.stdout).toMatch(/^Copied [\d,]+ rows in \d+ tables to postgresql:/m);

    const sqlite = new Database(source.path, { readonly: true });
    const tables = (
      await postgresRows(
        target.url,
        `SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND c.relname <> '_retainbot_migrations'`,
      )
    ).map((r) => r[0] as string);
    expect(tables.length).toBeGreaterThan(20);
    for (const table of tables) {
      const here = sqlite.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get();
      const there = await postgresRows(target.url, `SELECT COUNT(*) FROM "${table}"`);
      expect(`${table}: ${there[0]?.[0]}`).toBe(`${table}: ${here}`);
    }
    for (const query of FINGERPRINT) {
      const here = normalise(sqlite.prepare(query).raw().all() as unknown[][]);
      expect(normalise(await postgresRows(target.url, query))).toEqual(here);
    }
    // Usage lands in its month partitions (created before the copy), none waits in DEFAULT.
    const months = sqlite
      .prepare(
        `SELECT DISTINCT 'DailyUsage_' || replace(substr("date", 1, 7), '-', '_') FROM "DailyUsage" ORDER BY 1`,
      )
      .pluck()
      .all();
    expect(months.length).toBeGreaterThan(1);
    expect(
      (
        await postgresRows(
          target.url,
          `SELECT DISTINCT tableoid::regclass::text FROM "DailyUsage" ORDER BY 1`,
        )
      ).map((r) => String(r[0]).replaceAll('"', "")),
    ).toEqual(months);
    sqlite.close();
    expect(await postgresRows(target.url, `SELECT encode("vector", 'hex') FROM "EmbeddingCache"`)).toEqual([
      ["000102feff"],
    ]);
    expect(
      await postgresRows(
        target.url,
        `SELECT to_char("at", 'YYYY-MM-DD"T"HH24:MI:SS.MS') FROM "AuditLog" WHERE "actorId" = 'M001'`,
      ),
    ).toEqual([["2026-06-30T01:02:03.456"]]);
    // Identity sequences continue after the copied ids.
    const [[maxId]] = (await postgresRows(target.url, `SELECT MAX("id") FROM "Event"`)) as [[number]];
    const [[nextId]] = (await postgresRows(
      target.url,
      `INSERT INTO "Event" ("customerId", "date", "type", "note") SELECT "id", '2026-06-30', 'complaint', 'copied' FROM "Customer" LIMIT 1 RETURNING "id"`,
    )) as [[number]];
    expect(nextId).toBe(maxId + 1);

    const again = await copySqliteToPostgres(source.path, target.url);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/not empty \(.*Customer.* hold rows\)/);
  }, 180_000);

  it("refuses a source that is not migrated, and a target that is not PostgreSQL", async () => {
    const wrongTarget = await runCli([
      "--db",
      createTestDb().path,
      "migrate-store",
      "--to",
      "file:./other.db",
    ]);
    expect(wrongTarget.code).not.toBe(0);
    expect(wrongTarget.stderr).toContain("--to must be a postgresql:// URL");
    const missing = await runCli([
      "--db",
      "/tmp/no-such-retainbot-store.db",
      "migrate-store",
      "--to",
      "postgresql://x@127.0.0.1:1/x",
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("run `npm run cli -- setup` on it first");
  }, 60_000);

  it("copies usage without filling the usage trigger's transition table, and puts the trigger back", async () => {
    const source = createTestDb();
    const store = openStore(source.url);
    await loadDemo(store, { seed: 5, asOf: "2026-06-30", customers: 120, days: 60 });
    await store.close();
    const target = await scratch({ migrated: false });
    // With 64 kB of work memory a transition table of the copied usage (~7,000 rows) spills to a
    // temporary file, which the database's statistics count once the copy's connection has closed.
    const database = new URL(target.url).pathname.slice(1);
    await withPostgresClient(target.url, (c) =>
      c.query(`ALTER DATABASE "${database}" SET work_mem = '64kB'`),
    );
    const tempBytes = async () => {
      // The copy's backend reports its statistics as it exits, just after the CLI's client closed.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const rows = await postgresRows(
        target.url,
        `SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()`,
      );
      return Number(rows[0]?.[0]);
    };
    const before = await tempBytes();

    const run = await runCli(["--db", source.path, "migrate-store", "--to", target.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(await tempBytes()).toBe(before);
    const enabled = await postgresRows(
      target.url,
      `SELECT pg_get_triggerdef(oid), tgenabled FROM pg_trigger
        WHERE tgrelid = '"DailyUsage"'::regclass AND tgname = 'DailyUsage_inserted'`,
    );
    expect(enabled).toEqual([
      [expect.stringMatching(/AFTER INSERT .* REFERENCING NEW TABLE AS usage_new FOR EACH STATEMENT/), "O"],
    ]);
  }, 60_000);
});
