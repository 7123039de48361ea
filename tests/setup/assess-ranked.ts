import { byPriority } from "../../src/domain/priority.js";
import type { RiskAssessment } from "../../src/domain/risk-assessment.js";
import type { RulesConfig } from "../../src/domain/rules-config.js";
import { modelOnlyAssessments } from "../../src/services/churn/churn-ranking.js";
import { storedListOfCustomersOn } from "../../src/services/warnings/read-materialised.js";
import type { SqlHandle } from "../../src/store/sql-handle.js";

/**
 * Assessments of ranked customers of day D (a test's reference for `/risk` pages): from the stored
 * warnings, or model-only, by priority. Only the assessments: the follow-up facts read beside them
 * are dropped, so the caller's `entriesOf` reads them on its own.
 */
export async function assessRanked(
  db: SqlHandle,
  day: string,
  customerIds: readonly string[],
  config: RulesConfig,
): Promise<RiskAssessment[]> {
  const stored = (await storedListOfCustomersOn(db, day, day, customerIds, config)).assessed.sort(byPriority);
  if (stored.length === customerIds.length) return stored;
  const found = new Set(stored.map((a) => a.customer.id));
  const missing = customerIds.filter((id) => !found.has(id));
  return [...stored, ...(await modelOnlyAssessments(db, day, missing, config))];
}
