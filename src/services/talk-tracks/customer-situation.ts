/** Loads a customer's situation through the warning engine (group signals included). */
import type { RulesConfig } from "../../domain/rules-config.js";
import { customerNotes } from "../../store/customer-notes.js";
import { customersByIds } from "../../store/customers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { assessCustomers } from "../warnings/assess.js";
import type { CustomerSituation } from "./situation.js";

export type { CustomerSituation } from "./situation.js";

const MAX_NOTES = 5;

/** Judges one customer as the warning engine does on day `asOf`, and reads their notes. */
export async function loadCustomerSituation(
  db: SqlHandle,
  customerId: string,
  asOf: string,
  rules: RulesConfig,
): Promise<CustomerSituation | null> {
  const [customer] = await customersByIds(db, [customerId]);
  if (!customer) return null;
  const [assessment] = await assessCustomers(db, [customer], asOf, rules);
  const { events, outcomes } = await customerNotes(db, customerId, asOf, MAX_NOTES);
  const notes = [
    ...events.map((e) => ({ day: e.date, text: `${e.date} ${e.type}: ${e.note.trim()}` })),
    ...outcomes.map((o) => ({ day: o.day, text: `${o.day} ${o.kind}: ${o.note.trim()}` })),
  ]
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0))
    .slice(0, MAX_NOTES)
    .map((n) => n.text);
  return {
    customer,
    signals: assessment?.signals ?? [],
    stage: assessment?.stage ?? "C",
    priorityScore: assessment?.priority.score ?? 0,
    notes,
  };
}
