/**
 * The details of an outcome beyond its kind: the retention method and main objection a manager
 * logged, and the warning context (signals, lifecycle stage) it is grouped by in "what works".
 */
import type { SqliteDatabase } from "./database.js";

export interface OutcomeDetails {
  method: string | null;
  objectionId: string | null;
  objectionKind: string | null;
}

export interface WarningContext {
  /** Signal codes of the customer's latest warning day, comma-separated; null without a warning. */
  signals: string | null;
  stage: string | null;
}

/** The customer's warnings on the latest day the job warned them, between `since` and `day`. */
export function warningContext(
  sql: SqliteDatabase,
  customerId: string,
  since: string,
  day: string,
): WarningContext {
  const rows = sql
    .prepare(
      `SELECT code, stage FROM Warning WHERE customerId = ? AND day = (
         SELECT max(day) FROM Warning WHERE customerId = ? AND day BETWEEN ? AND ?)
       ORDER BY level, code`,
    )
    .all(customerId, customerId, since, day) as { code: string; stage: string | null }[];
  if (rows.length === 0) return { signals: null, stage: null };
  return { signals: rows.map((r) => r.code).join(","), stage: rows[0]?.stage ?? null };
}

/** The latest outcome of this kind the manager logged for the customer on the day, or null. */
export function sameOutcomeOnDay(
  sql: SqliteDatabase,
  key: { customerId: string; managerId: string; day: string; kind: string },
): ({ id: number } & OutcomeDetails) | null {
  const row = sql
    .prepare(
      `SELECT id, method, objectionId, objectionKind FROM Outcome
       WHERE customerId = ? AND managerId = ? AND day = ? AND kind = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(key.customerId, key.managerId, key.day, key.kind) as ({ id: number } & OutcomeDetails) | undefined;
  return row ?? null;
}

/** Sets the method and objection of a logged outcome (a detail tapped after the outcome). */
export function amendOutcomeDetails(sql: SqliteDatabase, id: number, details: OutcomeDetails): void {
  sql
    .prepare("UPDATE Outcome SET method = ?, objectionId = ?, objectionKind = ? WHERE id = ?")
    .run(details.method, details.objectionId, details.objectionKind, id);
}
