/**
 * Runs of the daily warnings job (`WarningRun`) and their staged rows (`WarningStaging`): how a day's
 * list is built without readers ever seeing half of it (see materialise.ts), and how readers tell
 * a complete day from one being computed.
 */
import { addDays } from "../../domain/dates.js";
import type { Signal } from "../../domain/signals/types.js";
import type { SqliteDatabase } from "../../store/database.js";
import { type InsertedRanking, insertedRankColumns } from "../../store/inserted-rank-keys.js";
import { cachedStatement } from "../../store/statement-cache.js";
import { dropFinishedJudgeSets } from "../../store/warning-carry-over.js";
import { relinkLaterSinceDays, sinceDayOfNewRow } from "../../store/warning-since-day.js";

/** One customer's judgement as stored: signals, and stage and do-not-chase as JSON-ready text. */
export interface StagedJudgement {
  customerId: string;
  signals: Signal[];
  stage: string;
  doNotChase: string;
  /** The priority score (the same on each of the customer's rows). */
  priority: number;
}

export interface RunHandle {
  id: number;
  day: string;
}

// Transactions here read before they write: BEGIN IMMEDIATE takes the write lock first (waiting
// out the busy timeout), where a deferred one would fail at once if another writer committed between.

/** A run whose heartbeat is older than this was killed (runs beat after every page). */
const STALE_MS = 10 * 60_000;

const nowIso = () => new Date().toISOString();

/**
 * Records a new run of day D. Earlier runs of D still marked running were killed (the bot stopped
 * midway) or are superseded by this one: they are marked failed and their staged rows dropped, and
 * such a run, should it still be going, refuses to complete (see completeRun).
 */
export function beginRun(sql: SqliteDatabase, day: string): RunHandle {
  return sql
    .transaction(() => {
      const earlier = sql
        .prepare("SELECT id FROM WarningRun WHERE day = ? AND status = 'running'")
        .pluck()
        .all(day) as number[];
      for (const id of earlier) {
        sql.prepare("DELETE FROM WarningStaging WHERE runId = ?").run(id);
        sql.prepare("UPDATE WarningRun SET status = 'failed', finishedAt = ? WHERE id = ?").run(nowIso(), id);
      }
      dropFinishedJudgeSets(sql);
      const now = nowIso();
      const id = sql
        .prepare("INSERT INTO WarningRun (day, status, startedAt, heartbeatAt) VALUES (?, 'running', ?, ?)")
        .run(day, now, now).lastInsertRowid;
      return { id: Number(id), day };
    })
    .immediate();
}

/**
 * Stages some customers' rows in one short transaction, and beats the run's heartbeat; `alsoWrite`
 * runs in the same transaction (the job's aggregates of the page).
 */
export function stageRows(
  sql: SqliteDatabase,
  run: RunHandle,
  judged: readonly StagedJudgement[],
  alsoWrite: () => void = () => {},
): void {
  const insert = cachedStatement(
    sql,
    "INSERT INTO WarningStaging (runId, customerId, code, level, evidence, stage, doNotChase, priority) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const beat = cachedStatement(
    sql,
    "UPDATE WarningRun SET heartbeatAt = ? WHERE id = ? AND status = 'running'",
  );
  sql
    .transaction(() => {
      if (beat.run(nowIso(), run.id).changes === 0)
        throw new Error(`warnings run ${run.id} of ${run.day} was superseded by a later run: stopped`);
      for (const j of judged)
        for (const s of j.signals)
          insert.run(
            run.id,
            j.customerId,
            s.code,
            s.level,
            JSON.stringify(s.evidence),
            j.stage,
            j.doNotChase,
            j.priority,
          );
      alsoWrite();
    })
    .immediate();
}

/** What completeRun writes besides the staged rows (see there). */
export interface RunCompletion {
  /**
   * How the ranked rows get their keys as they are inserted (the day's churn scores, when any):
   * asked inside the transaction, so scores stored meanwhile by the churn step are seen.
   */
  ranking: () => InsertedRanking;
  alsoCommit?: (ranking: InsertedRanking) => void;
  carry?: (ranking: InsertedRanking) => { rows: number; customers: number };
}

/**
 * Replaces D's rows with the run's in one transaction and marks the run complete: the staged rows,
 * ranked as `ranking` says, and those `carry` writes straight into D's rows (an incremental run's
 * carried customers: it returns their rows and customers, counted with the staged ones).
 * `alsoCommit` runs in the same transaction, given the ranking (the job records where its aggregates
 * stand, and the churn model's additions to the day with each manager's counts:
 * src/services/churn/rank-day.ts).
 * Returns what `carry` wrote.
 */
export function completeRun(
  sql: SqliteDatabase,
  run: RunHandle,
  counts: { customers: number; atRisk: number; warnings: number },
  { ranking, alsoCommit = () => {}, carry = () => ({ rows: 0, customers: 0 }) }: RunCompletion,
): { rows: number; customers: number } {
  return sql
    .transaction(() => {
      const status = sql.prepare("SELECT status FROM WarningRun WHERE id = ?").pluck().get(run.id);
      if (status !== "running")
        throw new Error(`warnings run ${run.id} of ${run.day} was superseded by a later run: not stored`);
      const rankedBy = ranking();
      const keys = insertedRankColumns(rankedBy, "MAX(w.priority)", "w.customerId");
      sql.prepare("DELETE FROM Warning WHERE day = ?").run(run.day);
      sql.prepare("DELETE FROM WarningRank WHERE day = ?").run(run.day);
      sql
        .prepare(
          `INSERT INTO Warning (day, customerId, code, level, evidence, stage, doNotChase, sinceDay)
         SELECT @day, s.customerId, s.code, s.level, s.evidence, s.stage, s.doNotChase, ${sinceDayOfNewRow("s")}
         FROM WarningStaging s WHERE s.runId = @runId`,
        )
        .run({ day: run.day, prevDay: addDays(run.day, -1), runId: run.id });
      sql
        .prepare(
          `INSERT INTO WarningRank (day, customerId, managerId, rulesPriority, doNotChase, priority, churnProbability)
         SELECT @day, w.customerId, c.managerId, MAX(w.priority), MAX(w.doNotChase != '[]'), ${keys.columns}
         FROM WarningStaging w JOIN Customer c ON c.id = w.customerId ${keys.join}
         WHERE w.runId = @runId GROUP BY w.customerId`,
        )
        .run({ day: run.day, runId: run.id, ...keys.params });
      const carried = carry(rankedBy);
      relinkLaterSinceDays(sql, run.day);
      sql.prepare("DELETE FROM WarningStaging WHERE runId = ?").run(run.id);
      sql
        .prepare(
          `UPDATE WarningRun SET status = 'complete', finishedAt = ?, heartbeatAt = ?,
           customers = ?, atRisk = ?, warnings = ? WHERE id = ?`,
        )
        .run(
          nowIso(),
          nowIso(),
          counts.customers,
          counts.atRisk + carried.customers,
          counts.warnings + carried.rows,
          run.id,
        );
      alsoCommit(rankedBy);
      return carried;
    })
    .immediate();
}

/**
 * Whether day D has a complete list: a completed run, or rows (the `Warning` table only ever holds
 * whole days; rows written before runs were recorded count too).
 */
export function hasMaterialised(sql: SqliteDatabase, day: string): boolean {
  return (
    cachedStatement(sql, "SELECT 1 FROM Warning WHERE day = ? LIMIT 1").get(day) !== undefined ||
    cachedStatement(sql, "SELECT 1 FROM WarningRun WHERE day = ? AND status = 'complete' LIMIT 1").get(
      day,
    ) !== undefined
  );
}

/** Whether a run of day D is going on now (started, not finished, heartbeat fresh). */
export function isRunInProgress(sql: SqliteDatabase, day: string): boolean {
  const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
  return (
    cachedStatement(
      sql,
      "SELECT 1 FROM WarningRun WHERE day = ? AND status = 'running' AND heartbeatAt >= ? LIMIT 1",
    ).get(day, staleBefore) !== undefined
  );
}

/** The latest day before D with a complete list, or null. */
export function latestCompleteDayBefore(sql: SqliteDatabase, day: string): string | null {
  const withRows = cachedStatement(sql, "SELECT MAX(day) FROM Warning WHERE day < ?").pluck().get(day) as
    | string
    | null;
  const completed = cachedStatement(
    sql,
    "SELECT MAX(day) FROM WarningRun WHERE day < ? AND status = 'complete'",
  )
    .pluck()
    .get(day) as string | null;
  if (withRows === null) return completed;
  // Days are YYYY-MM-DD text: the later one sorts last.
  return completed !== null && completed > withRows ? completed : withRows;
}

/** The customers the latest complete run judged (0 before the first): how large the job is. */
export function lastRunCustomers(sql: SqliteDatabase): number {
  return Number(
    cachedStatement(
      sql,
      "SELECT customers FROM WarningRun WHERE status = 'complete' ORDER BY id DESC LIMIT 1",
    )
      .pluck()
      .get() ?? 0,
  );
}
