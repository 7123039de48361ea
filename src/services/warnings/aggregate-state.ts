/**
 * Where the rolling aggregates stand (`UsageAggregateState`), and how the next run moves them: a
 * full rebuild, or an incremental run from the day they stand at, which folds in the usage that
 * changed (rolling-aggregates.ts) and judges only the customers whose inputs changed or who cross
 * a date threshold that day, carrying everyone else's rows over (src/store/warning-carry-over.ts).
 */
import { daysBetween } from "../../domain/dates.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SqliteDatabase } from "../../store/database.js";

/** Beyond this many days since the last run, reading the days that changed costs about a rebuild. */
export const MAX_INCREMENTAL_GAP_DAYS = 30;

export type FullReason =
  | "requested"
  | "no_aggregates"
  | "list_missing"
  | "rules_changed"
  | "earlier_day"
  | "gap_too_long"
  | "usage_rows_removed";

/** What a run reads: the watermarks it counts up to, and the state it starts from when incremental. */
export type AggregatePlan = {
  /** `DailyUsage` rows up to this rowid are counted; later ones wait for the next run. */
  usageRowid: number;
  /** `UsageChange` entries up to this sequence are handled by this run. */
  changeSeq: number;
  /** `WarningInputChange` entries up to this sequence are handled by this run. */
  inputSeq: number;
  rulesKey: string;
} & (
  | { mode: "full"; reason: FullReason }
  | {
      mode: "incremental";
      from: IncrementalFrom;
      /** Judge the run's judge set and carry the rest over, or judge everyone (most changed). */
      judge: "all" | "set";
      /** With a judge set: the customers (and their rows) whose aggregates were moved in SQL. */
      sqlFolded?: { customers: number; rows: number; pagesOnHelper: number };
    }
);

/** The state an incremental run starts from: day P's marks and the run that completed P. */
export interface IncrementalFrom {
  day: string;
  usageRowid: number;
  changeSeq: number;
  inputSeq: number;
  /** Aggregate rows written by a later run than this one were left by a killed run. */
  runId: number;
}

interface StateRow {
  asOf: string;
  usageRowid: number;
  changeSeq: number;
  inputSeq: number;
  runId: number;
  rulesKey: string;
}

/**
 * The rule settings the stored state depends on: when they change, a rebuild. All of them, not only
 * the windows the aggregates are counted over: carried-over rows were judged with the old rules.
 */
export function rulesKeyOf(config: RulesConfig): string {
  return JSON.stringify(config);
}

/** Decides how the run of day D moves the aggregates; the watermarks are read now. */
export function planAggregates(
  sql: SqliteDatabase,
  day: string,
  config: RulesConfig,
  options: { rebuild?: boolean } = {},
): AggregatePlan {
  const usageRowid = Number(sql.prepare('SELECT coalesce(max(rowid), 0) FROM "DailyUsage"').pluck().get());
  const changeSeq = Number(sql.prepare('SELECT coalesce(max(seq), 0) FROM "UsageChange"').pluck().get());
  const inputSeq = Number(
    sql.prepare('SELECT coalesce(max(seq), 0) FROM "WarningInputChange"').pluck().get(),
  );
  const rulesKey = rulesKeyOf(config);
  const marks = { usageRowid, changeSeq, inputSeq, rulesKey };
  const state = sql
    .prepare(
      'SELECT asOf, usageRowid, changeSeq, inputSeq, runId, rulesKey FROM "UsageAggregateState" WHERE id = 1',
    )
    .get() as StateRow | undefined;
  const full = (reason: FullReason): AggregatePlan => ({ ...marks, mode: "full", reason });
  if (options.rebuild) return full("requested");
  if (!state) return full("no_aggregates");
  if (state.rulesKey !== rulesKey) return full("rules_changed");
  // Unjudged customers' rows are carried over from the state's day: its run must still be there.
  const stateRun = sql
    .prepare("SELECT 1 FROM WarningRun WHERE id = ? AND day = ? AND status = 'complete'")
    .get(state.runId, state.asOf);
  if (!stateRun) return full("list_missing");
  if (day < state.asOf) return full("earlier_day");
  if (daysBetween(state.asOf, day) > MAX_INCREMENTAL_GAP_DAYS) return full("gap_too_long");
  // Rows deleted wholesale and rowids handed out again: the watermark no longer means "counted".
  if (usageRowid < state.usageRowid) return full("usage_rows_removed");
  return {
    ...marks,
    mode: "incremental",
    judge: "all",
    from: {
      day: state.asOf,
      usageRowid: state.usageRowid,
      changeSeq: state.changeSeq,
      inputSeq: state.inputSeq,
      runId: state.runId,
    },
  };
}

/** Customers whose usage rows were updated or deleted since the aggregates' run (up to the plan's mark). */
export function changedCustomers(sql: SqliteDatabase, plan: AggregatePlan): Set<string> {
  if (plan.mode === "full") return new Set();
  return new Set(
    sql
      .prepare('SELECT DISTINCT customerId FROM "UsageChange" WHERE seq > ? AND seq <= ?')
      .pluck()
      .all(plan.from.changeSeq, plan.changeSeq) as string[],
  );
}

/**
 * Records that the aggregates stand at day D with the plan's marks and the completing run, and drops
 * the handled change entries. Runs inside the transaction that completes the run, so a killed run
 * changes nothing here.
 */
export function commitAggregates(sql: SqliteDatabase, day: string, plan: AggregatePlan, runId: number): void {
  sql
    .prepare(
      `INSERT INTO "UsageAggregateState" (id, asOf, usageRowid, changeSeq, inputSeq, runId, rulesKey)
       VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET asOf = excluded.asOf, usageRowid = excluded.usageRowid,
         changeSeq = excluded.changeSeq, inputSeq = excluded.inputSeq, runId = excluded.runId,
         rulesKey = excluded.rulesKey`,
    )
    .run(day, plan.usageRowid, plan.changeSeq, plan.inputSeq, runId, plan.rulesKey);
  sql.prepare('DELETE FROM "UsageChange" WHERE seq <= ?').run(plan.changeSeq);
  sql.prepare('DELETE FROM "WarningInputChange" WHERE seq <= ?').run(plan.inputSeq);
}
