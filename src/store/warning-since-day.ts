/**
 * `Warning.sinceDay`: the first day of the run of consecutive days with a row of the same
 * (customer, code) that reaches the row's day, when the warning was raised (decision 029). A row
 * takes the day before's row's, or its own day when the day before has none; rows written before
 * the column (null) count as raised on their own day. Keeping it at each write spares the readers
 * a walk back over the customer's earlier days, and the table an index by customer, whose upkeep
 * on every day's inserts grew with the history kept.
 */
import { addDays } from "../domain/dates.js";
import type { SqliteDatabase } from "./database.js";
import { idList } from "./id-list.js";
import type { SqlHandle } from "./sql-handle.js";

/**
 * The since-day of a row `alias` of day D being written: the row of the day before's, else D.
 * Parameters: the day before (`@prevDay`) and D (`@day`), named for better-sqlite3.
 */
export const sinceDayOfNewRow = (alias: string) =>
  `coalesce((SELECT coalesce(p.sinceDay, p.day) FROM Warning p
     WHERE p.day = @prevDay AND p.customerId = ${alias}.customerId AND p.code = ${alias}.code), @day)`;

/** What a row's since-day should be, from the row of the day before (positional: the day before). */
const LINKED = `coalesce((SELECT coalesce(p."sinceDay", p."day") FROM "Warning" p
  WHERE p."day" = ? AND p."customerId" = "Warning"."customerId" AND p."code" = "Warning"."code"), "Warning"."day")`;

/** Sets day D's since-days from D−1's rows; only the rows that differ are written. */
const RELINK = {
  sqlite: `UPDATE "Warning" SET "sinceDay" = ${LINKED} WHERE "day" = ? AND "sinceDay" IS NOT ${LINKED}`,
  postgres: `UPDATE "Warning" SET "sinceDay" = ${LINKED} WHERE "day" = ? AND "sinceDay" IS DISTINCT FROM ${LINKED}`,
} as const;

const LATER_DAY = `SELECT min("day") AS "day" FROM "Warning" WHERE "day" > ?`;

/**
 * After day D's rows were written (each raised on D): D's since-days set from D−1, then those of the
 * days after D, day by day while a day has rows and its since-days changed (a day computed again
 * after later days were: their runs may now start elsewhere). The next day is the next day with
 * rows only when it is D+1; a gap ends the runs. Returns the rows changed. (SQLite's swap writes
 * D's as it inserts them, and relinks the later days with relinkLaterSinceDays.)
 */
export async function relinkSinceDays(db: SqlHandle, day: string): Promise<number> {
  const relink = (d: string) => db.run(RELINK[db.dialect], [addDays(d, -1), d, addDays(d, -1)]);
  let changed = await relink(day);
  let current = day;
  for (;;) {
    const next = addDays(current, 1);
    const later = await db.get<{ day: string | null }>(LATER_DAY, [current]);
    if (later?.day !== next) return changed;
    const n = await relink(next);
    if (n === 0) return changed;
    changed += n;
    current = next;
  }
}

/** The later days of relinkSinceDays on SQLite's synchronous connection, inside the swap's transaction. */
export function relinkLaterSinceDays(sql: SqliteDatabase, day: string): number {
  const relink = sql.prepare(RELINK.sqlite);
  const later = sql.prepare(LATER_DAY).pluck();
  let changed = 0;
  let current = day;
  for (;;) {
    const next = addDays(current, 1);
    if ((later.get(current) as string | null) !== next) return changed;
    const n = relink.run(addDays(next, -1), next, addDays(next, -1)).changes;
    if (n === 0) return changed;
    changed += n;
    current = next;
  }
}

/** The (customer, code, since-day) of these customers' rows on `day` (the day before a list computed rather than stored). */
export function sinceDaysOn(
  db: SqlHandle,
  customerIds: readonly string[],
  day: string,
): Promise<{ customerId: string; code: string; sinceDay: string }[]> {
  return db.all(
    `SELECT "customerId", "code", coalesce("sinceDay", "day") AS "sinceDay" FROM "Warning"
     WHERE "day" = ? AND "customerId" IN ${idList(db)}`,
    [day, JSON.stringify(customerIds)],
  );
}
