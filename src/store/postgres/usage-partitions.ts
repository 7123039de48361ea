import type pg from "pg";
import { addDays } from "../../domain/dates.js";

/**
 * DailyUsage on PostgreSQL is partitioned by month (migration 20261202100000): one partition
 * `DailyUsage_YYYY_MM` per month holding ['YYYY-MM-01', next month's '-01'), and a DEFAULT
 * partition that catches a row of a month nobody created yet, so no insert ever fails for want of
 * a partition. This module keeps that shape: months are created ahead of the data, stray rows are
 * moved from DEFAULT into their month, and months wholly older than the retention are dropped.
 */

/** Two instances maintaining at once take turns (released with the transaction, or on a crash). */
const MAINTENANCE_LOCK = "retainbot:usage-partitions";

/** How many months after the current one always exist, so a day's import never lands in DEFAULT. */
export const MONTHS_AHEAD = 2;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface UsagePartitions {
  /** The month partitions, oldest first (YYYY-MM). */
  months: string[];
  /** Rows in the DEFAULT partition: months not created yet, or malformed dates. */
  defaultRows: number;
}

export interface UsageMaintenance {
  created: string[];
  dropped: string[];
  /** Rows moved out of DEFAULT into their new month. */
  moved: number;
  /** Rows older than the retention deleted from DEFAULT (months are dropped whole instead). */
  deleted: number;
}

const partitionName = (month: string) => `DailyUsage_${month.replace("-", "_")}`;
const firstDay = (month: string) => `${month}-01`;
const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};
const monthOf = (day: string) => day.slice(0, 7);

/** The months from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = nextMonth(m)) months.push(m);
  return months;
}

/** The month partitions that exist and how many rows wait in DEFAULT. */
export async function usagePartitions(db: pg.ClientBase | pg.Pool): Promise<UsagePartitions> {
  const parts = await db.query<{ bound: string }>(
    `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = '"DailyUsage"'::regclass`,
  );
  const months = parts.rows
    .map((r) => /FROM \('(\d{4}-\d{2})-01'\)/.exec(r.bound)?.[1])
    .filter((m): m is string => m !== undefined)
    .sort();
  const stray = await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM "DailyUsage_default"');
  return { months, defaultRows: Number(stray.rows[0]?.n ?? 0) };
}

/**
 * Creates the month partitions in `months` that are missing, moving any of their rows out of
 * DEFAULT first (PostgreSQL refuses a new partition while DEFAULT holds rows of its range). Runs in
 * the caller's transaction when it has one; returns the months created and the rows moved.
 */
export async function ensureUsageMonths(
  client: pg.ClientBase,
  months: readonly string[],
): Promise<{ created: string[]; moved: number }> {
  const bad = months.filter((m) => !MONTH.test(m));
  if (bad.length > 0) throw new Error(`not a month (YYYY-MM): ${bad.join(", ")}`);
  const existing = new Set((await usagePartitions(client)).months);
  const created: string[] = [];
  let moved = 0;
  for (const month of [...new Set(months)].sort()) {
    if (existing.has(month)) continue;
    const name = client.escapeIdentifier(partitionName(month));
    const from = client.escapeLiteral(firstDay(month));
    const to = client.escapeLiteral(firstDay(nextMonth(month)));
    const stray = await client.query(
      `SELECT 1 FROM "DailyUsage_default" WHERE "date" >= ${from} AND "date" < ${to} LIMIT 1`,
    );
    if (stray.rowCount) {
      await client.query(`CREATE TABLE ${name} (LIKE "DailyUsage" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      const result = await client.query(
        `WITH gone AS (DELETE FROM "DailyUsage_default" WHERE "date" >= ${from} AND "date" < ${to} RETURNING *)
         INSERT INTO ${name} SELECT * FROM gone`,
      );
      moved += result.rowCount ?? 0;
      await client.query(
        `ALTER TABLE "DailyUsage" ATTACH PARTITION ${name} FOR VALUES FROM (${from}) TO (${to})`,
      );
    } else {
      await client.query(
        `CREATE TABLE ${name} PARTITION OF "DailyUsage" FOR VALUES FROM (${from}) TO (${to})`,
      );
    }
    created.push(month);
  }
  return { created, moved };
}

/** The month partitions covering every day from `firstDayIncluded` to `lastDayIncluded`. */
export const ensureUsageDays = (client: pg.ClientBase, firstDayIncluded: string, lastDayIncluded: string) =>
  ensureUsageMonths(client, monthsBetween(monthOf(firstDayIncluded), monthOf(lastDayIncluded)));

/**
 * The routine maintenance, in one transaction under an advisory lock: the current month and the
 * next MONTHS_AHEAD exist, rows waiting in DEFAULT move into their months, and usage older than
 * `retentionDays` before `today` goes — whole months dropped (a month goes once its last day is
 * older than the retention), and old stray rows deleted from DEFAULT.
 */
export async function maintainUsagePartitions(
  client: pg.ClientBase,
  options: { today: string; retentionDays: number },
): Promise<UsageMaintenance> {
  const cutoff = addDays(options.today, -options.retentionDays); // rows before it are expired
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [MAINTENANCE_LOCK]);
    const waiting = await client.query<{ month: string }>(
      `SELECT DISTINCT left("date", 7) AS month FROM "DailyUsage_default"
       WHERE "date" ~ '^[0-9]{4}-(0[1-9]|1[0-2])-[0-9]{2}$' AND "date" >= $1`,
      [cutoff],
    );
    const current = monthOf(options.today);
    let last = current;
    for (let i = 0; i < MONTHS_AHEAD; i++) last = nextMonth(last);
    const ahead = monthsBetween(current, last);
    const { created, moved } = await ensureUsageMonths(client, [
      ...ahead,
      ...waiting.rows.map((r) => r.month),
    ]);
    const dropped: string[] = [];
    for (const month of (await usagePartitions(client)).months) {
      if (firstDay(nextMonth(month)) > cutoff) continue;
      await client.query(`DROP TABLE ${client.escapeIdentifier(partitionName(month))}`);
      dropped.push(month);
    }
    const deleted = await client.query('DELETE FROM "DailyUsage_default" WHERE "date" < $1', [cutoff]);
    await client.query("COMMIT");
    return { created, dropped, moved, deleted: deleted.rowCount ?? 0 };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
