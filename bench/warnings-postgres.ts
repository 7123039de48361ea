import { loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { materialiseWarnings } from "../src/services/warnings/materialise.js";
import { riskList } from "../src/services/warnings/risk-list.js";
import { riskPage } from "../src/services/warnings/risk-page.js";
import { hasMaterialised } from "../src/services/warnings/warning-runs.js";
import { openStore } from "../src/store/database.js";
import { openPostgresStore } from "../src/store/postgres/open-postgres.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { copiedBenchDatabase, postgresServer } from "./postgres-server.js";
import { benchStore } from "./warnings-store.js";

const AS_OF = "2026-06-30";
const MANAGER = "M001";
/** What the lists never read: the usage and the daily job's working tables. */
const LEFT_BEHIND = [
  "DailyUsage",
  "UsageAggregate",
  "UsageAggregateState",
  "UsageChange",
  "ChurnUsageWindow",
  "ChurnUsageWindowState",
  "WarningStaging",
  "WarningInputChange",
  "WarningJudgeSet",
];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

/** One manager's stored warnings of day D with the customers' columns: the list's rows, by hand. */
async function referenceList(pool: pg.Pool, day: string, managerId: string) {
  const { rows } = await pool.query<{ customerId: string }>(
    `SELECT c.id AS "customerId", c.name, c.phone, c."managerId", c.segment, c."groupId", c."vipLevel", c.arpu,
       c."joinDate", c."contractEnd", c.birthday, c."lunarBirthday", c.sensitivity, c.personality, c.status,
       c.points, w.code, w.level, w.evidence, w.stage, w."doNotChase"
     FROM "Customer" c JOIN "Warning" w ON w.day = $1 AND w."customerId" = c.id
     WHERE c."managerId" = $2 ORDER BY c.id`,
    [day, managerId],
  );
  return rows;
}

/** The top 10 open customers by stored priority (WarningRank's index), their rows and the count, by hand. */
async function referencePage(pool: pg.Pool, day: string, managerId: string, offset: number) {
  const ids = (
    await pool.query<{ customerId: string }>(
      `SELECT "customerId" FROM "WarningRank" WHERE day = $1 AND "managerId" = $2 AND NOT "doNotChase"
       ORDER BY priority DESC, "customerId" LIMIT 10 OFFSET $3`,
      [day, managerId, offset],
    )
  ).rows.map((r) => r.customerId);
  const total = Number(
    (
      await pool.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM "WarningRank" WHERE day = $1 AND "managerId" = $2 AND NOT "doNotChase"`,
        [day, managerId],
      )
    ).rows[0]?.n,
  );
  const rows = await pool.query(
    `SELECT c.*, w.code, w.level, w.evidence, w.stage, w."doNotChase"
     FROM "Customer" c JOIN "Warning" w ON w.day = $1 AND w."customerId" = c.id
     WHERE c.id = ANY($2::text[])`,
    [day, ids],
  );
  return { total, ids, rows: rows.rowCount ?? 0 };
}

export interface PostgresWarningsBenchResult {
  listP50Ms: number;
  listReferenceP50Ms: number;
  listRatio: number;
  firstPageRatio: number;
}

export async function benchWarningsPostgres(
  options: { customers?: number; days?: number; runs?: number } = {},
): Promise<PostgresWarningsBenchResult | null> {
  const customers = options.customers ?? Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const days = options.days ?? Number(process.env.BENCH_DAYS ?? 120);
  const runs = options.runs ?? 20;
  console.log(`warnings on PostgreSQL: the lists of the ${customers.toLocaleString("en")} × ${days} store`);
  const server = postgresServer();
  if (!server) {
    console.log(
      "  no PostgreSQL: set BENCH_POSTGRES_URL, or install the server binaries (scripts/test-postgres.sh) — skipped",
    );
    return null;
  }
  const { path } = await benchStore({ seed: 7, asOf: AS_OF, customers, days });
  const source = openStore(`file:${path}`);
  try {
    // The SQLite warnings bench computes the day first; run alone on a new store, do it here.
    if (!hasMaterialised(source.sql, AS_OF)) {
      console.log(`  computing the day's warnings on the SQLite store first (${AS_OF})`);
      materialiseWarnings(source.sql, AS_OF, DEFAULT_RULES_CONFIG, { rebuild: true });
    }
  } finally {
    await source.close();
  }
  const copy = await copiedBenchDatabase(server.url, "bench_warnings", path, LEFT_BEHIND);
  try {
    console.log(
      `  copied ${copy.rows.toLocaleString("en")} rows (all but ${LEFT_BEHIND.join(", ")}) in ${(copy.copyMs / 1000).toFixed(1)} s`,
    );
    const store = openPostgresStore(copy.url, { poolSize: 4, statementTimeoutMs: 60_000 });
    await store.pool.query("ANALYZE");
    try {
      console.log(`  load average at start (1/5/15 min): ${load()}`);
      const deps = {
        db: store.db,
        config: DEFAULT_RULES_CONFIG,
        now: new Date(`${AS_OF}T09:00:00+08:00`),
        timeZone: "Asia/Shanghai",
      };
      const list = { mine: [] as number[], theirs: [] as number[] };
      let entries = 0;
      for (let i = -2; i < runs; i += 1) {
        const got = await timed(() => riskList(deps, [MANAGER], AS_OF));
        const ref = await timed(() => referenceList(store.pool, AS_OF, MANAGER));
        if (got.value.source !== "materialised") throw new Error("the list did not read the job's rows");
        const byRules = got.value.entries.filter((e) => e.signals.length > 0).length;
        const inRef = new Set(ref.value.map((r) => r.customerId)).size;
        if (byRules !== inRef)
          throw new Error(`list has ${byRules} customers caught by rules, the reference ${inRef}`);
        entries = got.value.entries.length;
        if (i < 0) continue;
        list.mine.push(got.ms);
        list.theirs.push(ref.ms);
      }
      const pages = { first: [] as number[], firstRef: [] as number[] };
      let total = 0;
      for (let i = -2; i < runs; i += 1) {
        const got = await timed(() => riskPage(deps, [MANAGER], AS_OF, { limit: 10 }));
        const ref = await timed(() => referencePage(store.pool, AS_OF, MANAGER, 0));
        const ids = got.value.entries.map((e) => e.customer.id);
        if (got.value.total !== ref.value.total || ids.join() !== ref.value.ids.join())
          throw new Error(`first page differs from the reference: ${ids} vs ${ref.value.ids}`);
        total = got.value.total;
        if (i < 0) continue;
        pages.first.push(got.ms);
        pages.firstRef.push(ref.ms);
      }
      for (const sorted of [list.mine, list.theirs, pages.first, pages.firstRef])
        sorted.sort((a, b) => a - b);
      const ms = (n: number) => `${n.toFixed(1)} ms`;
      const listRatio = percentile(list.mine, 50) / percentile(list.theirs, 50);
      const pageRatio = percentile(pages.first, 50) / percentile(pages.firstRef, 50);
      console.log(
        `  risk list of ${MANAGER}: ${entries.toLocaleString("en")} customers at risk, ${runs} runs`,
      );
      console.log(
        `  riskList() on PostgreSQL               p50 ${ms(percentile(list.mine, 50))}  p95 ${ms(percentile(list.mine, 95))}`,
      );
      console.log(
        `  hand-written SQL, same rows            p50 ${ms(percentile(list.theirs, 50))}  p95 ${ms(percentile(list.theirs, 95))}`,
      );
      console.log(
        `  ratio: ${listRatio.toFixed(2)}× the reference (p50; goal ≤ 1.50×) ${listRatio <= 1.5 ? "ok" : "ABOVE GOAL"}`,
      );
      console.log(
        `  riskPage() first page (${total.toLocaleString("en")} open)   p50 ${ms(percentile(pages.first, 50))}  p95 ${ms(percentile(pages.first, 95))}; ` +
          `hand-written top-10 + count p50 ${ms(percentile(pages.firstRef, 50))}: ${pageRatio.toFixed(2)}×`,
      );
      console.log(`  load average at end (1/5/15 min): ${load()}`);
      return {
        listP50Ms: percentile(list.mine, 50),
        listReferenceP50Ms: percentile(list.theirs, 50),
        listRatio,
        firstPageRatio: pageRatio,
      };
    } finally {
      await store.close();
    }
  } finally {
    await copy.drop();
    server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { peak } = await withPeakRss(() => benchWarningsPostgres());
  console.log(`  peak RSS: ${formatPeak(peak)}`);
}
