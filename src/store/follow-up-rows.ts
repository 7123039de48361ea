/**
 * What a risk entry's follow-up and deadlines read, on the SQL handle (either store): the
 * customers' outcomes up to a day, and the days of their earlier warnings (a warning is raised on
 * the first day of its current run). One statement each, whatever the number of customers.
 */
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

export interface OutcomeRow {
  id: number;
  customerId: string;
  managerId: string;
  kind: string;
  day: string;
  snoozeUntil: string | null;
  lostReason: string | null;
  note: string;
}

/** Every outcome of these customers logged on or before `asOf`, by day then id. */
export function outcomesUpTo(
  db: SqlHandle,
  customerIds: readonly string[],
  asOf: string,
): Promise<OutcomeRow[]> {
  return db.all<OutcomeRow>(
    `SELECT "id", "customerId", "managerId", "kind", "day", "snoozeUntil", "lostReason", "note" FROM "Outcome"
     WHERE "customerId" IN ${idList(db)} AND "day" <= ? ORDER BY "day", "id"`,
    [JSON.stringify(customerIds), asOf],
  );
}
