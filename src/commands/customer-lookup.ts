/** Finding one of the requester's customers by id or name (never anyone else's). */
import type { CustomerProfile } from "../domain/customer.js";
import { type CustomerMatch, matchingCustomers } from "../store/customers.js";
import type { KnownCommandContext } from "./command.js";
import { visibleManagerIds } from "./identity.js";

export type Lookup =
  | { kind: "found"; customer: CustomerProfile }
  | { kind: "none" }
  | { kind: "many"; customers: CustomerProfile[] };

/** Tried in this order; the first that finds anyone answers. */
const MATCHES: readonly CustomerMatch[] = ["id", "name", "name_part"];

/** An exact id first, then an exact name, then a name containing the text; at most 5 candidates. */
export async function findVisibleCustomer(ctx: KnownCommandContext, query: string): Promise<Lookup> {
  const { db } = ctx.app.store;
  const managerIds = await visibleManagerIds(db, ctx.requester);
  const q = query.trim();
  for (const match of MATCHES) {
    const found = await matchingCustomers(db, managerIds, match, q, 5);
    if (found.length === 1) return { kind: "found", customer: found[0]! };
    if (found.length > 1) return { kind: "many", customers: found };
  }
  return { kind: "none" };
}
