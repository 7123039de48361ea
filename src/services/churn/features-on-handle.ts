/**
 * churnFeaturesAsOf on the SQL handle (either store; the PostgreSQL store's training and scoring):
 * the same rows read through src/store/churn-rows-on-handle.ts, the same table built from them
 * (features.ts `buildFeatureTable`). The usage sums always come from the rows: the kept window
 * (usage-window.ts) is the SQLite store's.
 */
import type { CustomerAsOf } from "../../store/churn-feature-rows.js";
import { customersAsOfOn, otherFeatureRowsOn, usageWindowsOn } from "../../store/churn-rows-on-handle.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { buildFeatureTable, type FeatureTable } from "./features.js";

/** The features of day D's customers, or of those `only` keeps (training's sample, the holdout). */
export async function churnFeaturesOn(
  db: SqlHandle,
  day: string,
  only?: (customers: readonly CustomerAsOf[]) => CustomerAsOf[],
): Promise<FeatureTable> {
  const all = await customersAsOfOn(db, day);
  const customers = only ? only(all) : all;
  // Every customer's sums in one grouped pass (the rows of customers not kept are ignored).
  const usage = await usageWindowsOn(db, day);
  return buildFeatureTable(day, customers, usage, await otherFeatureRowsOn(db, day));
}
