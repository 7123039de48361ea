/**
 * The churn model on the demo store (BENCH_CUSTOMERS, default 1M; 210 days of history so the
 * snapshot days have full windows): training on the store's history, and scoring every customer
 * for the as-of day — feature SQL, prediction with reasons, and the writes, each timed. The store
 * is built once and cached like the warnings bench's (a 1M build takes ~30 min here).
 */
import { loadavg } from "node:os";
import { predictMargins } from "../src/model/gbdt/model.js";
import { churnFeaturesAsOf } from "../src/services/churn/features.js";
import { saveTraining } from "../src/services/churn/model-store.js";
import { scoreStore } from "../src/services/churn/score-store.js";
import { trainFromStore } from "../src/services/churn/train-from-store.js";
import { openStore } from "../src/store/database.js";
import { referenceScoring, usageAggregate } from "./churn-store-reference.js";
import { benchStore } from "./warnings-store.js";

const AS_OF = "2026-06-30";

function timed<T>(work: () => T): { value: T; s: number; cpuS: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, s: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

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
  console.log(
    `  load average (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const store = openStore(`file:${path}`);
  try {
    const train = timed(() => trainFromStore(store.sql, { asOf: AS_OF }));
    const t = train.value;
    console.log(
      `  train: ${t.rows.toLocaleString("en")} customer-days, ${t.leavers} leavers, ${train.s.toFixed(1)} s wall / ${train.cpuS.toFixed(1)} s CPU; holdout ${t.holdoutDay}: AUC ${t.holdout.auc.toFixed(3)}, lift ${t.holdout.topDecileLift.toFixed(2)} (${t.holdout.leavers} leavers)`,
    );
    if (!t.model) return;
    const version = saveTraining(store.sql, t, new Date());
    const model = t.model;
    const rate = (rows: number, s: number) => Math.round(rows / s).toLocaleString("en");
    // The reference (the step as it was) and today's, on the same store in the same run.
    // Each twice, alternating, the faster kept: the first read of the file warms the page cache.
    const best = (a: ReturnType<typeof timed>, b: ReturnType<typeof timed>) => (a.cpuS <= b.cpuS ? a : b);
    const usage = [true, false, true, false].map((keyOrder) =>
      timed(() => usageAggregate(store.sql, AS_OF, keyOrder)),
    );
    const newUsage = best(usage[0]!, usage[2]!);
    const refUsage = best(usage[1]!, usage[3]!);
    const features = timed(() => churnFeaturesAsOf(store.sql, AS_OF));
    const rows = features.value.customerIds.length;
    const refScore = timed(() => referenceScoring(store.sql, features.value, model, version));
    const predict = timed(() => predictMargins(model, features.value.columns, rows));
    const score = timed(() => scoreStore(store.sql, AS_OF, model, version));
    console.log(
      `  features for ${rows.toLocaleString("en")} customers: ${features.s.toFixed(1)} s wall / ${features.cpuS.toFixed(1)} s CPU; usage aggregate ${newUsage.cpuS.toFixed(1)} s CPU, as before (date index) ${refUsage.cpuS.toFixed(1)} s CPU`,
    );
    console.log(`  prediction only: ${predict.s.toFixed(2)} s (${rate(rows, predict.s)} rows/s)`);
    console.log(
      `  prediction + reasons + writes as before (row by row): ${refScore.s.toFixed(1)} s wall / ${refScore.cpuS.toFixed(1)} s CPU (${rate(rows, refScore.s)} rows/s)`,
    );
    console.log(
      `  whole scoring step now (features + blocks of margins and contributions + 100-row INSERTs): ${score.s.toFixed(1)} s wall / ${score.cpuS.toFixed(1)} s CPU (${rate(rows, score.s)} rows/s; goal: 1M in ≤ 30 s)`,
    );
    const before = features.cpuS - newUsage.cpuS + refUsage.cpuS + refScore.cpuS;
    console.log(
      `  scoring step CPU now vs before: ${score.cpuS.toFixed(1)} s vs ${before.toFixed(1)} s (${(before / score.cpuS).toFixed(2)}×; before = features with the old usage aggregate + the old row-by-row step)`,
    );
  } finally {
    await store.close();
  }
}
