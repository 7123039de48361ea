import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { copySqliteToPostgres } from "../src/store/postgres/copy-sqlite-to-postgres.js";
import { migratePostgres } from "../src/store/postgres/migrate-postgres.js";
import { bulkLoadSqliteStore } from "./postgres-bulk-load.js";

/** The sqlite3 shell the bulk loader needs, if installed. */
function hasSqliteShell(): boolean {
  try {
    execFileSync("sqlite3", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A PostgreSQL server for the run: BENCH_POSTGRES_URL, or a throw-away cluster (stopped after). */
export function postgresServer(): { url: string; stop(): void } | null {
  if (process.env.BENCH_POSTGRES_URL) return { url: process.env.BENCH_POSTGRES_URL, stop: () => undefined };
  const script = join(import.meta.dirname, "../scripts/test-postgres.sh");
  try {
    const started = execFileSync("bash", [script, "start"], { encoding: "utf8" });
    const url = /TEST_POSTGRES_URL=(\S+)/.exec(started)?.[1];
    const dir = /TEST_POSTGRES_DIR=(\S+)/.exec(started)?.[1];
    if (!url || !dir) return null;
    return { url, stop: () => execFileSync("bash", [script, "stop", dir]) };
  } catch {
    return null;
  }
}

/** A SQLite store copied into a new, migrated database on the bench's server. */
export interface BenchCopy {
  url: string;
  /** Rows copied, and how long the copy took. */
  rows: number;
  copyMs: number;
  /** Drops the database (its connections with it). */
  drop(): Promise<void>;
}

/**
 * Creates a database named `<prefix>_<random>` on the server, migrates it and copies the SQLite
 * store at `sqlitePath` into it through COPY, leaving the rows of `leaveRowsOf` behind. When
 * DailyUsage's rows are copied and the sqlite3 shell is installed, through the bulk loader
 * (bench/postgres-bulk-load.ts: keys rebuilt after the rows, the schema compared, ANALYZE);
 * BENCH_PLAIN_COPY=1 forces the plain copy.
 */
export async function copiedBenchDatabase(
  serverUrl: string,
  prefix: string,
  sqlitePath: string,
  leaveRowsOf: readonly string[],
): Promise<BenchCopy> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const migrated = await migratePostgres(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const started = performance.now();
    if (!leaveRowsOf.includes("DailyUsage") && !process.env.BENCH_PLAIN_COPY && hasSqliteShell()) {
      const loaded = await bulkLoadSqliteStore(sqlitePath, url, leaveRowsOf);
      const phases = Object.entries(loaded.phases).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
      console.log(`  bulk load: ${phases.join(", ")}`);
      return { url, rows: loaded.rows, copyMs: performance.now() - started, drop };
    }
    const copied = await copySqliteToPostgres(sqlitePath, url, () => undefined, { leaveRowsOf });
    if (!copied.ok) throw new Error(copied.error.message);
    const rows = copied.value.reduce((n, t) => n + t.rows, 0);
    return { url, rows, copyMs: performance.now() - started, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
