import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { sqlitePath } from "../config.js";
import { err, ok, type Result } from "../result.js";
import { ensurePrivateStoreFile } from "./private-files.js";
import { withStoreLockSync } from "./store-lock.js";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const migrationsDir = resolve(projectRoot, "prisma/migrations");

/** The committed migrations, by folder name (Prisma records the same names in its ledger). */
function committedMigrations(): string[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/**
 * Whether every committed migration is already applied, read from Prisma's own ledger table.
 * Starting the Prisma CLI costs seconds, so the common case (nothing to do) skips it.
 */
export function isStoreCurrent(databaseUrl: string): boolean {
  const path = resolve(sqlitePath(databaseUrl));
  if (!existsSync(path)) return false;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const ledger = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!ledger) return false;
    const applied = new Set(
      db
        .prepare(
          "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        )
        .all()
        .map((row) => (row as { name: string }).name),
    );
    return committedMigrations().every((name) => applied.has(name));
  } finally {
    db.close();
  }
}

/**
 * Applies the committed migrations with `prisma migrate deploy` (the WebAssembly schema engine:
 * no native engine download). Prisma keeps its own ledger, so running it again is a no-op.
 */
export function migrateStore(databaseUrl: string): Result<string> {
  if (isStoreCurrent(databaseUrl)) return ok("already current");
  // Two instances starting on a new store: the second waits, then finds it current.
  const path = resolve(sqlitePath(databaseUrl));
  // Created here, before Prisma's engine would create it with the default (world-readable) mode.
  ensurePrivateStoreFile(path);
  return withStoreLockSync(path, "migrate", () =>
    isStoreCurrent(databaseUrl) ? ok("already current") : deploy(databaseUrl),
  );
}

function deploy(databaseUrl: string): Result<string> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const anyFile = resolve(projectRoot, "package.json");
  const run = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: projectRoot,
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: `file:${resolve(sqlitePath(databaseUrl))}`,
      PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? anyFile,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? anyFile,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (run.status !== 0) {
    return err({ code: "migrate", message: `Migrating ${databaseUrl} failed:\n${run.stderr || run.stdout}` });
  }
  return ok(run.stdout);
}
