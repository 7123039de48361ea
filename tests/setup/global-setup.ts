import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { migrateStore } from "../../src/store/migrate.js";
import { ensureCompiledBuild } from "./compiled-build.js";
import { POSTGRES_SKIPPED_LINE, testPostgresUrl } from "./postgres-env.js";
import { resetStatementStats } from "./statement-stats.js";
import { TEMPLATE_DIR_VARIABLE, templateDbPath } from "./template-db.js";

/** A run's folder left behind by a run that was killed is removed by a later run after this long. */
const STALE_RUN_MS = 6 * 60 * 60 * 1000;

/**
 * Brings the compiled build the child processes run up to date (compiled-build.ts). Migrates one
 * template store per schema version; each test copies it (real SQLite, no mocks).
 * Every test's temporary files go under one folder of this run (the workers' `TMPDIR`, child
 * processes included), removed when the run ends: a test's store is 60–110 MB with its WAL.
 */
export default async function setup(): Promise<() => void> {
  ensureCompiledBuild();
  if (!testPostgresUrl) console.log(POSTGRES_SKIPPED_LINE);
  else await resetStatementStats(testPostgresUrl);
  const base = tmpdir();
  removeStaleRuns(base);
  await ensureTemplate();
  process.env[TEMPLATE_DIR_VARIABLE] = base;
  const runDir = mkdtempSync(join(base, RUN_PREFIX));
  process.env.TMPDIR = runDir;
  return () => rmSync(runDir, { recursive: true, force: true });
}

const RUN_PREFIX = "retainbot-run-";

function removeStaleRuns(base: string): void {
  for (const name of readdirSync(base)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const path = join(base, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_RUN_MS) rmSync(path, { recursive: true, force: true });
  }
}

async function ensureTemplate(): Promise<void> {
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
