import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { expect, it } from "vitest";
import { migratePostgres, postgresMigrationsDir } from "../../../src/store/postgres/migrate-postgres.js";
import { maintainUsagePartitions, usagePartitions } from "../../../src/store/postgres/usage-partitions.js";
import { describePostgres, scratchDatabases, withPostgresClient } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";

const PARTITIONING = "20261202100000_daily_usage_partitions";

async function addCustomer(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO "Team" ("id", "name") VALUES ('T1', 'Team one')`);
  await client.query(`INSERT INTO "Manager" ("id", "name", "teamId") VALUES ('M1', 'Li', 'T1')`);
  await client.query(
    `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate")
     VALUES ('C1', 'Wang', '13800000000', 'M1', '2024-01-01')`,
  );
}

const addUsage = (client: pg.Client, ...days: string[]) =>
  client.query(
    `INSERT INTO "DailyUsage" ("customerId", "date", "spend") SELECT 'C1', d, 1.5 FROM unnest($1::text[]) AS d`,
    [days],
  );

/** Each usage day with the table that holds it. */
const placed = (client: pg.Client) =>
  client
    .query<{ date: string; part: string }>(
      `SELECT "date", tableoid::regclass::text AS part FROM "DailyUsage" ORDER BY "date"`,
    )
    .then((r) => r.rows.map((row) => `${row.date} ${row.part}`));

describePostgres("DailyUsage partitioned by month on PostgreSQL", () => {
  const scratch = scratchDatabases();

  it("the migration moves existing usage into month partitions and keeps every row", async () => {
    const db = await scratch({ migrated: false });
    // Migrate to just before partitioning, add usage, then apply the partitioning migration.
    const before = mkdtempSync(join(tmpdir(), "retainbot-pg-migrations-"));
    for (const name of readdirSync(postgresMigrationsDir).filter((n) => n < PARTITIONING && /^\d/.test(n)))
      cpSync(join(postgresMigrationsDir, name), join(before, name), { recursive: true });
    expect((await migratePostgres(db.url, before)).ok).toBe(true);
    rmSync(before, { recursive: true, force: true });
    await withPostgresClient(db.url, async (client) => {
      await addCustomer(client);
      await addUsage(client, "2026-05-31", "2026-06-01", "2026-06-30", "2026-07-01");
    });
    const migrated = await migratePostgres(db.url);
    expect(migrated.ok && migrated.value).toContain(PARTITIONING);
    await withPostgresClient(db.url, async (client) => {
      expect(await placed(client)).toEqual([
        '2026-05-31 "DailyUsage_2026_05"',
        '2026-06-01 "DailyUsage_2026_06"',
        '2026-06-30 "DailyUsage_2026_06"',
        '2026-07-01 "DailyUsage_2026_07"',
      ]);
      // The key, the date index and the foreign key hold on the partitioned table.
      await expect(addUsage(client, "2026-06-01")).rejects.toThrow(/DailyUsage_2026_06_pkey|duplicate key/);
      await expect(
        client.query(`INSERT INTO "DailyUsage" ("customerId", "date") VALUES ('nobody', '2026-06-02')`),
      ).rejects.toThrow(/foreign key/);
      const plan = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT * FROM "DailyUsage" WHERE "date" = '2026-06-15'`,
      );
      const text = plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text).toContain("DailyUsage_2026_06"); // pruned to the one month
      expect(text).not.toContain("DailyUsage_2026_05");
    });
  }, 60_000);

  it("maintenance creates the coming months, moves waiting rows, drops months past retention, and is idempotent", async () => {
    const db = await scratch({ migrated: true });
    await withPostgresClient(db.url, async (client) => {
      await addCustomer(client);
      // No month partitions yet: every row waits in DEFAULT, none is refused.
      await addUsage(client, "2025-08-01", "2025-09-15", "2025-10-30", "2026-12-01", "2027-05-09");
      expect(await usagePartitions(client)).toEqual({ months: [], defaultRows: 5 });

      // 400 days before 2026-12-02 is 2025-10-28: rows before it are expired. October (its last
      // day is after the cutoff) gets its partition; the expired August and September rows are
      // deleted from DEFAULT rather than given a month only to drop it.
      const first = await maintainUsagePartitions(client, { today: "2026-12-02", retentionDays: 400 });
      expect(first).toEqual({
        created: ["2025-10", "2026-12", "2027-01", "2027-02", "2027-05"],
        moved: 3,
        dropped: [],
        deleted: 2,
      });
      expect(await placed(client)).toEqual([
        '2025-10-30 "DailyUsage_2025_10"',
        '2026-12-01 "DailyUsage_2026_12"',
        '2027-05-09 "DailyUsage_2027_05"',
      ]);
      expect(await usagePartitions(client)).toEqual({
        months: ["2025-10", "2026-12", "2027-01", "2027-02", "2027-05"],
        defaultRows: 0,
      });

      const again = await maintainUsagePartitions(client, { today: "2026-12-02", retentionDays: 400 });
      expect(again).toEqual({ created: [], moved: 0, dropped: [], deleted: 0 });

      // A month later October's last day is past the cutoff: it goes, and January 2027 is still there.
      const later = await maintainUsagePartitions(client, { today: "2027-01-05", retentionDays: 400 });
      expect(later.dropped).toEqual(["2025-10"]);
      expect(later.created).toEqual(["2027-03"]);
    });
  }, 60_000);

  it("two instances maintaining at once take turns: each month is created once, nothing fails", async () => {
    const db = await scratch({ migrated: true });
    const runs = await Promise.all(
      [1, 2].map(() =>
        withPostgresClient(db.url, (client) =>
          maintainUsagePartitions(client, { today: "2026-12-02", retentionDays: 400 }),
        ),
      ),
    );
    expect(runs.flatMap((r) => r.created).sort()).toEqual(["2026-12", "2027-01", "2027-02"]);
  }, 60_000);

  it("maintain-usage runs from the CLI on PostgreSQL and names why it does not on SQLite", async () => {
    const db = await scratch({ migrated: true });
    const run = await runCli(["maintain-usage"], {
      env: { DATABASE_URL: db.url, RETAINBOT_AS_OF: "2026-12-02" },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^postgresql:\/\/retainbot@[^:]+:\d+\/retainbot_test_\w+: usage months created: 2026-12, 2027-01, 2027-02 \(retention 400 days\)\.$/m,
    );
    const sqlite = await runCli(["maintain-usage"], { env: { DATABASE_URL: "file:./data/none.db" } });
    expect(sqlite.code).not.toBe(0);
    expect(sqlite.stderr).toContain("maintain-usage is for a PostgreSQL store");
    const tooShort = await runCli(["maintain-usage"], {
      env: { DATABASE_URL: db.url, USAGE_RETENTION_DAYS: "30" },
    });
    expect(tooShort.code).not.toBe(0);
    expect(tooShort.stderr).toContain("USAGE_RETENTION_DAYS");
  }, 60_000);
});
