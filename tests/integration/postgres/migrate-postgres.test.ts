import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import {
  isPostgresCurrent,
  migratePostgres,
  postgresMigrationsDir,
} from "../../../src/store/postgres/migrate-postgres.js";
import { describePostgres, scratchDatabases } from "../../setup/postgres.js";

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the committed migrations that a test may change (deleted after the file's tests). */
function migrationsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-pg-migrations-"));
  cpSync(postgresMigrationsDir, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

describePostgres("PostgreSQL migrations (own runner: Prisma Migrate cannot run here)", () => {
  const scratch = scratchDatabases();

  it("applies every committed migration once, records it, and finds nothing to do the second time", async () => {
    const db = await scratch({ migrated: false });
    expect(await isPostgresCurrent(db.url)).toBe(false);
    const first = await migratePostgres(db.url);
    expect(first.ok && first.value).toMatch(/^applied \d+ migration/);
    expect(await isPostgresCurrent(db.url)).toBe(true);
    const second = await migratePostgres(db.url);
    expect(second).toEqual({ ok: true, value: "already current" });
    const ledger = await query<{ name: string }>(
      db.url,
      "SELECT name FROM _retainbot_migrations ORDER BY name",
    );
    const committed = readdirSync(postgresMigrationsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(ledger.map((r) => r.name)).toEqual(committed);
    const tables = await query<{ name: string }>(
      db.url,
      "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["Customer", "DailyUsage", "Warning", "AuditLog"]),
    );
  });

  it("lets two instances start at once: one migrates, the other waits and finds the database current", async () => {
    const db = await scratch({ migrated: false });
    const url = db.url;
    const [a, b] = await Promise.all([migratePostgres(url), migratePostgres(url)]);
    expect(a.ok && b.ok).toBe(true);
    const values = [a, b].map((r) => (r.ok ? r.value : r.error.message)).sort();
    expect(values[0]).toBe("already current");
    expect(values[1]).toMatch(/^applied/);
    const counts = await query<{ n: string }>(
      url,
      "SELECT COUNT(*) AS n FROM _retainbot_migrations GROUP BY name",
    );
    expect(counts.every((c) => c.n === "1")).toBe(true);
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const db = await scratch({ migrated: true });
    const dir = migrationsCopy();
    const first = readdirSync(dir).filter((n) => !n.endsWith(".prisma"))[0] as string;
    writeFileSync(join(dir, first, "migration.sql"), "-- edited\nSELECT 1;\n");
    const result = await migratePostgres(db.url, dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(`checksum differs): ${first}`);
  });

  it("refuses a database migrated by a newer version", async () => {
    const db = await scratch({ migrated: true });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      "INSERT INTO _retainbot_migrations (name, checksum) VALUES ('29991231000000_future', 'x')",
    );
    await client.end();
    const result = await migratePostgres(db.url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("29991231000000_future");
    expect(await isPostgresCurrent(db.url)).toBe(false);
  });

  it("rolls a failing migration back whole and names it; the earlier ones stay applied", async () => {
    const db = await scratch({ migrated: true });
    const dir = migrationsCopy();
    mkdirSync(join(dir, "29990101000000_broken"));
    writeFileSync(
      join(dir, "29990101000000_broken", "migration.sql"),
      'CREATE TABLE "HalfDone" (id text);\nALTER TABLE "NoSuchTable" ADD COLUMN x text;\n',
    );
    const result = await migratePostgres(db.url, dir);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toMatch(/29990101000000_broken failed and was rolled back: .*NoSuchTable/);
    const halfDone = await query<{ found: boolean }>(
      db.url,
      `SELECT to_regclass('"HalfDone"') IS NOT NULL AS found`,
    );
    expect(halfDone[0]?.found).toBe(false);
    expect(await isPostgresCurrent(db.url)).toBe(true);
  });
});
