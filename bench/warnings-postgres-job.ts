/**
 * The daily warnings job on PostgreSQL (decision 016): the warnings bench's demo store (default
 * 50,000 customers × 120 days, BENCH_CUSTOMERS / BENCH_DAYS) copied whole into a migrated
 * PostgreSQL database through COPY, then one full recompute of the day (`materialiseDayOn`) timed,
 * with the peak RSS of the job alone and the event loop's longest stall while it ran (how long a
 * chat message could wait). SQLite's full rebuild of the same day runs first, as the reference and
 * to check the totals agree. The server is BENCH_POSTGRES_URL, else a throw-away cluster.
 *
 * Run: `npx tsx bench/warnings-postgres-job.ts`.
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { materialiseDayOn } from "../src/services/warnings/day-on-handle.js";
import { materialiseWarnings } from "../src/services/warnings/materialise.js";
import { openStore } from "../src/store/database.js";
import { copySqliteToPostgres } from "../src/store/postgres/copy-sqlite-to-postgres.js";
import { migratePostgres } from "../src/store/postgres/migrate-postgres.js";
import { postgresHandle } from "../src/store/sql-handle.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { postgresServer } from "./postgres-server.js";
import { benchStore } from "./warnings-store.js";

const AS_OF = "2026-06-30";
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

export async function benchWarningsJobPostgres(options: { customers?: number; days?: number } = {}) {
  const customers = options.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 50_000);
  const days = options.days ?? Number(process.env.BENCH_DAYS ?? 120);
  console.log(`daily warnings job on PostgreSQL: ${customers.toLocaleString("en")} customers × ${days} days`);
  const server = postgresServer();
  if (!server) {
    console.log("  no PostgreSQL: set BENCH_POSTGRES_URL, or install the server binaries — skipped");
    return null;
  }
  const { path } = await benchStore({ seed: 7, asOf: AS_OF, customers, days });
  const source = openStore(`file:${path}`);
  let sqliteStats: ReturnType<typeof materialiseWarnings>;
  try {
    sqliteStats = materialiseWarnings(source.sql, AS_OF, DEFAULT_RULES_CONFIG, { rebuild: true });
    console.log(`  SQLite full rebuild (reference): ${seconds(sqliteStats.ms)}`);
  } finally {
    await source.close();
  }
  const name = `bench_job_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = server.url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  try {
    const migrated = await migratePostgres(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const copyStarted = performance.now();
    // The day's rows are left behind: the job writes them.
    const copied = await copySqliteToPostgres(path, url, () => undefined, {
      leaveRowsOf: ["Warning", "WarningRank", "WarningRun", "WarningStaging", "UsageAggregate"],
    });
    if (!copied.ok) throw new Error(copied.error.message);
    const rows = copied.value.reduce((n, t) => n + t.rows, 0);
    console.log(`  copied ${rows.toLocaleString("en")} rows in ${seconds(performance.now() - copyStarted)}`);
    // The job's own pool (no Prisma client: the job reads and writes through the handle alone).
    const pool = new pg.Pool({ connectionString: url, max: 4, statement_timeout: 600_000 });
    // pool.end() resolves before its sockets close: DROP DATABASE … WITH (FORCE) then terminates them.
    pool.on("error", () => undefined);
    const store = { pool, db: postgresHandle(pool), close: () => pool.end() };
    try {
      await store.pool.query("ANALYZE");
      console.log(`  load average at start (1/5/15 min): ${load()}`);
      const stall = monitorEventLoopDelay({ resolution: 10 });
      stall.enable();
      const cpu = process.cpuUsage();
      const { value: stats, peak } = await withPeakRss(() =>
        materialiseDayOn(store.db, AS_OF, DEFAULT_RULES_CONFIG),
      );
      const used = process.cpuUsage(cpu);
      stall.disable();
      if (stats.customersAtRisk !== sqliteStats.customersAtRisk || stats.warnings !== sqliteStats.warnings)
        throw new Error(
          `totals differ: PostgreSQL ${stats.customersAtRisk} at risk / ${stats.warnings} warnings, SQLite ${sqliteStats.customersAtRisk} / ${sqliteStats.warnings}`,
        );
      console.log(
        `  PostgreSQL full recompute: ${seconds(stats.ms)} wall, ${seconds((used.user + used.system) / 1000)} CPU in this process; ` +
          `${stats.customers.toLocaleString("en")} customers, ${stats.customersAtRisk.toLocaleString("en")} at risk, ` +
          `${stats.warnings.toLocaleString("en")} warnings (the same totals as SQLite)`,
      );
      console.log(
        `  event loop while it ran: p99 ${(stall.percentile(99) / 1e6).toFixed(0)} ms, longest ${(stall.max / 1e6).toFixed(0)} ms; peak RSS of the job ${formatPeak(peak)}`,
      );
      console.log(`  load average at end (1/5/15 min): ${load()}`);
      return { ms: stats.ms, peakBytes: peak.bytes, maxStallMs: stall.max / 1e6 };
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchWarningsJobPostgres();
