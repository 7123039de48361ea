/**
 * What was written down about a customer, on the SQL handle (either store): the notes of their
 * events and of the outcomes managers logged, newest first (a talk track reads them).
 */
import type { SqlHandle } from "./sql-handle.js";

export interface EventNoteRow {
  date: string;
  type: string;
  note: string;
}

export interface OutcomeNoteRow {
  day: string;
  kind: string;
  note: string;
}

/**
 * The customer's latest `limit` events up to `asOf` that carry a note (newest first), and their
 * last `limit` outcomes logged for a day up to `asOf` with a note (latest logged first).
 */
export async function customerNotes(
  db: SqlHandle,
  customerId: string,
  asOf: string,
  limit: number,
): Promise<{ events: EventNoteRow[]; outcomes: OutcomeNoteRow[] }> {
  const params = [customerId, asOf, limit];
  const [events, outcomes] = await Promise.all([
    db.all<EventNoteRow>(
      `SELECT "date", "type", "note" FROM "Event"
       WHERE "customerId" = ? AND "date" <= ? AND "note" != '' ORDER BY "date" DESC, "id" DESC LIMIT ?`,
      params,
    ),
    db.all<OutcomeNoteRow>(
      `SELECT "day", "kind", "note" FROM "Outcome"
       WHERE "customerId" = ? AND "day" <= ? AND "note" != '' ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
      params,
    ),
  ]);
  return { events, outcomes };
}
