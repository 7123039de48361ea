import type pg from "pg";

/** The statement trigger naming late usage rows' customers (migration 20261203100000, decision 022). */
const USAGE_INSERT_TRIGGER = "DailyUsage_inserted";

/**
 * Drops the usage insert trigger for a bulk copy and says how to put it back (null: there was
 * none). PostgreSQL keeps every row a statement inserts in the trigger's transition table before
 * the trigger looks at them — disabled or not (ALTER TABLE … DISABLE TRIGGER leaves the capture on)
 * — so a copy of a store's usage would be held twice: twice the COPY's time and its size in
 * temporary files, gigabytes at 1M customers. A copied store has no aggregates kept on PostgreSQL
 * (its next daily run is a full one), so there is no customer to name. In a transaction the drop
 * is undone with it; it holds DailyUsage's exclusive lock until then.
 */
export async function dropUsageInsertTrigger(client: pg.ClientBase): Promise<string | null> {
  const found = await client.query<{ definition: string }>(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger
      WHERE tgrelid = '"DailyUsage"'::regclass AND tgname = $1`,
    [USAGE_INSERT_TRIGGER],
  );
  const definition = found.rows[0]?.definition ?? null;
  if (definition !== null) await client.query(`DROP TRIGGER "${USAGE_INSERT_TRIGGER}" ON "DailyUsage"`);
  return definition;
}

/** Puts back what dropUsageInsertTrigger dropped. */
export async function restoreUsageInsertTrigger(
  client: pg.ClientBase,
  definition: string | null,
): Promise<void> {
  if (definition !== null) await client.query(definition);
}
