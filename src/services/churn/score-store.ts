/**
 * Scores every current customer on day D with a stored model and writes the day's ChurnScore rows
 * (replacing an earlier run for D) in one transaction: the probability and the top reasons, the
 * features whose path contributions raised the score most, with the customer's value of each.
 */
import { CHURN_FEATURES, type ChurnFeature } from "../../domain/churn-features.js";
import { blockContributions } from "../../model/gbdt/bulk-contributions.js";
import { type BoostedModel, contributions, sigmoid } from "../../model/gbdt/model.js";
import type { SqliteDatabase } from "../../store/database.js";
import { churnFeaturesAsOf, type FeatureTable, type UsageSource } from "./features.js";

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

/** Scored rows as the ChurnScore rows take them: the probability and the reasons as JSON. */
export interface ScoredRows {
  customerIds: string[];
  probabilities: Float64Array;
  reasons: string[];
}

/**
 * Scores rows [from, to) of a feature table: blocks of rows tree by tree (margins and contributions
 * together), each row's probability and top reasons (as the JSON ChurnScore stores).
 */
export function scoreRows(
  model: BoostedModel,
  table: FeatureTable,
  from = 0,
  to = table.customerIds.length,
): ScoredRows {
  const probabilities = new Float64Array(to - from);
  const reasons: string[] = [];
  for (let start = from; start < to; start += BLOCK) {
    const end = Math.min(to, start + BLOCK);
    const block = blockContributions(model, table.columns, start, end);
    for (let r = start; r < end; r++) {
      probabilities[r - from] = sigmoid(block.margins[r - start]! + model.marginOffset);
      const picked = pickReasons(
        block.perFeature,
        (r - start) * block.features,
        (f) => table.columns[f]![r]!,
      );
      reasons.push(JSON.stringify(picked));
    }
  }
  return { customerIds: table.customerIds.slice(from, to), probabilities, reasons };
}

const COLUMNS = ["day", "customerId", "probability", "reasons", "modelVersion"];

/** Writes scored rows into ChurnScore, 100 per INSERT (inside the caller's transaction). */
export function scoreWriter(sql: SqliteDatabase, day: string, version: string) {
  const insertOf = (n: number) =>
    sql.prepare(
      `INSERT INTO "ChurnScore" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${Array.from(
        { length: n },
        () => "(?, ?, ?, ?, ?)",
      ).join(", ")}`,
    );
  const insertMany = insertOf(PER_INSERT);
  const values: unknown[] = [];
  return (rows: ScoredRows) => {
    const n = rows.customerIds.length;
    for (let at = 0; at < n; at += PER_INSERT) {
      const end = Math.min(n, at + PER_INSERT);
      values.length = 0;
      for (let r = at; r < end; r++)
        values.push(day, rows.customerIds[r]!, rows.probabilities[r]!, rows.reasons[r]!, version);
      (end - at === PER_INSERT ? insertMany : insertOf(end - at)).run(values);
    }
  };
}

/** Replaces day D's ChurnScore rows (inside the caller's transaction). */
export function clearScores(sql: SqliteDatabase, day: string): void {
  sql.prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(day);
}

/**
 * Scores every current customer on day D in this thread: features in one pass per table
 * (features.ts; the usage sums from the kept window), then scoreRows, and the rows written 100 per
 * INSERT, all in one transaction that replaces D's scores. (score-parallel.ts splits the same work
 * over two threads.)
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
  const write = scoreWriter(sql, day, version);
  sql.transaction(() => {
    clearScores(sql, day);
    for (let from = 0; from < rows; from += BLOCK * 4)
      write(scoreRows(model, table, from, Math.min(rows, from + BLOCK * 4)));
  })();
  return { day, customers: rows, ms: performance.now() - started };
}
