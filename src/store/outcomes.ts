/** Writing a manager's outcome (`Outcome`), on the SQL handle (either store). */
import type { OutcomeRow } from "./follow-up-rows.js";
import type { OutcomeDetails, WarningContext } from "./outcome-details.js";
import type { SqlHandle } from "./sql-handle.js";

/** An outcome to store: the row the follow-up reads, its details, and when it was logged. */
export type NewOutcome = Omit<OutcomeRow, "id"> &
  Partial<OutcomeDetails & WarningContext> & {
    createdAt: Date;
  };

/** Stores one outcome; resolves to its id. */
export async function insertOutcome(db: SqlHandle, outcome: NewOutcome): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "lostReason", "snoozeUntil", "note",
       "method", "objectionId", "objectionKind", "signals", "stage", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
    [
      outcome.customerId,
      outcome.managerId,
      outcome.kind,
      outcome.day,
      outcome.lostReason,
      outcome.snoozeUntil,
      outcome.note,
      outcome.method ?? null,
      outcome.objectionId ?? null,
      outcome.objectionKind ?? null,
      outcome.signals ?? null,
      outcome.stage ?? null,
      outcome.createdAt,
    ],
  );
  if (!row) throw new Error("The outcome was not stored");
  return Number(row.id);
}
