/**
 * The churn store bench's reference, measured in the same run: the scoring step as it was before
 * the one-pass work — usage aggregated over the date index (a temporary B-tree for the grouping),
 * prediction then path contributions row by row, one INSERT per row.
 */

import { CHURN_FEATURES } from "../src/domain/churn-features.js";
import { addDays } from "../src/domain/dates.js";
import type { BoostedModel } from "../src/model/gbdt/model.js";
import { contributions, predictMargins, sigmoid } from "../src/model/gbdt/model.js";
import type { FeatureTable } from "../src/services/churn/features.js";
import type { SqliteDatabase } from "../src/store/database.js";

/**
 * The usage aggregate as the feature reader ran it before (the planner picks the date index), or
 * with `keyOrder` as it runs now (`+"date"`: along the (customerId, date) key).
 */
export function usageAggregate(sql: SqliteDatabase, day: string, keyOrder: boolean): number {
  const d = keyOrder ? '+"date"' : '"date"';
  return sql
    .prepare(
      `SELECT "customerId", SUM(CASE WHEN "date" >= @recentFrom THEN "spend" END) AS rs,
         SUM(CASE WHEN "date" < @recentFrom THEN "spend" END) AS bs,
         COUNT(CASE WHEN "date" >= @recentFrom THEN 1 END) AS rd, COUNT(CASE WHEN "date" < @recentFrom THEN 1 END) AS bd,
         SUM(CASE WHEN "date" >= @recentFrom THEN "calls" END) AS rc, SUM(CASE WHEN "date" < @recentFrom THEN "calls" END) AS bc,
         SUM(CASE WHEN "date" >= @recentFrom THEN "dataMb" END) AS rm, SUM(CASE WHEN "date" < @recentFrom THEN "dataMb" END) AS bm,
         SUM("date" >= @recentFrom AND "calls" = 0) AS zc, SUM("date" >= @recentFrom AND "competitorHotlineSeconds" > 60) AS hd,
         SUM(CASE WHEN "date" >= @recentFrom THEN "competitorHotlineSeconds" ELSE 0 END) AS hs,
         SUM("date" >= @recentFrom AND "forwardedToCompetitor" = 1) AS fd
       FROM "DailyUsage" WHERE ${d} >= @baselineFrom AND ${d} <= @day GROUP BY "customerId"`,
    )
    .all({ day, recentFrom: addDays(day, -29), baselineFrom: addDays(day, -119) }).length;
}

/** Prediction, then contributions and reasons per row, one INSERT per row (in one transaction). */
export function referenceScoring(
  sql: SqliteDatabase,
  table: FeatureTable,
  model: BoostedModel,
  version: string,
): void {
  const rows = table.customerIds.length;
  const margins = predictMargins(model, table.columns, rows);
  const insert = sql.prepare(
    `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, ?, ?)`,
  );
  const row = new Float64Array(CHURN_FEATURES.length);
  sql.transaction(() => {
    sql.prepare(`DELETE FROM "ChurnScore" WHERE "day" = ?`).run(table.day);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < row.length; f++) row[f] = table.columns[f]![r]!;
      const { perFeature } = contributions(model, row);
      const reasons = [...perFeature.keys()]
        .filter((f) => perFeature[f]! > 0.01)
        .sort((a, b) => perFeature[b]! - perFeature[a]!)
        .slice(0, 3)
        .map((f) => ({ feature: CHURN_FEATURES[f]!, value: row[f]!, contribution: perFeature[f]! }));
      const p = sigmoid(margins[r]! + model.marginOffset);
      insert.run(table.day, table.customerIds[r]!, p, JSON.stringify(reasons), version);
    }
  })();
}
