/**
 * Import benchmark on PostgreSQL (issue #14): the same generated usage CSV as bench/import.ts
 * through `import` into a migrated PostgreSQL store (parser thread, COPY into a staging table, one
 * upsert into the month-partitioned DailyUsage, one transaction), next to `psql \copy` of the same
 * file in the same run into a plain table (the goal: at least half its rows/s) and into a table
 * with DailyUsage's key and date index. The server is BENCH_POSTGRES_URL, else a throw-away cluster
 * (scripts/test-postgres.sh); without either it says so and measures nothing.
 *
 * Run alone: `npx tsx bench/import-postgres.ts [rows]`; `npm run bench -- import` runs it after the
 * SQLite import bench.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { migratePostgres } from "../src/store/postgres/migrate-postgres.js";
import { shippedImporter, writeBenchFiles } from "./import.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { postgresServer } from "./postgres-server.js";

const PLAIN =
  "CREATE TABLE plain_usage (customer_id text, date text, calls integer, call_minutes double precision, " +
  "data_mb double precision, spend double precision, competitor_hotline_seconds integer, forwarded_to_competitor boolean)";
const KEYED =
  "CREATE TABLE keyed_usage (customer_id text NOT NULL, date text NOT NULL, calls integer, " +
  "call_minutes double precision, data_mb double precision, spend double precision, " +
  "competitor_hotline_seconds integer, forwarded_to_competitor boolean, PRIMARY KEY (customer_id, date)); " +
  "CREATE INDEX keyed_usage_date ON keyed_usage (date)";

const hasPsql = () => spawnSync("psql", ["--version"]).status === 0;

/** `psql \copy` of the CSV into `table` (created by `create` first), wall ms. */
function timePsqlCopy(url: string, csv: string, table: string, create: string): number {
  const made = spawnSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", create], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`psql: ${made.stderr}`);
  const started = performance.now();
  const run = spawnSync(
    "psql",
    [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", `\\copy ${table} FROM '${csv}' WITH (FORMAT csv, HEADER)`],
    { encoding: "utf8" },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`psql \\copy failed: ${run.stderr}`);
  return ms;
}

export interface PostgresImportBenchResult {
  rows: number;
  importRowsPerSecond: number;
  plainRatio: number | null;
  keyedRatio: number | null;
}

export async function benchImportPostgres(
  options: { rows?: number } = {},
): Promise<PostgresImportBenchResult | null> {
  const rows = options.rows ?? Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const server = postgresServer();
  if (!server) {
    console.log(
      "import (PostgreSQL): skipped (no BENCH_POSTGRES_URL and no PostgreSQL binaries to start a cluster)",
    );
    return null;
  }
  const { importFileToPostgres } = await shippedImporter();
  const dir = mkdtempSync(join(tmpdir(), "retainbot-bench-import-pg-"));
  const name = `retainbot_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const parsed = new URL(server.url);
    parsed.pathname = `/${name}`;
    const url = parsed.toString();
    const migrated = await migratePostgres(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const { customers } = writeBenchFiles(dir, rows);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    let importMs: number;
    let peak: Awaited<ReturnType<typeof withPeakRss>>["peak"];
    try {
      // The customers the usage names (the PostgreSQL import takes usage, bills and events).
      await pool.query(`INSERT INTO "Team" ("id", "name") VALUES ('BENCH', '基准')`);
      await pool.query(
        `INSERT INTO "Manager" ("id", "name", "teamId", "role") VALUES ('B001', '基准经理', 'BENCH', 'lead')`,
      );
      await pool.query(
        `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate")
         SELECT 'C' || lpad(c::text, 8, '0'), '客户' || c, '139' || lpad(c::text, 8, '0'), 'B001', '2020-01-01'
         FROM generate_series(0, $1::int - 1) c`,
        [customers],
      );
      // The bench file's 100 days, from 2025-01-01: their month partitions (else the default one).
      for (const month of ["2025-01", "2025-02", "2025-03", "2025-04"])
        await pool.query(
          `CREATE TABLE IF NOT EXISTS "DailyUsage_${month.replace("-", "_")}" PARTITION OF "DailyUsage"
           FOR VALUES FROM ('${month}-01') TO ('${nextMonth(month)}-01')`,
        );
      const started = performance.now();
      const measured = await withPeakRss(() =>
        importFileToPostgres(pool, join(dir, "usage.csv"), "usage", { today: "2025-06-30" }),
      );
      importMs = performance.now() - started;
      peak = measured.peak;
      const result = measured.value;
      if (!result.ok) throw new Error(result.error.message);
      if (result.value.inserted !== rows)
        throw new Error(`expected ${rows} rows, got ${result.value.inserted}`);
    } finally {
      await pool.end();
    }
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const line = (label: string, ms: number) =>
      `  ${label.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(7)} s ${Math.round(rows / (ms / 1000))
        .toLocaleString("en")
        .padStart(11)} rows/s`;
    console.log(`import (PostgreSQL): ${rows.toLocaleString("en")} usage rows; load average ${load}`);
    console.log(line("retainbot import (dist/, parser thread + COPY + upsert, 1 tx)", importMs));
    console.log(`  peak RSS during the import (this process): ${formatPeak(peak)}`);
    const result: PostgresImportBenchResult = {
      rows,
      importRowsPerSecond: rows / (importMs / 1000),
      plainRatio: null,
      keyedRatio: null,
    };
    if (!hasPsql()) {
      console.log(
        "  REFERENCE MISSING: psql is not installed, so no ratio (apt-get install -y postgresql-client)",
      );
      return result;
    }
    const csv = join(dir, "usage.csv");
    const plainMs = timePsqlCopy(url, csv, "plain_usage", PLAIN);
    const keyedMs = timePsqlCopy(url, csv, "keyed_usage", KEYED);
    console.log(line("psql \\copy, plain table", plainMs));
    console.log(line("psql \\copy, DailyUsage's key + date index", keyedMs));
    result.plainRatio = plainMs / importMs;
    result.keyedRatio = keyedMs / importMs;
    console.log(
      `  ratio: ${result.plainRatio.toFixed(2)}× psql \\copy into a plain table (goal ≥ 0.50×) ${result.plainRatio >= 0.5 ? "ok" : "MISSED"}; ${result.keyedRatio.toFixed(2)}× into the keyed table`,
    );
    return result;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchImportPostgres(rows ? { rows } : {});
}
