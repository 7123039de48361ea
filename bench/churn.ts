/**
 * Churn model benchmark (issue 10) on the public data in ../shared/datasets (never copied here):
 * (a) Cell2Cell calibration, 5-fold stratified CV: AUC, Gini, top-decile lift with held-out rows
 *     weighted to the real 2 % churn rate; fit time (wall and CPU) per fold, rows/s scored; the
 *     rules-only priority mapped onto the same rows side by side; one fit on all 40,000 rows.
 * (b) IBM Telco, the same CV (its sample is representative: no weighting).
 * (c) the demo store: training on its history and scoring every customer (churn-store.ts).
 * A machine shared with other work stretches wall time: CPU time and the load average are printed.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { DEFAULT_RULES_CONFIG } from "../src/domain/rules-config.js";
import { crossValidate, stratifiedFolds, subset } from "../src/model/cross-validate.js";
import { cell2cellRulePriority } from "../src/model/datasets/cell2cell-rules.js";
import { DATASET_DEFAULTS, fitDataset } from "../src/model/datasets/dataset-model.js";
import type { DatasetSpec } from "../src/model/datasets/dataset-spec.js";
import { DATASETS } from "../src/model/datasets/index.js";
import { readDataset } from "../src/model/datasets/read-dataset.js";
import { type RankingMetrics, rankingMetrics } from "../src/model/metrics.js";
import { rateWeights } from "../src/model/weighting.js";
import { benchChurnStore } from "./churn-store.js";

const DATA_DIR = join(import.meta.dirname, "..", "..", "shared", "datasets");
const FILES: Record<DatasetSpec["name"], string> = {
  cell2cell: join(DATA_DIR, "cell2cell", "calibration.csv"),
  telco: join(DATA_DIR, "ibm-telco", "telco-customer-churn.csv"),
};

const f3 = (x: number) => x.toFixed(3);
const line = (label: string, m: RankingMetrics) =>
  `  ${label.padEnd(34)} AUC ${f3(m.auc)}  Gini ${f3(m.gini)}  top-decile lift ${m.topDecileLift.toFixed(2)}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function benchDataset(spec: DatasetSpec): Promise<void> {
  const path = FILES[spec.name];
  if (!existsSync(path)) {
    console.log(`  ${spec.name}: ${path} is absent — skipped (see ../shared/datasets/README.md)`);
    return;
  }
  const read = await readDataset(spec, path, { needLabel: true });
  if (!read.ok) throw new Error(read.error.message);
  const table = {
    featureNames: spec.featureNames,
    columns: read.value.columns,
    labels: Uint8Array.from(read.value.labels!, (l) => l ?? 0),
  };
  const defaults = DATASET_DEFAULTS[spec.name];
  const rate = spec.realBaseRate;
  console.log(
    `${spec.name}: ${table.labels.length} rows × ${spec.featureNames.length} features, 5-fold CV` +
      (rate === null ? "" : `, held-out rows weighted to the real ${rate * 100} % churn rate`) +
      ` (load average ${load()})`,
  );
  const cpu = process.cpuUsage();
  const cv = crossValidate(table, {
    boosting: defaults.boosting,
    trainRate: defaults.weighting === "real" ? rate : null,
    evalRate: rate,
  });
  const used = process.cpuUsage(cpu);
  console.log(line(`model (${defaults.weighting} weighting)`, cv.mean));
  for (const [i, m] of cv.folds.entries()) console.log(line(`  fold ${i + 1}`, m));
  const meanFit = cv.fitMs.reduce((s, v) => s + v, 0) / cv.fitMs.length / 1000;
  console.log(
    `  fit ${meanFit.toFixed(1)} s wall per fold (${(table.labels.length * 0.8).toFixed(0)} rows); whole CV ${((used.user + used.system) / 1e6).toFixed(0)} s CPU; scoring ${Math.round(cv.rowsPerSecond).toLocaleString("en")} rows/s`,
  );
  if (spec.name === "cell2cell") {
    // The rules-only priority, on the same held-out folds (it has nothing to fit).
    const folds = stratifiedFolds(table.labels, 5, 7);
    const rules = folds.map((rows) => {
      const part = subset(table, rows);
      const scores = cell2cellRulePriority(
        part.featureNames,
        part.columns,
        rows.length,
        DEFAULT_RULES_CONFIG,
      );
      return rankingMetrics(scores, part.labels, rate === null ? undefined : rateWeights(part.labels, rate));
    });
    const mean = (pick: (m: RankingMetrics) => number) =>
      rules.reduce((s, m) => s + pick(m), 0) / rules.length;
    console.log(
      line("rules-only priority (mapped)", {
        auc: mean((m) => m.auc),
        gini: mean((m) => m.gini),
        topDecileLift: mean((m) => m.topDecileLift),
      }),
    );
  }
  const fitCpu = process.cpuUsage();
  const started = performance.now();
  const fitted = fitDataset(spec, read.value, {
    weighting: defaults.weighting,
    boosting: defaults.boosting,
    now: new Date(),
  });
  if (!fitted.ok) throw new Error(fitted.error.message);
  const fitUsed = process.cpuUsage(fitCpu);
  console.log(
    `  fit on all ${table.labels.length} rows: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((fitUsed.user + fitUsed.system) / 1e6).toFixed(1)} s CPU (goal ≤ 60 s), ${fitted.value.model.trees.length} trees`,
  );
}

/** BENCH_CHURN=store runs only (c), =data only (a) and (b); both by default. */
export async function benchChurn(): Promise<void> {
  const part = process.env.BENCH_CHURN ?? "all";
  if (part !== "store") {
    await benchDataset(DATASETS.cell2cell);
    await benchDataset(DATASETS.telco);
  }
  if (part !== "data") await benchChurnStore();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchChurn();
