import { DEFAULT_RULES_CONFIG } from "../../src/domain/rules-config.js";
import type { WarningDeps } from "../../src/services/warnings/risk-list.js";
import type { SqlHandle } from "../../src/store/sql-handle.js";

/**
 * The warning services' dependencies on a test store, as a manager asking at 10:00 in Shanghai on
 * `day` (02:00 UTC): a level-1 warning raised the day before is overdue by then.
 */
export function warningDepsAt(db: SqlHandle, day: string, config = DEFAULT_RULES_CONFIG): WarningDeps {
  return { db, config, now: new Date(`${day}T02:00:00Z`), timeZone: "Asia/Shanghai" };
}
