import type { SqlHandle } from "./sql-handle.js";

/** The candidates as rows of one column `value`, from one JSON array parameter. */
const CANDIDATES = {
  sqlite: `SELECT value FROM json_each(?) AS t`,
  postgres: `SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS t(value)`,
} as const;

/** How many candidates one answer looks up (a model's answer holds far fewer ids). */
const MAX_CANDIDATES = 500;

/**
 * Which of these strings are customer ids in the store, as written or upper-cased (so the primary
 * key index answers): each comes back as given.
 */
export async function existingCustomerIds(
  db: SqlHandle,
  candidates: readonly string[],
): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db.all<{ value: string }>(
    `${CANDIDATES[db.dialect]} WHERE EXISTS (SELECT 1 FROM "Customer" WHERE "id" IN (t.value, upper(t.value)))`,
    [JSON.stringify(candidates.slice(0, MAX_CANDIDATES))],
  );
  return new Set(rows.map((r) => r.value));
}
