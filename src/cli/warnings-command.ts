import type { Command } from "commander";
import type { App } from "../app.js";
import { type GlobalOptions, UsageError } from "../create-app.js";
import { isIsoDay } from "../domain/dates.js";
import { bySignalOrder, type WarningCountRow, warningCountsOn } from "../services/warnings/daily-job.js";
import { materialiseDayOn } from "../services/warnings/day-on-handle.js";
import { type MaterialiseStats, materialiseWarnings } from "../services/warnings/materialise.js";
import { materialiseInWorkers } from "../services/warnings/parallel-run.js";
import { lastRunCustomers } from "../services/warnings/warning-runs.js";
import { warningsWorkers } from "../services/warnings/worker-count.js";
import { isPostgresCurrent } from "../store/postgres/migrate-postgres.js";
import type { SqlHandle } from "../store/sql-handle.js";
import { dayWarningCounts } from "../store/warning-day-writes.js";
import { createLiveApp } from "./live-store.js";

/**
 * `warnings [--date D] [--rebuild] [--workers N] [--json]`: the daily warnings job for the whole store, run by hand
 * or from cron. It (re)computes day D's `Warning` rows — replacing an earlier run for D — and prints
 * the counts per signal and level. It folds in only the usage that changed since the last run
 * unless `--rebuild` (or the state of the aggregates) asks for every customer to be recomputed. Safe while the bot runs: it does not migrate, and writes in one
 * short transaction at the end. On a PostgreSQL DATABASE_URL every customer is judged from usage
 * aggregates kept in the store and moved day to day in SQL (services/warnings/day-on-handle.ts,
 * decision 022); `--rebuild` reads every row again; `--workers` changes nothing there.
 */
export function registerWarningsCommand(program: Command): void {
  program
    .command("warnings")
    .description("run the daily warnings job for a day and print the counts per signal and level")
    .option("--date <YYYY-MM-DD>", "the day (default: --as-of, or today in RETAINBOT_TIME_ZONE)")
    .option("--rebuild", "recompute every customer's usage aggregates from their rows (not incrementally)")
    .option(
      "--workers <n>",
      "judge the customers in n worker threads (default: RETAINBOT_WARNINGS_WORKERS, auto)",
    )
    .option("--json", "print the result as JSON")
    .action(async (options: { date?: string; rebuild?: boolean; workers?: string; json?: boolean }) => {
      if (options.date && !isIsoDay(options.date)) throw new UsageError("--date must be YYYY-MM-DD");
      const asked = options.workers === undefined ? undefined : Number(options.workers);
      if (asked !== undefined && (!Number.isInteger(asked) || asked < 1 || asked > 16))
        throw new UsageError("--workers must be a whole number from 1 to 16");
      const app = createLiveApp(program.opts<GlobalOptions>());
      try {
        if (app.store.kind === "postgres") {
          await warningsOnPostgres(app, app.store.db, options);
          return;
        }
        const workers =
          asked ?? warningsWorkers(app.config.RETAINBOT_WARNINGS_WORKERS, lastRunCustomers(app.store.sql));
        const day = options.date ?? app.clock.today(app.config.RETAINBOT_TIME_ZONE);
        const stats =
          workers > 1
            ? await materialiseInWorkers(app.store.sql, app.store.path, day, app.rules, {
                rebuild: options.rebuild,
                workers,
              })
            : materialiseWarnings(app.store.sql, day, app.rules, { rebuild: options.rebuild });
        printResult(day, stats, howComputed(stats), warningCountsOn(app.store.sql, day), options.json);
      } finally {
        await app.store.close();
      }
    });
}

interface DayResult {
  customers: number;
  customersAtRisk: number;
  warnings: number;
  ms: number;
}

/** The day's totals, how it was computed and its counts per signal and level (or all of it as JSON). */
function printResult(day: string, stats: DayResult, how: string, counts: WarningCountRow[], json?: boolean) {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...stats, counts }, null, 2)}\n`);
    return;
  }
  const width = Math.max(0, ...counts.map((c) => c.code.length));
  process.stdout.write(
    [
      `Warnings for ${day}: ${stats.customers} customers checked, ${stats.customersAtRisk} at risk, ${stats.warnings} warnings (${(stats.ms / 1000).toFixed(1)} s)`,
      `  ${how}`,
      ...counts.map((c) => `  level ${c.level}  ${c.code.padEnd(width)}  ${String(c.count).padStart(6)}`),
      "",
    ].join("\n"),
  );
}

/** The job on a PostgreSQL store: every customer recomputed (see the command's comment). */
async function warningsOnPostgres(
  app: App,
  db: SqlHandle,
  options: { date?: string; rebuild?: boolean; json?: boolean },
) {
  if (!(await isPostgresCurrent(app.config.DATABASE_URL)))
    throw new UsageError(
      "The PostgreSQL store is not set up or not current: run `npm run cli -- setup` first.",
    );
  const day = options.date ?? app.clock.today(app.config.RETAINBOT_TIME_ZONE);
  const stats = await materialiseDayOn(db, day, app.rules, { rebuild: options.rebuild });
  const counts = (await dayWarningCounts(db, day)).sort(bySignalOrder);
  const a = stats.aggregates;
  const usage =
    a.mode === "incremental"
      ? `incremental on PostgreSQL from ${a.from}: ${a.folded + a.unmoved} customers' usage moved, ${a.recomputed} recomputed from their rows`
      : `full recompute on PostgreSQL (${a.reason})`;
  const how = `${usage}; ${stats.customers} customers judged, ${stats.modelOnly} added by the churn model`;
  printResult(day, stats, how, counts, options.json);
}

/**
 * One line on how the usage was read (folded from the last run, or recomputed, and why) and in how
 * many threads the customers were judged: `--workers 2` judges a small incremental set in one.
 */
function howComputed(stats: MaterialiseStats): string {
  const threads =
    stats.judgeThreads === 1 ? "judged in one thread" : `judged in ${stats.judgeThreads} worker threads`;
  if (stats.mode === "incremental")
    return (
      `incremental: ${stats.folded} customers folded (${stats.rowsFolded} usage rows), ${stats.recomputed} recomputed; ` +
      `${stats.judged} of ${stats.customers} judged, ${stats.carriedRows} warning rows carried over; ${threads}`
    );
  return `full rebuild (${stats.fullReason}): ${stats.recomputed} customers recomputed; ${threads}`;
}
