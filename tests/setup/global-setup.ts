import { existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { migrateStore } from "../../src/store/migrate.js";
import { POSTGRES_SKIPPED_LINE, testPostgresUrl } from "./postgres-env.js";
import { resetStatementStats } from "./statement-stats.js";
import { templateDbPath } from "./template-db.js";

/** Migrates one template store per schema version; each test copies it (real SQLite, no mocks). */
export default async function setup(): Promise<void> {
  if (!testPostgresUrl) console.log(POSTGRES_SKIPPED_LINE);
  else await resetStatementStats(testPostgresUrl);
  const target = templateDbPath();
  if (existsSync(target)) return;
  const dir = mkdtempSync(join(tmpdir(), "retainbot-migrate-"));
  const scratch = join(dir, "template.db");
  const result = migrateStore(`file:${scratch}`);
  if (!result.ok) throw new Error(result.error.message);
  // Fold the WAL into the main file so one copied file is the whole store.
  const db = new Database(scratch);
  db.pragma("journal_mode = DELETE");
  db.close();
  renameSync(scratch, target);
  rmSync(dir, { recursive: true, force: true });
}
