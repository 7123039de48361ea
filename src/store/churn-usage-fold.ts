/**
 * Folding the churn features' kept usage sums (`ChurnUsageWindow`, churn-usage-window.ts) from the
 * day they stand at to a later day: only the rows whose window changed are read. The moved-day rows
 * can be divided between two connections by rowid (the parallel scoring reads a share in a helper
 * thread, src/services/churn/score-parallel.ts).
 */
import { addDays } from "../domain/dates.js";
import { INSERT, inWindows, PARTS, SUMS, WINDOW_COLUMNS, windowsOf } from "./churn-usage-window.js";
import type { SqliteDatabase } from "./database.js";

/**
 * The rows of days entering or leaving a window when moving from day A (rows up to @fromRowid) to
 * day D, through the date index (`+rowid`: not a rowid range scan); `also` filters them further.
 * The index covers every column read here, so a day is one sequential range of the index and no
 * table page is read (the table's rows of one day lie one per customer, on ~1M different pages of
 * a store loaded customer by customer).
 */
export const movedDays = (also = "") =>
  [
    [1, 0, 1],
    [-1, 1, 2],
    [0, -1, 3],
  ].map(
    ([r, b, k]) =>
      `SELECT ${r} AS r, ${b} AS b, ${PARTS} FROM "DailyUsage"
       WHERE "date" >= @lo${k} AND "date" <= @hi${k} AND +rowid <= @fromRowid${also}`,
  );

/** The bounds of movedDays: A+1…D enter, A−29…D−30 move to the baseline, A−119…D−120 leave. */
export const movedBounds = (a: string, d: string) => ({
  lo1: addDays(a, 1),
  hi1: d,
  lo2: addDays(a, -29),
  hi2: addDays(d, -30),
  lo3: addDays(a, -119),
  hi3: addDays(d, -120),
});

/**
 * Moved-day rows of the share another thread reads (`rowid % parts = 0`, tested on the date index
 * before the row is read) — the thread and foldUsageWindow's `leaveShare` divide the row reads.
 */
const SHARE = ` AND rowid % @parts = 0`;

/**
 * Moves the kept sums from day A (counting rows up to rowid `fromRowid`) to day D (up to `toRowid`),
 * 0 < D − A ≤ 30 days (or D = A for new rows only), leaving out `skip` (recounted by the caller):
 * rows dated A+1…D enter the recent window, A−29…D−30 move from recent to baseline, A−119…D−120
 * leave the baseline, and rows added since (rowid above `fromRowid`) are counted where D puts them.
 * With `leaveShare`, the moved-day rows with rowid % parts = 0 are left out: another thread reads
 * their sums (movedUsageSums) and the caller adds them (addUsageSums).
 */
export function foldUsageWindow(
  sql: SqliteDatabase,
  from: { day: string; usageRowid: number },
  to: { day: string; usageRowid: number },
  skip: readonly string[],
  leaveShare?: { parts: number },
): void {
  const parts = [
    ...movedDays(leaveShare ? ` AND rowid % @parts != 0` : ""),
    inWindows(`rowid > @fromRowid AND rowid <= @toRowid AND +"date" >= @baselineFrom AND +"date" <= @day`),
  ];
  const set = WINDOW_COLUMNS.slice(1)
    .map((c) => `"${c}" = "${c}" + excluded."${c}"`)
    .join(", ");
  sql
    .prepare(
      `${INSERT} SELECT ${SUMS} FROM (${parts.join(" UNION ALL ")})
       WHERE "customerId" NOT IN (SELECT value FROM json_each(@skip)) GROUP BY "customerId"
       ON CONFLICT ("customerId") DO UPDATE SET ${set}`,
    )
    .run({
      ...windowsOf(to.day),
      ...movedBounds(from.day, to.day),
      fromRowid: from.usageRowid,
      toRowid: to.usageRowid,
      skip: JSON.stringify(skip),
      ...(leaveShare ? { parts: leaveShare.parts } : {}),
    });
}

/** Per-customer signed sums, in WINDOW_COLUMNS order: ids, and 12 values per id. */
export interface UsageSums {
  customerIds: string[];
  values: Float64Array;
}

/** The sums of the moved-day rows foldUsageWindow's `leaveShare` left out (any connection). */
export function movedUsageSums(
  sql: SqliteDatabase,
  from: { day: string; usageRowid: number },
  to: { day: string },
  parts: number,
): UsageSums {
  const rows = sql
    .prepare(`SELECT ${SUMS} FROM (${movedDays(SHARE).join(" UNION ALL ")}) GROUP BY "customerId"`)
    .raw()
    .all({ ...movedBounds(from.day, to.day), fromRowid: from.usageRowid, parts }) as unknown[][];
  const width = WINDOW_COLUMNS.length - 1;
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let c = 0; c < width; c++) values[i * width + c] = row[c + 1] as number;
  });
  return { customerIds: rows.map((row) => row[0] as string), values };
}

/** Adds sums to the kept window (creating rows as needed), leaving out `skip`. */
export function addUsageSums(sql: SqliteDatabase, sums: UsageSums, skip: readonly string[]): void {
  const width = WINDOW_COLUMNS.length - 1;
  const set = WINDOW_COLUMNS.slice(1)
    .map((c) => `"${c}" = "${c}" + excluded."${c}"`)
    .join(", ");
  const add = sql.prepare(
    `${INSERT} VALUES (${WINDOW_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT ("customerId") DO UPDATE SET ${set}`,
  );
  const skipped = new Set(skip);
  const row: unknown[] = new Array(WINDOW_COLUMNS.length);
  sums.customerIds.forEach((id, i) => {
    if (skipped.has(id)) return;
    row[0] = id;
    for (let c = 0; c < width; c++) row[c + 1] = sums.values[i * width + c];
    add.run(row);
  });
}
