import type { Command } from "commander";
import { type GlobalOptions, UsageError } from "../create-app.js";
import { churnReasonMessages } from "../i18n/churn-reasons.js";
import { runChurnTaskInWorker } from "../services/churn/run-in-worker.js";
import { MIN_LEAVERS } from "../services/churn/train-from-store.js";
import { createLiveApp } from "./live-store.js";

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");

/**
 * `model train [--json]`: trains the churn model on the store's history (several past snapshot
 * days, the latest held out), stores it with its version, data window and holdout metrics, and
 * prints them. Too few leavers: no model, rules only, said plainly (exit code 3).
 */
export function registerModelTrainCommand(model: Command, program: Command): void {
  model
    .command("train")
    .description("train the churn model on the store's own history and store it")
    .option("--json", "print the result as JSON")
    .action(async (options: { json?: boolean }) => {
      const app = createLiveApp(program.opts<GlobalOptions>());
      try {
        const day = app.clock.today(app.config.RETAINBOT_TIME_ZONE);
        const result = await runChurnTaskInWorker({
          kind: "train",
          // The worker opens the SQLite file, or a pool of its own to the PostgreSQL URL.
          path: app.store.kind === "postgres" ? app.store.url : app.store.path,
          options: { asOf: day },
          now: app.clock.now().getTime(),
        });
        if (!result.ok) throw new UsageError(`Training failed: ${result.error.message}`);
        const t = result.value;
        if (t.kind !== "train") throw new Error("unexpected result");
        if (options.json) {
          process.stdout.write(`${JSON.stringify(t, null, 2)}\n`);
        } else {
          const h = t.holdout;
          const lines = [
            `Churn model ${t.version}: ${t.rows} customer-days from ${t.dataFrom} to ${t.dataTo} (${t.leavers} left 31–60 days later), ${(t.ms / 1000).toFixed(1)} s`,
            ...(t.stayers.kept < t.stayers.total
              ? [
                  `  stayers sampled: ${t.stayers.kept} of ${t.stayers.total} kept, weighted back to the real mix`,
                ]
              : []),
            `Holdout ${t.holdoutDay}: ${h.rows} customers, ${h.leavers} leavers (base rate ${(h.baseRate * 100).toFixed(1)} %)`,
          ];
          if (t.status === "trained") {
            lines.push(`  AUC ${f3(h.auc)}  Gini ${f3(h.gini)}  top-decile lift ${f3(h.topDecileLift)}`);
            lines.push(
              `  mean predicted probability ${(h.meanProbability * 100).toFixed(1)} % against ${(h.baseRate * 100).toFixed(1)} % who left (calibration)`,
            );
          } else {
            lines.push(
              churnReasonMessages(app.config.RETAINBOT_LOCALE).rulesOnly(
                app.config.RETAINBOT_LOCALE === "en"
                  ? `${t.leavers} leavers in the history, at least ${MIN_LEAVERS} are needed to train`
                  : `历史中仅 ${t.leavers} 位离网客户，至少需要 ${MIN_LEAVERS} 位才能训练模型`,
              ),
            );
          }
          process.stdout.write(`${lines.join("\n")}\n`);
        }
        if (t.status !== "trained") process.exitCode = 3;
      } finally {
        await app.store.close();
      }
    });
}
