/**
 * Whether `DailyUsage` has an index that covers a day's rows in customer order — leading columns
 * (date, customerId) and every column the daily job folds (calls, spend, dataMb,
 * competitorHotlineSeconds, forwardedToCompetitor) — and the read that uses it. With such an index
 * the incremental daily job reads the days entering and leaving its windows as one index range per
 * day and page of customers, instead of a primary-key seek and a table lookup per customer and day
 * (docs/decisions/012-incremental-warnings.md).
 */
import type { SqliteDatabase } from "./database.js";

/** The usage columns the job folds; a covering index must hold them all. */
const FOLDED_COLUMNS = ["calls", "spend", "dataMb", "competitorHotlineSeconds", "forwardedToCompetitor"];

const known = new WeakMap<SqliteDatabase, string | null>();

/** The name of a covering (date, customerId, …) index on DailyUsage, or null (looked up once per connection). */
export function usageDateCoveringIndex(sql: SqliteDatabase): string | null {
  if (known.has(sql)) return known.get(sql)!;
  let found: string | null = null;
  const indexes = sql.prepare("SELECT name FROM pragma_index_list('DailyUsage')").pluck().all() as string[];
  for (const name of indexes) {
    const columns = (
      sql.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").pluck().all(name) as (
        | string
        | null
      )[]
    ).filter((c): c is string => c !== null);
    if (
      columns[0] === "date" &&
      columns[1] === "customerId" &&
      FOLDED_COLUMNS.every((c) => columns.includes(c))
    ) {
      found = name;
      break;
    }
  }
  known.set(sql, found);
  return found;
}

/** Forgets what was found on this connection (after an index was created or dropped). */
export function forgetUsageDateIndex(sql: SqliteDatabase): void {
  known.delete(sql);
}

/**
 * The statement reading the rows of one day for the customers in (@after, @last] with rowid up to
 * @maxRowid through covering index `index`, selecting `columns` (of rows `u`).
 */
export function dayRangeStatement(sql: SqliteDatabase, index: string, columns: string) {
  return sql.prepare(
    `SELECT ${columns} FROM DailyUsage u INDEXED BY "${index.replaceAll('"', '""')}"
     WHERE u.date = @day AND u.customerId > @after AND u.customerId <= @last AND u.rowid <= @maxRowid`,
  );
}
