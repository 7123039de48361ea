/**
 * The churn model on the demo store (BENCH_CUSTOMERS, default 1M; 210 days of history so the
 * snapshot days have full windows): training on the store's history, and the daily scoring step
 * for the as-of day — against the step as it was (usage sums read from the rows), in the same run,
 * with the same scores required. The store is built once and cached like the warnings bench's.
 * BENCH_CHURN_TRAIN=0 reuses the store's newest model instead of training (quicker iterations).
 * Then the same on a PostgreSQL copy of the store (churn-postgres.ts; BENCH_CHURN_POSTGRES=0 skips it).
 */
import { loadavg } from "node:os";
import { addDays } from "../src/domain/dates.js";
import { predictMargins } from "../src/model/gbdt/model.js";
import { churnFeaturesAsOf } from "../src/services/churn/features.js";
import { loadLatestModel, saveTraining } from "../src/services/churn/model-store.js";
import { scoreStoreInParallel } from "../src/services/churn/score-parallel.js";
import { scoreStore } from "../src/services/churn/score-store.js";
import { trainFromStore } from "../src/services/churn/train-from-store.js";
import { keptUsageWindowsAt } from "../src/services/churn/usage-window.js";
import type { SqliteDatabase } from "../src/store/database.js";
import { openStore } from "../src/store/database.js";
import { benchChurnPostgres, type SqliteChurnFigures } from "./churn-postgres.js";
import { formatPeak, withPeakRss } from "./peak-memory.js";
import { timedSeconds as timed, timedSecondsAsync as timedAsync } from "./timed-seconds.js";
import { benchStore } from "./warnings-store.js";

const AS_OF = "2026-06-30";

const secs = (t: { s: number; cpuS: number }) => `${t.s.toFixed(1)} s wall / ${t.cpuS.toFixed(1)} s CPU`;

/** The day's scores as "probability reasons" per customer, to compare two runs. */
const scoresOf = (sql: SqliteDatabase, day: string) =>
  new Map(
    (
      sql.prepare(`SELECT customerId, probability, reasons FROM ChurnScore WHERE day = ?`).raw().all(day) as [
        string,
        number,
        string,
      ][]
    ).map(([id, p, reasons]) => [id, `${p} ${reasons}`]),
  );

export async function benchChurnStore(): Promise<void> {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const days = 210;
  console.log(
    `demo store: ${customers.toLocaleString("en")} customers × ${days} days${customers < 1_000_000 ? " (BENCH_CUSTOMERS: not the 1M goal)" : ""}`,
  );
  const { path, builtMs } = await benchStore({ seed: 7, asOf: AS_OF, customers, days });
  console.log(
    builtMs === null ? `  store: cached ${path}` : `  store: built in ${(builtMs / 1000).toFixed(0)} s`,
  );
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(`  load average (1/5/15 min): ${load()}`);
  const store = openStore(`file:${path}`);
  const sql = store.sql;
  try {
    let model = loadLatestModel(sql);
    let trained: SqliteChurnFigures["training"] = null;
    if (process.env.BENCH_CHURN_TRAIN !== "0" || !model.ok) {
      const { value: train, peak } = await withPeakRss(() =>
        timed(() => trainFromStore(sql, { asOf: AS_OF })),
      );
      const t = train.value;
      console.log(
        `  train: ${t.rows.toLocaleString("en")} customer-day rows (${t.leavers} leaver rows), ${secs(train)}, peak RSS ${formatPeak(peak)}; holdout ${t.holdoutDay}: AUC ${t.holdout.auc.toFixed(3)}, lift ${t.holdout.topDecileLift.toFixed(2)}, mean p ${(t.holdout.meanProbability * 100).toFixed(2)} % vs ${(t.holdout.baseRate * 100).toFixed(2)} % left (${t.holdout.leavers} leavers)`,
      );
      if (!t.model) return;
      trained = { outcome: t, s: train.s, cpuS: train.cpuS };
      saveTraining(sql, t, new Date());
      model = loadLatestModel(sql);
    }
    if (!model.ok) throw new Error(model.error.message);
    const { model: trees, version } = model.value;
    console.log(`  model ${version}; load average now ${load()}`);
    // The first run of the kept window (or after a gap): a recount, here for the day before.
    const first = timed(() => keptUsageWindowsAt(sql, addDays(AS_OF, -1)).update);
    console.log(`  kept usage window for ${addDays(AS_OF, -1)} (${first.value.mode}): ${secs(first)}`);
    // The reference: the scoring step as it was, with the usage sums read from the rows.
    const { value: reference, peak: referencePeak } = await withPeakRss(() =>
      timed(() => scoreStore(sql, AS_OF, trees, version, "rows")),
    );
    const referenceScores = scoresOf(sql, AS_OF);
    // The daily job scores a day once (daily-churn.ts: only a day without scores), so the step is
    // timed on a day without rows: the reference's rows are deleted first, timed apart.
    const cleared = timed(() => sql.prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(AS_OF).changes);
    console.log(
      `  reference's ${cleared.value.toLocaleString("en")} rows deleted before the daily step (${secs(cleared)}; not part of it)`,
    );
    const phases: string[] = [];
    // Today's daily step: the kept window moved one day (a fold) in this thread while two helper
    // threads read and score half the customers each (score-parallel.ts), this thread writing the rows.
    const { value: daily, peak: dailyPeak } = await withPeakRss(() =>
      timedAsync(() =>
        scoreStoreInParallel(sql, path, AS_OF, trees, version, {
          onPhase: (phase, ms) => phases.push(`${phase.replace("_", " ")} ${(ms / 1000).toFixed(1)} s`),
        }),
      ),
    );
    const dailyScores = scoresOf(sql, AS_OF);
    let differing = Math.abs(referenceScores.size - dailyScores.size);
    for (const [id, score] of referenceScores) if (dailyScores.get(id) !== score) differing++;
    const rows = daily.value.customers;
    const rate = (s: number) => Math.round(rows / s).toLocaleString("en");
    console.log(
      `  scoring step as before (usage from the rows): ${secs(reference)} for ${rows.toLocaleString("en")} customers, peak RSS ${formatPeak(referencePeak)}`,
    );
    console.log(
      `  daily scoring step now (kept window folded one day, two helper threads + the writer): ${secs(daily)} (${rate(daily.s)} rows/s; goal: 1M in ≤ 30 s), peak RSS ${formatPeak(dailyPeak)}; ${(reference.cpuS / daily.cpuS).toFixed(2)}× less CPU; scores differing from the reference: ${differing}`,
    );
    console.log(`    (${phases.join(", ")})`);
    const features = timed(() => churnFeaturesAsOf(sql, AS_OF, "kept"));
    const predict = timed(() => predictMargins(trees, features.value.columns, rows));
    console.log(
      `  of which: features (same day again) ${secs(features)}; prediction only ${predict.s.toFixed(2)} s (${rate(predict.s)} rows/s)`,
    );
    // The same store on PostgreSQL (BENCH_CHURN_POSTGRES=0 skips it).
    if (process.env.BENCH_CHURN_POSTGRES !== "0") {
      sql.pragma("wal_checkpoint(TRUNCATE)");
      await benchChurnPostgres({
        path,
        asOf: AS_OF,
        training: trained,
        daily: { s: daily.s, cpuS: daily.cpuS, scores: dailyScores },
      });
    }
  } finally {
    await store.close();
  }
}
