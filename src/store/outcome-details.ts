/**
 * The details of an outcome beyond its kind: the retention method and main objection a manager
 * logged, and the warning context (signals, lifecycle stage) it is grouped by in "what works".
 */
import { addDays } from "../domain/dates.js";
import type { SqlHandle } from "./sql-handle.js";

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

/**
 * The customer's warnings on the latest day the job warned them, between `since` and `day`: day by
 * day from `day` back, one look-up in the (day, customer) key each (most customers warned were
 * warned on the day or just before; the table has no index by customer, decision 029).
 */
export async function warningContext(
  db: SqlHandle,
  customerId: string,
  since: string,
  day: string,
): Promise<WarningContext> {
  for (let d = day; d >= since; d = addDays(d, -1)) {
    const rows = await db.all<{ code: string; stage: string | null }>(
      `SELECT "code", "stage" FROM "Warning" WHERE "day" = ? AND "customerId" = ? ORDER BY "level", "code"`,
      [d, customerId],
    );
    if (rows.length > 0) return { signals: rows.map((r) => r.code).join(","), stage: rows[0]?.stage ?? null };
  }
  return { signals: null, stage: null };
}

/** The latest outcome of this kind the manager logged for the customer on the day, or null. */
export async function sameOutcomeOnDay(
  db: SqlHandle,
  key: { customerId: string; managerId: string; day: string; kind: string },
): Promise<({ id: number } & OutcomeDetails) | null> {
  const row = await db.get<{ id: number } & OutcomeDetails>(
    `SELECT "id", "method", "objectionId", "objectionKind" FROM "Outcome"
     WHERE "customerId" = ? AND "managerId" = ? AND "day" = ? AND "kind" = ? ORDER BY "id" DESC LIMIT 1`,
    [key.customerId, key.managerId, key.day, key.kind],
  );
  return row ?? null;
}

/**
 * Sets the method and objection of a logged outcome (a detail tapped after the outcome). Found by
 * customer and id: PostgreSQL's key is (customerId, id), what a Citus shard routes on.
 */
export async function amendOutcomeDetails(
  db: SqlHandle,
  outcome: { customerId: string; id: number },
  details: OutcomeDetails,
): Promise<void> {
  await db.run(
    'UPDATE "Outcome" SET "method" = ?, "objectionId" = ?, "objectionKind" = ? WHERE "customerId" = ? AND "id" = ?',
    [details.method, details.objectionId, details.objectionKind, outcome.customerId, outcome.id],
  );
}
