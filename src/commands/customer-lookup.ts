/** Finding one of the requester's customers by id or name (never anyone else's). */
import type { CustomerProfile } from "../domain/customer.js";
import {
  CUSTOMER_COLUMNS,
  type CustomerRow,
  placeholders,
  toProfile,
} from "../services/warnings/store-rows.js";
import type { KnownCommandContext } from "./command.js";
import { visibleManagerIds } from "./identity.js";

export type Lookup =
  | { kind: "found"; customer: CustomerProfile }
  | { kind: "none" }
  | { kind: "many"; customers: CustomerProfile[] };

/** An exact id first, then an exact name, then a name containing the text; at most 5 candidates. */
export async function findVisibleCustomer(ctx: KnownCommandContext, query: string): Promise<Lookup> {
  const managerIds = await visibleManagerIds(ctx.app.store.db, ctx.requester);
  const scope = `managerId IN (${placeholders(managerIds.length)})`;
  const select = (where: string, ...params: unknown[]) =>
    (
      ctx.app.store.sql
        .prepare(`SELECT ${CUSTOMER_COLUMNS} FROM Customer WHERE ${scope} AND ${where} ORDER BY id LIMIT 5`)
        .all(...managerIds, ...params) as CustomerRow[]
    ).map(toProfile);
  const q = query.trim();
  for (const candidates of [
    () => select("id = ? COLLATE NOCASE", q),
    () => select("name = ?", q),
    () => select("instr(name, ?) > 0", q),
  ]) {
    const found = candidates();
    if (found.length === 1) return { kind: "found", customer: found[0]! };
    if (found.length > 1) return { kind: "many", customers: found };
  }
  return { kind: "none" };
}
