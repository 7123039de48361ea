/**
 * Scores every current customer on day D with a stored model and writes the day's ChurnScore rows
 * (replacing an earlier run for D) in one transaction: the probability and the top reasons, the
 * features whose path contributions raised the score most, with the customer's value of each.
 */

import { CHURN_FEATURES, type ChurnFeature } from "../../domain/churn-features.js";
import { type BoostedModel, contributions, predictMargins, sigmoid } from "../../model/gbdt/model.js";
import type { SqliteDatabase } from "../../store/database.js";
import { churnFeaturesAsOf } from "./features.js";

export interface ChurnReason {
  feature: ChurnFeature;
  /** The customer's value of the feature on D (null: missing). */
  value: number | null;
  /** How much it raised the log-odds. */
  contribution: number;
}

/** Up to `top` features that raised this row's score, largest first. */
export function topReasons(model: BoostedModel, row: ArrayLike<number>, top = 3): ChurnReason[] {
  const { perFeature } = contributions(model, row);
  return [...perFeature.keys()]
    .filter((f) => perFeature[f]! > 0.01)
    .sort((a, b) => perFeature[b]! - perFeature[a]!)
    .slice(0, top)
    .map((f) => ({
      feature: CHURN_FEATURES[f]!,
      value: Number.isNaN(row[f]!) ? null : row[f]!,
      contribution: Math.round(perFeature[f]! * 1000) / 1000,
    }));
}

export interface ScoreStats {
  day: string;
  customers: number;
  ms: number;
}

export function scoreStore(
  sql: SqliteDatabase,
  day: string,
  model: BoostedModel,
  version: string,
): ScoreStats {
  const started = performance.now();
  const table = churnFeaturesAsOf(sql, day);
  const rows = table.customerIds.length;
  const margins = predictMargins(model, table.columns, rows);
  const insert = sql.prepare(
    `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, ?, ?)`,
  );
  const row = new Float64Array(CHURN_FEATURES.length);
  sql.transaction(() => {
    sql.prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(day);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < row.length; f++) row[f] = table.columns[f]![r]!;
      const p = sigmoid(margins[r]! + model.marginOffset);
      insert.run(day, table.customerIds[r]!, p, JSON.stringify(topReasons(model, row)), version);
    }
  })();
  return { day, customers: rows, ms: performance.now() - started };
}
