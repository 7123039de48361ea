/**
 * Section (e) of the warnings bench: the daily job's incremental day next to a full rebuild, on the
 * same store and in the same run. The full rebuild computes day D-1 from every customer's rows
 * (which leaves the aggregates at D-1); the incremental run then moves them to D, folding in the
 * rows of D (they arrived after D-1's run), D-30 and D-120. Both are then run again over two worker
 * threads (parallel-run.ts): the full rebuild's rows are checked against the one-thread rebuild's, and
 * the incremental day starts from the aggregates it left. The incremental rows must equal the full run of D
 * measured before (section (a)), row for row; so must those of D run once more with nothing new
 * (the judge set and the carry-over in SQL). The store's inputs are never written: only the derived
 * tables (Warning, WarningRank, WarningRun, the aggregates), which every bench run recomputes from
 * a full rebuild first.
 */
import { loadavg } from "node:os";
import { addDays } from "../src/domain/dates.js";
import type { RulesConfig } from "../src/domain/rules-config.js";
import { materialiseWarnings } from "../src/services/warnings/materialise.js";
import { materialiseInWorkers } from "../src/services/warnings/parallel-run.js";
import type { SqliteDatabase } from "../src/store/database.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { churnStateOf } from "./warnings-churn.js";

export interface IncrementalBenchResult {
  fullMs: number;
  parallelFullMs: number;
  incrementalMs: number;
  /** The incremental day over two worker threads. */
  parallelIncrementalMs: number;
  /** The same day again with no new input (judge set and carry-over). */
  quietMs: number;
  ratio: number;
  equalToFull: boolean;
}

/** Wall and CPU milliseconds of one synchronous call. */
export function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number; load: string } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, load: load1() };
}

/** Wall and CPU milliseconds (this process, its worker threads included) of one asynchronous call. */
async function timedAsync<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; cpuMs: number; load: string }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, load: load1() };
}

/** The 1-minute load average when a measurement ended, printed beside it. */
const load1 = () => `load ${(loadavg()[0] ?? 0).toFixed(1)}`;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(7)} s`;

/** Rows of day D in `Warning` that differ from those in temp table `table` (both ways). */
function differingRows(sql: SqliteDatabase, table: string, day: string): number {
  const rows = "SELECT customerId, code, level, evidence, stage, doNotChase FROM Warning WHERE day = @day";
  return Number(
    sql
      .prepare(
        `SELECT (SELECT COUNT(*) FROM (SELECT * FROM ${table} EXCEPT ${rows})) + (SELECT COUNT(*) FROM (${rows} EXCEPT SELECT * FROM ${table}))`,
      )
      .pluck()
      .get({ day }),
  );
}

/**
 * Runs (e) for day D; the store must hold D's rows from a full run (section (a), or an earlier
 * bench run whose rows were checked). `workers: false` leaves out the two-worker runs.
 */
export async function benchIncrementalDay(
  sql: SqliteDatabase,
  dbPath: string,
  day: string,
  config: RulesConfig,
  options: { workers?: boolean } = {},
): Promise<IncrementalBenchResult> {
  const workers = options.workers ?? true;
  sql.exec("DROP TABLE IF EXISTS temp.FullRows");
  sql
    .prepare(
      "CREATE TEMP TABLE FullRows AS SELECT customerId, code, level, evidence, stage, doNotChase FROM Warning WHERE day = ?",
    )
    .run(day);
  const before = addDays(day, -1);
  const { value: full, peak: fullPeak } = await withPeakRss(() =>
    timed(() => materialiseWarnings(sql, before, config, { rebuild: true })),
  );
  sql.exec("DROP TABLE IF EXISTS temp.OneThread");
  sql
    .prepare(
      "CREATE TEMP TABLE OneThread AS SELECT customerId, code, level, evidence, stage, doNotChase FROM Warning WHERE day = ?",
    )
    .run(before);
  const { value: inc, peak: incPeak } = await withPeakRss(() =>
    timed(() => materialiseWarnings(sql, day, config)),
  );
  if (inc.value.mode !== "incremental")
    throw new Error(`expected an incremental run, got ${inc.value.fullReason}`);
  const differing = differingRows(sql, "temp.FullRows", day);
  // The same full rebuild over two worker threads (both cores); its rows must equal the one above.
  const skipped = { value: { ...full.value }, ms: Number.NaN, cpuMs: Number.NaN, load: "not run" };
  const parallel = workers
    ? await timedAsync(() => materialiseInWorkers(sql, dbPath, before, config, { rebuild: true, workers: 2 }))
    : skipped;
  const parallelDiffers = differingRows(sql, "temp.OneThread", before);
  sql.exec("DROP TABLE temp.OneThread");
  if (parallel.value.mode !== "full") throw new Error("expected a full parallel run");
  // The incremental day over two worker threads, from the aggregates the parallel rebuild left.
  const parallelInc = workers
    ? await timedAsync(() => materialiseInWorkers(sql, dbPath, day, config, { workers: 2 }))
    : { ...skipped, value: { ...inc.value } };
  if (parallelInc.value.mode !== "incremental")
    throw new Error(`expected an incremental run, got ${parallelInc.value.fullReason}`);
  const parallelIncDiffers = differingRows(sql, "temp.FullRows", day);
  // The same day again with nothing new: only thresholds due and group customers are judged, every
  // other row is carried over in SQL — the cost of a quiet day (or a re-run) on this store.
  const { value: quiet, peak: quietPeak } = await withPeakRss(() =>
    timed(() => materialiseWarnings(sql, day, config)),
  );
  const quietDiffering = differingRows(sql, "temp.FullRows", day);
  sql.exec("DROP TABLE temp.FullRows");
  const ratio = inc.ms / full.ms;
  const v = inc.value;
  // Whether D's rank step ranked with scores: a scored day costs it more (the churn step scores a
  // day after the warnings job, so the daily run is usually unscored; a re-run of a scored day is not).
  const { scores } = churnStateOf(sql, day);
  console.log(
    `  (e) incremental day ${day} after a full rebuild of ${before}, ` +
      (scores > 0
        ? `the day already scored (${scores.toLocaleString("en")} churn scores):`
        : "the day not scored:"),
  );
  console.log(
    `  full rebuild (every customer's rows)   ${seconds(full.ms)} wall ${seconds(full.cpuMs)} cpu  peak RSS ${formatPeak(fullPeak)}  ${full.load}`,
  );
  if (workers)
    console.log(
      `  full rebuild, 2 worker threads         ${seconds(parallel.ms)} wall ${seconds(parallel.cpuMs)} cpu (process, workers included) ${parallel.load}  ` +
        `${(parallel.ms / full.ms).toFixed(2)}× the one-thread rebuild; rows ${parallelDiffers === 0 ? "equal" : `DIFFER (${parallelDiffers})`}`,
    );
  console.log(
    `  incremental day                        ${seconds(inc.ms)} wall ${seconds(inc.cpuMs)} cpu  peak RSS ${formatPeak(incPeak)}  ${inc.load}`,
  );
  console.log(
    `  ${v.folded.toLocaleString("en")} customers folded (${v.rowsFolded.toLocaleString("en")} usage rows), ` +
      `${v.recomputed.toLocaleString("en")} recomputed; ratio ${ratio.toFixed(3)}× the full rebuild; ` +
      `rows ${differing === 0 ? "equal to the full run of the day" : `DIFFER from the full run (${differing})`}`,
  );
  if (workers)
    console.log(
      `  incremental day, 2 worker threads      ${seconds(parallelInc.ms)} wall ${seconds(parallelInc.cpuMs)} cpu (process, workers included) ${parallelInc.load}  ` +
        `${(parallelInc.ms / inc.ms).toFixed(2)}× the one-thread incremental day; judged in ${parallelInc.value.judgeThreads === 1 ? "the job's thread (a small judge set)" : `${parallelInc.value.judgeThreads} workers`}; ` +
        `rows ${parallelIncDiffers === 0 ? "equal to the full run of the day" : `DIFFER from the full run (${parallelIncDiffers})`}`,
    );
  const q = quiet.value;
  console.log(
    `  same day again, nothing new             ${seconds(quiet.ms)} wall ${seconds(quiet.cpuMs)} cpu  peak RSS ${formatPeak(quietPeak)}  ${quiet.load}`,
  );
  console.log(
    `  ${q.judged.toLocaleString("en")} of ${q.customers.toLocaleString("en")} customers judged, ` +
      `${q.carriedRows.toLocaleString("en")} warning rows carried over in SQL (${q.mode}); ` +
      `rows ${quietDiffering === 0 ? "equal to the full run of the day" : `DIFFER from the full run (${quietDiffering})`}`,
  );
  console.log(
    `  goals at 1M: incremental ≤ 10 s ${inc.ms <= 10_000 || parallelInc.ms <= 10_000 ? "ok at this size" : "MISSED"}; full ≤ 60 s ${full.ms <= 60_000 || parallel.ms <= 60_000 ? "ok at this size" : "MISSED"}`,
  );
  return {
    fullMs: full.ms,
    parallelFullMs: parallel.ms,
    incrementalMs: inc.ms,
    parallelIncrementalMs: parallelInc.ms,
    quietMs: quiet.ms,
    ratio,
    equalToFull: differing === 0 && parallelDiffers === 0 && parallelIncDiffers === 0 && quietDiffering === 0,
  };
}
