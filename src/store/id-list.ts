import type { SqlHandle } from "./sql-handle.js";

/**
 * `IN (…)` over any number of ids with one statement text on either store: the ids go in as one
 * JSON array parameter (`"customerId" IN ${idList(db)}` with `JSON.stringify(ids)`), so the text
 * stays the same whatever the count and its prepared statement stays cached.
 */
const ID_LIST = {
  sqlite: "(SELECT value FROM json_each(?))",
  postgres: "(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))",
} as const;

export const idList = (db: Pick<SqlHandle, "dialect">): string => ID_LIST[db.dialect];
