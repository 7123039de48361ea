/**
 * Scores every current customer on day D with a stored model and writes the day's ChurnScore rows
 * (replacing an earlier run for D) in one transaction: the probability and the top reasons, the
 * features whose path contributions raised the score most, with the customer's value of each.
 */
import { CHURN_FEATURES, type ChurnFeature } from "../../domain/churn-features.js";
import { blockContributions } from "../../model/gbdt/bulk-contributions.js";
import { type BoostedModel, contributions, sigmoid } from "../../model/gbdt/model.js";
import type { SqliteDatabase } from "../../store/database.js";
import { churnFeaturesAsOf, type UsageSource } from "./features.js";

export interface ChurnReason {
  feature: ChurnFeature;
  /** The customer's value of the feature on D (null: missing). */
  value: number | null;
  /** How much it raised the log-odds. */
  contribution: number;
}

/** The smallest contribution that counts as a reason (log-odds). */
const MIN_CONTRIBUTION = 0.01;

/**
 * Up to `top` features whose contributions (perFeature[offset + f]) raised the score, largest first
 * (equal ones in feature order), with the customer's value of each.
 */
export function pickReasons(
  perFeature: ArrayLike<number>,
  offset: number,
  featureValue: (feature: number) => number,
  top = 3,
): ChurnReason[] {
  const best: number[] = [];
  for (let f = 0; f < CHURN_FEATURES.length; f++) {
    const c = perFeature[offset + f]!;
    if (!(c > MIN_CONTRIBUTION)) continue;
    let at = best.length;
    while (at > 0 && c > perFeature[offset + best[at - 1]!]!) at--;
    if (at < top) {
      best.splice(at, 0, f);
      if (best.length > top) best.pop();
    }
  }
  return best.map((f) => {
    const value = featureValue(f);
    return {
      feature: CHURN_FEATURES[f]!,
      value: Number.isNaN(value) ? null : value,
      contribution: Math.round(perFeature[offset + f]! * 1000) / 1000,
    };
  });
}

/** Up to `top` features that raised this row's score, largest first. */
export function topReasons(model: BoostedModel, row: ArrayLike<number>, top = 3): ChurnReason[] {
  return pickReasons(contributions(model, row).perFeature, 0, (f) => row[f]!, top);
}

export interface ScoreStats {
  day: string;
  customers: number;
  ms: number;
}

/** Rows scored per block (contributions of a block: rows × features doubles). */
const BLOCK = 4096;
/** Rows per INSERT statement. */
const PER_INSERT = 100;

/**
 * Scores every current customer on day D: features in one pass per table (features.ts; the usage
 * sums from the kept window), then blocks of rows tree by tree (margins and contributions
 * together), and the rows written 100 per INSERT, all in one transaction that replaces D's scores.
 */
export function scoreStore(
  sql: SqliteDatabase,
  day: string,
  model: BoostedModel,
  version: string,
  /** Where the usage sums come from: the kept window (daily), or the rows (the bench's reference). */
  usage: UsageSource = "kept",
): ScoreStats {
  const started = performance.now();
  // The usage sums from the kept window, moved to D (usage-window.ts): the same as from the rows.
  const table = churnFeaturesAsOf(sql, day, usage);
  const rows = table.customerIds.length;
  const columns = ["day", "customerId", "probability", "reasons", "modelVersion"];
  const insertOf = (n: number) =>
    sql.prepare(
      `INSERT INTO "ChurnScore" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${Array.from(
        { length: n },
        () => "(?, ?, ?, ?, ?)",
      ).join(", ")}`,
    );
  const insertMany = insertOf(PER_INSERT);
  const values: unknown[] = [];
  const flush = () => {
    const n = values.length / columns.length;
    if (n === 0) return;
    (n === PER_INSERT ? insertMany : insertOf(n)).run(values);
    values.length = 0;
  };
  sql.transaction(() => {
    sql.prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(day);
    for (let from = 0; from < rows; from += BLOCK) {
      const to = Math.min(rows, from + BLOCK);
      const block = blockContributions(model, table.columns, from, to);
      for (let r = from; r < to; r++) {
        const p = sigmoid(block.margins[r - from]! + model.marginOffset);
        const reasons = pickReasons(
          block.perFeature,
          (r - from) * block.features,
          (f) => table.columns[f]![r]!,
        );
        values.push(day, table.customerIds[r]!, p, JSON.stringify(reasons), version);
        if (values.length === PER_INSERT * columns.length) flush();
      }
    }
    flush();
  })();
  return { day, customers: rows, ms: performance.now() - started };
}
