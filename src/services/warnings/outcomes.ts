/** Reading and logging managers' outcomes (contacted / retained / lost / unreachable / snoozed). */
import { addDays } from "../../domain/dates.js";
import { outcomesUpTo } from "../../store/follow-up-rows.js";
import type { OutcomeDetails, WarningContext } from "../../store/outcome-details.js";
import { insertOutcome } from "../../store/outcomes.js";
import { retryWhenBusy } from "../../store/retry-busy.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import type { OutcomeRecord } from "./follow-up.js";
import { byCustomer } from "./store-rows.js";

/** Every outcome of these customers logged on or before D, by customer. */
export async function outcomesOf(
  db: SqlHandle,
  customerIds: readonly string[],
  asOf: string,
): Promise<Map<string, OutcomeRecord[]>> {
  return byCustomer<OutcomeRecord>(await outcomesUpTo(db, customerIds, asOf));
}

export type OutcomeInput =
  | { kind: "contacted" | "retained" | "unreachable"; note: string }
  | { kind: "lost"; reason: string; note: string }
  | { kind: "snoozed"; days: number; note: string };

/**
 * Logs what a manager did about a customer on day D; a snooze lasts `days` days (back on D+days).
 * The write waits for the store's lock (busy timeout) and is retried if even that runs out.
 */
export async function logOutcome(
  db: SqlHandle,
  entry: {
    customerId: string;
    managerId: string;
    day: string;
    now: Date;
    outcome: OutcomeInput;
    /** Method and objection (issue 16) and the warning context they are grouped by. */
    details?: OutcomeDetails & WarningContext;
  },
): Promise<OutcomeRecord> {
  const { outcome } = entry;
  const record = {
    customerId: entry.customerId,
    managerId: entry.managerId,
    kind: outcome.kind,
    day: entry.day,
    snoozeUntil: outcome.kind === "snoozed" ? addDays(entry.day, outcome.days) : null,
    lostReason: outcome.kind === "lost" ? outcome.reason : null,
    note: outcome.note,
  };
  const id = await retryWhenBusy(() =>
    insertOutcome(db, { ...record, ...entry.details, createdAt: entry.now }),
  );
  return { id, ...record };
}
