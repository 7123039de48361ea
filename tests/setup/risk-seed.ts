import { join } from "node:path";
import type { App } from "../../src/app.js";
import { DEFAULT_RULES_CONFIG } from "../../src/domain/rules-config.js";
import { importFile } from "../../src/import/index.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { sqliteOnly } from "../../src/store/app-store.js";

/** The day the risk fixture's warnings are asked on (materialised for the two days before). */
export const RISK_DAY = "2026-06-30";
const FIXTURES = join(import.meta.dirname, "../fixtures/risk");

/**
 * The risk fixture (team T1: lead L1, managers M1 吴经理 with C01–C07 and M2; team T2: M3) imported
 * and its warnings materialised, as the chat adapter tests of every platform use it.
 */
export async function seedRiskFixture(app: App): Promise<void> {
  for (const kind of ["managers", "customers", "usage", "bills", "events"] as const) {
    const report = await importFile(sqliteOnly(app.store, "seeding"), join(FIXTURES, `${kind}.csv`), kind);
    if (!report.ok) throw new Error(report.error.code);
  }
  materialiseWarnings(app.store.sql, "2026-06-28", DEFAULT_RULES_CONFIG);
  materialiseWarnings(app.store.sql, "2026-06-29", DEFAULT_RULES_CONFIG);
}
