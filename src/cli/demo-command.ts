import type { Command } from "commander";
import { createApp, type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { DEMO_HISTORY_DAYS, type DemoSummary } from "../demo/load-demo.js";
import { loadDemoAtomically } from "../demo/load-demo-atomically.js";
import { CARE_CODES, SIGNAL_CODES } from "../demo/plan.js";
import { sqliteOnly } from "../store/app-store.js";
import { isStoreEmpty } from "../store/setup-store.js";

interface DemoCommandOptions {
  customers: string;
  seed?: string;
  days: string;
  replace?: boolean;
}

function positiveInt(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${value}")`);
  return n;
}

/** Progress on stderr: one rewritten line on a terminal, a line per 10 % otherwise. */
function progressReporter(): (done: number, total: number) => void {
  let lastShown = -1;
  return (done, total) => {
    const percent = Math.floor((done * 100) / total);
    if (process.stderr.isTTY) {
      process.stderr.write(
        `\rloading demo: ${done}/${total} customers (${percent}%)${done === total ? "\n" : ""}`,
      );
    } else if (total >= 10_000 && Math.floor(percent / 10) > lastShown) {
      lastShown = Math.floor(percent / 10);
      process.stderr.write(`loading demo: ${done}/${total} customers (${percent}%)\n`);
    }
  };
}

function describe(summary: DemoSummary, path: string, seconds: number): string {
  const t = summary.tables;
  const rate = Math.round(t.DailyUsage / Math.max(seconds, 0.001));
  const list = (codes: readonly string[]) =>
    codes.map((c) => `${c} ${summary.planted[c as keyof DemoSummary["planted"]]}`).join(", ");
  return [
    `Demo data loaded into ${path} (seed ${summary.seed}, as of ${summary.asOf}, ${summary.days} days) in ${seconds.toFixed(1)} s:`,
    `  teams ${t.Team}, managers ${t.Manager}, customers ${t.Customer}, daily usage ${t.DailyUsage} (${rate} rows/s), bills ${t.Bill}, events ${t.Event}`,
    `  planted signals: ${list(SIGNAL_CODES)}`,
    `  care moments: ${list(CARE_CODES)}`,
    `Try: npm run cli -- ask "今天谁有风险" --user console:M001`,
  ].join("\n");
}

/** `demo`: load the demo data set; refuses a store that has data unless --replace. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("load the demo data set (teams, managers, customers, usage, bills, events)")
    .option("--customers <n>", "how many customers", "2000")
    .option("--seed <s>", "random seed (default: RETAINBOT_DEMO_SEED or 42)")
    .option("--days <d>", "days of daily usage up to the as-of day", String(DEMO_HISTORY_DAYS))
    .option("--replace", "clear the store's customer data first")
    .action(async (options: DemoCommandOptions) => {
      // Check the arguments before createApp, which migrates the store (seconds).
      const customers = positiveInt("customers", options.customers, 10_000_000);
      const days = positiveInt("days", options.days, 3650);
      if (options.seed !== undefined && !/^\d+$/.test(options.seed))
        throw new UsageError(`--seed must be a whole number (got "${options.seed}")`);
      const app = createApp(loadConfig(program.opts<GlobalOptions>()));
      try {
        const seed = options.seed === undefined ? app.config.RETAINBOT_DEMO_SEED : Number(options.seed);
        if (app.store.kind === "postgres") {
          if (options.replace)
            throw new UsageError(
              "`demo --replace` works on SQLite only: on PostgreSQL the demo loads into an empty database (create a new one for it). Nothing was loaded.",
            );
          const started = performance.now();
          const asOf = app.clock.today(app.config.RETAINBOT_TIME_ZONE);
          const { loadDemoIntoPostgres } = await import("../demo/load-demo-postgres.js");
          const loaded = await loadDemoIntoPostgres(app.config.DATABASE_URL, {
            seed,
            asOf,
            customers,
            days,
            onProgress: progressReporter(),
          });
          if (!loaded.ok) throw new UsageError(`${loaded.error.message} Nothing was loaded.`);
          process.stdout.write(
            `${describe(loaded.value, app.store.path, (performance.now() - started) / 1000)}\n`,
          );
          return;
        }
        if (!options.replace && !(await isStoreEmpty(sqliteOnly(app.store, "`demo`"))))
          throw new UsageError(
            `The store at ${app.store.path} already has data. Nothing was loaded.\n` +
              "Run `demo --replace` to delete its customers (with their usage, bills, events, outcomes " +
              "and warnings; the audit log is kept) and load the demo instead.",
          );
        const started = performance.now();
        const asOf = app.clock.today(app.config.RETAINBOT_TIME_ZONE);
        // Built aside and moved in by one transaction: a kill midway leaves the store as it was.
        const options_ = { seed, asOf, customers, days, onProgress: progressReporter() };
        const load = await loadDemoAtomically(
          sqliteOnly(app.store, "`demo`"),
          options_,
          options.replace === true,
        );
        if (!load.loaded)
          throw new UsageError(`The store at ${app.store.path} got data meanwhile. Nothing was loaded.`);
        const { summary, cleared } = load;
        if (cleared > 0)
          process.stderr.write(`Cleared ${cleared} customers and everything recorded about them.\n`);
        process.stdout.write(`${describe(summary, app.store.path, (performance.now() - started) / 1000)}\n`);
      } finally {
        await app.store.close();
      }
    });
}
