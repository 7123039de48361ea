import type { Command } from "commander";
import { type GlobalOptions, UsageError } from "../create-app.js";
import { isIsoDay } from "../domain/dates.js";
import { warningCountsOn } from "../services/warnings/daily-job.js";
import { type MaterialiseStats, materialiseWarnings } from "../services/warnings/materialise.js";
import { materialiseInWorkers } from "../services/warnings/parallel-run.js";
import { lastRunCustomers } from "../services/warnings/warning-runs.js";
import { warningsWorkers } from "../services/warnings/worker-count.js";
import { createLiveApp } from "./live-store.js";

/**
 * `warnings [--date D] [--rebuild] [--workers N] [--json]`: the daily warnings job for the whole store, run by hand
 * or from cron. It (re)computes day D's `Warning` rows — replacing an earlier run for D — and prints
 * the counts per signal and level. It folds in only the usage that changed since the last run
 * unless `--rebuild` (or the state of the aggregates) asks for every customer to be recomputed. Safe while the bot runs: it does not migrate, and writes in one
 * short transaction at the end.
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
        const counts = warningCountsOn(app.store.sql, day);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...stats, counts }, null, 2)}\n`);
          return;
        }
        const width = Math.max(0, ...counts.map((c) => c.code.length));
        process.stdout.write(
          [
            `Warnings for ${day}: ${stats.customers} customers checked, ${stats.customersAtRisk} at risk, ${stats.warnings} warnings (${(stats.ms / 1000).toFixed(1)} s)`,
            `  ${howComputed(stats)}`,
            ...counts.map(
              (c) => `  level ${c.level}  ${c.code.padEnd(width)}  ${String(c.count).padStart(6)}`,
            ),
            "",
          ].join("\n"),
        );
      } finally {
        await app.store.close();
      }
    });
}

/** One line on how the usage was read: folded from the last run, or recomputed (and why). */
function howComputed(stats: MaterialiseStats): string {
  if (stats.mode === "incremental")
    return (
      `incremental: ${stats.folded} customers folded (${stats.rowsFolded} usage rows), ${stats.recomputed} recomputed; ` +
      `${stats.judged} of ${stats.customers} judged, ${stats.carriedRows} warning rows carried over`
    );
  return `full rebuild (${stats.fullReason}): ${stats.recomputed} customers recomputed`;
}
