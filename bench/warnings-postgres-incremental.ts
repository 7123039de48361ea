/**
 * Issue #14 on PostgreSQL, the daily job with kept usage aggregates (decision 022): on a database
 * already holding a bench store (BENCH_POSTGRES_URL; bench/postgres-bulk-load.ts loads one), a full
 * run of day P (every row read, the aggregates written), then a day's changes as an import brings
 * them (rows of P−3 arriving late, rows of P−5 corrected, rows of P−10 deleted; the rows of D are
 * already there, dated after P), then the incremental run of D, then a full run of D: the two must
 * give the same `Warning`, `WarningRank` and `UsageAggregate` rows (compared by digest in the
 * server). Prints wall, this process's CPU, the CPU of the database's backends (from /proc: the
 * server must run on this machine), peak RSS and the load, for each run.
 *
 *   BENCH_POSTGRES_URL=postgresql://…/w200k npx tsx bench/warnings-postgres-incremental.ts
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { addDays } from "../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../src/domain/rules-config.js";
import { materialiseDayOn } from "../src/services/warnings/day-on-handle.js";
import { postgresHandle } from "../src/store/postgres/postgres-handle.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";

const D = process.env.BENCH_DAY ?? "2026-06-30";
const P = addDays(D, -1);
/** Rows of each kind changed between the two runs. */
const CHANGED = Number(process.env.BENCH_CHANGED ?? 1_000);

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
const TICKS = 100; // USER_HZ on Linux

/** /proc/<pid>/stat's fields after the command name (field 3 onwards), or null. */
const statOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  } catch {
    return null; // gone, or not on this machine
  }
};

/**
 * CPU seconds of the database's backends, by pid (utime + stime from /proc), and under key 0 the
 * postmaster's reaped children (cutime + cstime): the parallel workers a full run's pass starts
 * (decision 024) have exited by the end, so only there do they show.
 */
async function backendCpu(client: pg.Client): Promise<Map<number, number>> {
  const pids = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );
  const cpu = new Map<number, number>();
  for (const { pid } of pids.rows) {
    const fields = statOf(pid);
    if (fields) cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS);
  }
  const own = statOf((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid);
  const postmaster = own && statOf(Number(own[1]));
  if (postmaster) cpu.set(0, (Number(postmaster[13]) + Number(postmaster[14])) / TICKS);
  return cpu;
}

/** Digests of a day's rows and of the aggregates, computed in the server. */
export async function digests(client: pg.Client, day: string) {
  const one = async (text: string) => (await client.query<{ d: string }>(text, [day])).rows[0]?.d;
  return {
    warnings: await one(
      `SELECT count(*) || ':' || md5(string_agg("customerId" || '|' || "code" || '|' || "level" || '|' || "evidence" || '|' || "stage" || '|' || "doNotChase", ',' ORDER BY "customerId", "code")) AS d FROM "Warning" WHERE "day" = $1`,
    ),
    ranks: await one(
      `SELECT count(*) || ':' || md5(string_agg("customerId" || '|' || "priority" || '|' || "rulesPriority" || '|' || "doNotChase", ',' ORDER BY "customerId")) AS d FROM "WarningRank" WHERE "day" = $1`,
    ),
    aggregates: await one(
      `SELECT count(*) || ':' || md5(string_agg(a::text, ',' ORDER BY a."customerId")) AS d FROM "UsageAggregate" a WHERE $1::text IS NOT NULL`,
    ),
  };
}

export async function timedRun(
  client: pg.Client,
  label: string,
  work: () => Promise<{ ms: number; customersAtRisk: number; warnings: number; aggregates: unknown }>,
) {
  const loadBefore = load();
  const before = await backendCpu(client);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { value, peak } = await withPeakRss(work);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const after = await backendCpu(client);
  let server = 0;
  for (const [pid, s] of after) server += s - (before.get(pid) ?? 0);
  console.log(
    `  ${label}: ${(ms / 1000).toFixed(1)} s wall, process CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, ` +
      `server CPU ${server.toFixed(1)} s, peak RSS ${formatPeak(peak)}, load ${loadBefore} → ${load()}; ` +
      `${value.customersAtRisk} at risk, ${value.warnings} warnings, aggregates ${JSON.stringify(value.aggregates)}`,
  );
  return value;
}

export async function benchIncrementalPostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    idleTimeoutMillis: 0,
    statement_timeout: 3_600_000,
  });
  pool.on("error", () => undefined);
  const db = postgresHandle(pool);
  try {
    console.log(`daily warnings job on PostgreSQL with kept aggregates: ${P} full, then ${D} incremental`);
    // Rows that arrive late: taken out before P's run, written back after it.
    await client.query(
      `CREATE TEMP TABLE late AS SELECT u.* FROM "DailyUsage" u
       WHERE u."date" = $1 AND u."customerId" IN (SELECT "id" FROM "Customer" ORDER BY "id" LIMIT $2)`,
      [addDays(P, -3), CHANGED],
    );
    await client.query(
      `DELETE FROM "DailyUsage" u USING late l WHERE u."customerId" = l."customerId" AND u."date" = l."date"`,
    );
    await timedRun(client, `${P} full (rebuild)`, () => materialiseDayOn(db, P, config, { rebuild: true }));
    await client.query(`INSERT INTO "DailyUsage" SELECT * FROM late`);
    await client.query(
      `UPDATE "DailyUsage" SET "spend" = "spend" + 1 WHERE "date" = $1 AND "customerId" IN (SELECT "id" FROM "Customer" ORDER BY "id" DESC LIMIT $2)`,
      [addDays(P, -5), CHANGED],
    );
    await client.query(
      `DELETE FROM "DailyUsage" WHERE "date" = $1 AND "customerId" IN (SELECT "id" FROM "Customer" ORDER BY "id" OFFSET 5000 LIMIT $2)`,
      [addDays(P, -10), CHANGED],
    );
    const changes = await client.query<{ n: string }>(
      `SELECT count(DISTINCT "customerId") AS n FROM "UsageChange"`,
    );
    console.log(`  customers named in UsageChange by the changes: ${changes.rows[0]?.n}`);
    await client.query("ANALYZE");
    const moved = await timedRun(client, `${D} incremental`, () => materialiseDayOn(db, D, config));
    const incremental = await digests(client, D);
    const rebuilt = await timedRun(client, `${D} full (rebuild)`, () =>
      materialiseDayOn(db, D, config, { rebuild: true }),
    );
    const full = await digests(client, D);
    const equal = JSON.stringify(incremental) === JSON.stringify(full);
    console.log(
      `  incremental day: ${(moved.ms / rebuilt.ms).toFixed(2)}× the same day's full run; rows equal to the rebuild's: ${equal ? "yes" : "NO"} ${JSON.stringify(full)}`,
    );
    if (!equal) console.log(`  incremental: ${JSON.stringify(incremental)}`);
    return equal;
  } finally {
    await pool.end();
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.env.BENCH_POSTGRES_URL) await benchIncrementalPostgres(process.env.BENCH_POSTGRES_URL);
  else console.log("set BENCH_POSTGRES_URL to a database holding a bench store");
}
