/**
 * The demo on a PostgreSQL store: generated into a scratch SQLite file with the same schema
 * (the one demo writer, at SQLite's bulk speed), then copied across by `migrate-store`'s copy —
 * one PostgreSQL transaction, all or nothing, refused when the database already holds rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { err, ok, type Result } from "../result.js";
import { openStore } from "../store/database.js";
import { migrateStore } from "../store/migrate.js";
import { copySqliteToPostgres } from "../store/postgres/copy-sqlite-to-postgres.js";
import { type DemoOptions, type DemoSummary, loadDemo } from "./load-demo.js";

export async function loadDemoIntoPostgres(
  postgresUrl: string,
  options: DemoOptions,
): Promise<Result<DemoSummary>> {
  const dir = mkdtempSync(join(tmpdir(), "retainbot-demo-"));
  try {
    const url = `file:${join(dir, "demo.db")}`;
    const migrated = migrateStore(url);
    if (!migrated.ok) return err(migrated.error);
    const scratch = openStore(url);
    let summary: DemoSummary;
    try {
      summary = await loadDemo(scratch, options);
    } finally {
      await scratch.close();
    }
    const copied = await copySqliteToPostgres(join(dir, "demo.db"), postgresUrl);
    return copied.ok ? ok(summary) : err(copied.error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
