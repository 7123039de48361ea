import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { materialiseDayOn } from "../src/services/warnings/day-on-handle.js";
import { materialiseWarnings } from "../src/services/warnings/materialise.js";
import { openStore } from "../src/store/database.js";
import { postgresHandle } from "../src/store/postgres/postgres-handle.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { copiedBenchDatabase, postgresServer } from "./postgres-server.js";
import { benchIncrementalPostgres } from "./warnings-postgres-incremental.js";
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
  // The day's rows are left behind: the job writes them.
  const copy = await copiedBenchDatabase(server.url, "bench_job", path, [
    "Warning",
    "WarningRank",
    "WarningRun",
    "WarningStaging",
    "UsageAggregate",
  ]);
  try {
    console.log(`  copied ${copy.rows.toLocaleString("en")} rows in ${seconds(copy.copyMs)}`);
    // The job's own pool (no Prisma client: the job reads and writes through the handle alone).
    const pool = new pg.Pool({ connectionString: copy.url, max: 4, statement_timeout: 600_000 });
    // pool.end() resolves before its sockets close: DROP DATABASE … WITH (FORCE) then terminates them.
    pool.on("error", () => undefined);
    const store = { pool, db: postgresHandle(pool), close: () => pool.end() };
    let result: { ms: number; peakBytes: number; maxStallMs: number };
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
          `${stats.warnings.toLocaleString("en")} warnings (the same totals as SQLite); pages read on ${stats.readers} connection(s)`,
      );
      console.log(
        `  event loop while it ran: p99 ${(stall.percentile(99) / 1e6).toFixed(0)} ms, longest ${(stall.max / 1e6).toFixed(0)} ms; peak RSS of the job ${formatPeak(peak)}`,
      );
      console.log(`  load average at end (1/5/15 min): ${load()}`);
      result = { ms: stats.ms, peakBytes: peak.bytes, maxStallMs: stall.max / 1e6 };
    } finally {
      await store.close();
    }
    // The daily run from kept aggregates (decision 022) on the same copy, against a full run of its day.
    const equal = await benchIncrementalPostgres(copy.url);
    if (!equal) throw new Error("the incremental day's rows differ from the rebuild's");
    return result;
  } finally {
    await copy.drop();
    server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchWarningsJobPostgres();
