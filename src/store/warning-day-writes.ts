/**
 * The daily warnings job's writes on the SQL handle (its PostgreSQL path:
 * services/warnings/day-on-handle.ts): the run in `WarningRun` (running, heartbeat, complete or
 * failed), and day D's `Warning` and `WarningRank` rows replaced inside the run's one transaction,
 * in multi-row INSERTs. Also the day's warnings by code and level, as the `warnings` command prints them.
 */
import type { SqlHandle, SqlParam } from "./sql-handle.js";

const nowIso = () => new Date().toISOString();

/** Rows per INSERT: a few thousand parameters, far below PostgreSQL's 65,535 and SQLite's 32,766. */
const ROWS_PER_INSERT = 500;

/**
 * Records a new run of day D (committed at once, so readers see the day being computed). Earlier
 * runs of D still marked running were killed or are superseded by this one: they are marked
 * failed, and such a run, should it still be going, refuses to complete (completeDayRun).
 */
export function beginDayRun(db: SqlHandle, day: string): Promise<number> {
  return db.transaction(async (tx) => {
    const now = nowIso();
    await tx.run(
      `UPDATE "WarningRun" SET "status" = 'failed', "finishedAt" = ? WHERE "day" = ? AND "status" = 'running'`,
      [now, day],
    );
    const row = await tx.get<{ id: number | string }>(
      `INSERT INTO "WarningRun" ("day", "status", "startedAt", "heartbeatAt") VALUES (?, 'running', ?, ?) RETURNING "id"`,
      [day, now, now],
    );
    return Number(row?.id);
  });
}

/** Beats the run's heartbeat; false when a later run has superseded it. */
export async function beatDayRun(db: SqlHandle, runId: number): Promise<boolean> {
  const changed = await db.run(
    `UPDATE "WarningRun" SET "heartbeatAt" = ? WHERE "id" = ? AND "status" = 'running'`,
    [nowIso(), runId],
  );
  return changed > 0;
}

/** Marks a run failed (its transaction rolled back: the day keeps the rows it had). */
export async function failDayRun(db: SqlHandle, runId: number): Promise<void> {
  await db.run(
    `UPDATE "WarningRun" SET "status" = 'failed', "finishedAt" = ? WHERE "id" = ? AND "status" = 'running'`,
    [nowIso(), runId],
  );
}

/** The run's totals, as `WarningRun` keeps them. */
export interface DayRunCounts {
  customers: number;
  atRisk: number;
  warnings: number;
}

/** Marks the run complete with its totals, inside its transaction; throws when it was superseded. */
export async function completeDayRun(tx: SqlHandle, runId: number, day: string, counts: DayRunCounts) {
  const now = nowIso();
  const changed = await tx.run(
    `UPDATE "WarningRun" SET "status" = 'complete', "finishedAt" = ?, "heartbeatAt" = ?,
       "customers" = ?, "atRisk" = ?, "warnings" = ? WHERE "id" = ? AND "status" = 'running'`,
    [now, now, counts.customers, counts.atRisk, counts.warnings, runId],
  );
  if (changed === 0)
    throw new Error(`warnings run ${runId} of ${day} was superseded by a later run: not stored`);
}

/**
 * PostgreSQL, for the run's transaction only (`SET LOCAL`): memory for one page's usage aggregate
 * to sort or hash in (the default 4 MB spills a page of 5,000 customers × 120 days to disk), and no
 * JIT compilation (a page's aggregate is costed above `jit_above_cost` and spent about 0.45 s
 * compiling to save less than that; the job runs hundreds of them).
 */
export async function allowPageMemory(tx: SqlHandle): Promise<void> {
  if (tx.dialect !== "postgres") return;
  await tx.run(`SET LOCAL work_mem = '64MB'`);
  await tx.run(`SET LOCAL jit = off`);
}

/** Deletes day D's `Warning` and `WarningRank` rows (inside the run's transaction). */
export async function clearDayRows(tx: SqlHandle, day: string): Promise<void> {
  await tx.run(`DELETE FROM "Warning" WHERE "day" = ?`, [day]);
  await tx.run(`DELETE FROM "WarningRank" WHERE "day" = ?`, [day]);
}

/** One `Warning` row of the day: evidence and do-not-chase as the JSON text stored. */
export interface DayWarningRow {
  customerId: string;
  code: string;
  level: number;
  evidence: string;
  stage: string;
  doNotChase: string;
}

/** One `WarningRank` row of the day. */
export interface DayRankRow {
  customerId: string;
  managerId: string;
  priority: number;
  rulesPriority: number;
  doNotChase: boolean;
  churnProbability: number | null;
  modelOnly: boolean;
}

/** Inserts rows of `columns` into `table`, ROWS_PER_INSERT a statement. */
async function insertMany(
  tx: SqlHandle,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlParam[])[],
): Promise<void> {
  const one = `(${columns.map(() => "?").join(", ")})`;
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await tx.run(head + chunk.map(() => one).join(", "), chunk.flat());
  }
}

/**
 * Inserts day D's warning rows (inside the run's transaction), each raised on D until the run's
 * since-days are linked to D−1's (relinkSinceDays, once all are in).
 */
export function insertDayWarnings(tx: SqlHandle, day: string, rows: readonly DayWarningRow[]): Promise<void> {
  return insertMany(
    tx,
    "Warning",
    ["day", "customerId", "code", "level", "evidence", "stage", "doNotChase", "sinceDay"],
    rows.map((r) => [day, r.customerId, r.code, r.level, r.evidence, r.stage, r.doNotChase, day]),
  );
}

/** Inserts day D's ranked rows (inside the run's transaction). */
export function insertDayRanks(tx: SqlHandle, day: string, rows: readonly DayRankRow[]): Promise<void> {
  return insertMany(
    tx,
    "WarningRank",
    [
      "day",
      "customerId",
      "managerId",
      "priority",
      "rulesPriority",
      "doNotChase",
      "churnProbability",
      "modelOnly",
    ],
    rows.map((r) => [
      day,
      r.customerId,
      r.managerId,
      r.priority,
      r.rulesPriority,
      r.doNotChase,
      r.churnProbability,
      r.modelOnly,
    ]),
  );
}

export interface DayWarningCount {
  code: string;
  level: number;
  count: number;
}

/** Day D's stored warnings by code and level (unordered). */
export async function dayWarningCounts(db: SqlHandle, day: string): Promise<DayWarningCount[]> {
  const rows = await db.all<DayWarningCount>(
    `SELECT "code", "level", COUNT(*) AS "count" FROM "Warning" WHERE "day" = ? GROUP BY "code", "level"`,
    [day],
  );
  return rows.map((r) => ({ code: r.code, level: Number(r.level), count: Number(r.count) }));
}
