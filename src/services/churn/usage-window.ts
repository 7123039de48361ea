/**
 * Keeps the churn features' usage sums (`ChurnUsageWindow`, src/store/churn-usage-window.ts) at the
 * day being scored: a fold from the day they stand at when that is safe, else a recount. A fold
 * reads ~3 rows per customer instead of 120, which is most of the daily scoring step.
 */
import { daysBetween } from "../../domain/dates.js";
import { addUsageSums, foldUsageWindow, type UsageSums } from "../../store/churn-usage-fold.js";
import {
  changedSince,
  currentMarks,
  keptUsageWindows,
  rebuildUsageWindow,
  recountCustomers,
  rowKeyAt,
  saveUsageWindowState,
  type UsageWindowRow,
  type UsageWindowState,
  usageWindowState,
} from "../../store/churn-usage-window.js";
import type { SqliteDatabase } from "../../store/database.js";

/** Beyond this many days since the kept day, a recount (and the fold's window arithmetic needs ≤ 90). */
export const MAX_FOLD_DAYS = 30;

export type WindowUpdate =
  | { mode: "fold"; from: string; recounted: number }
  | {
      mode: "rebuild";
      reason:
        | "no_window"
        | "earlier_day"
        | "gap_too_long"
        | "usage_rows_removed"
        | "rowids_reused"
        | "changes_dropped";
    };

function rebuildReason(
  sql: SqliteDatabase,
  state: UsageWindowState | null,
  marks: Omit<UsageWindowState, "asOf">,
  day: string,
) {
  if (!state) return "no_window" as const;
  if (day < state.asOf) return "earlier_day" as const;
  if (daysBetween(state.asOf, day) > MAX_FOLD_DAYS) return "gap_too_long" as const;
  if (marks.usageRowid < state.usageRowid) return "usage_rows_removed" as const;
  // Rows deleted and rowids handed out again: "up to rowid W" no longer means what was counted.
  if (rowKeyAt(sql, state.usageRowid) !== state.rowKey) return "rowids_reused" as const;
  return null;
}

/** Brings the kept sums to day D (one transaction) and returns them with how they were moved. */
export function keptUsageWindowsAt(
  sql: SqliteDatabase,
  day: string,
): { rows: UsageWindowRow[]; update: WindowUpdate } {
  const update = moveUsageWindowTo(sql, day);
  return { rows: keptUsageWindows(sql), update };
}

/** What moving the kept sums to day D takes: a recount (with why) or a fold from the kept day. */
type MovePlan =
  | { mode: "rebuild"; reason: Extract<WindowUpdate, { mode: "rebuild" }>["reason"] }
  | { mode: "fold"; from: { day: string; usageRowid: number }; changed: string[] };

function planMove(sql: SqliteDatabase, day: string, marks: Omit<UsageWindowState, "asOf">): MovePlan {
  const state = usageWindowState(sql);
  const reason = rebuildReason(sql, state, marks, day);
  if (reason || !state) return { mode: "rebuild", reason: reason ?? "no_window" };
  const changed = changedSince(sql, state.changeSeq, marks.changeSeq);
  if (changed === null) return { mode: "rebuild", reason: "changes_dropped" };
  return { mode: "fold", from: { day: state.asOf, usageRowid: state.usageRowid }, changed };
}

/** Brings the kept sums to day D in one transaction (read them with keptUsageWindows). */
export function moveUsageWindowTo(sql: SqliteDatabase, day: string): WindowUpdate {
  return sql
    .transaction((): WindowUpdate => {
      const marks = currentMarks(sql);
      const plan = planMove(sql, day, marks);
      if (plan.mode === "rebuild") rebuildUsageWindow(sql, day);
      else {
        foldUsageWindow(sql, plan.from, { day, usageRowid: marks.usageRowid }, plan.changed);
        recountCustomers(sql, day, plan.changed);
      }
      saveUsageWindowState(sql, { asOf: day, ...marks });
      return updateOf(plan);
    })
    .immediate();
}

const updateOf = (plan: MovePlan): WindowUpdate =>
  plan.mode === "rebuild" ? plan : { mode: "fold", from: plan.from.day, recounted: plan.changed.length };

/** A thread that reads a share of a fold's rows (score-part-worker.ts) on its own connection. */
export interface FoldHelper {
  /** Asks for the sums of the rows with rowid % parts = 0 of the fold (null: no fold, a recount). */
  request(
    fold: { from: { day: string; usageRowid: number }; to: { day: string }; parts: number } | null,
  ): void;
  /** Those sums (empty when there was no fold). */
  sums(): Promise<UsageSums>;
}

/**
 * moveUsageWindowTo with a fold's row reads divided with a helper thread: it reads the moved-day
 * rows with rowid % parts = 0 while this thread reads the others, then this thread adds its sums —
 * the same sums as moveUsageWindowTo, in one transaction held across the wait.
 */
export async function moveUsageWindowWithHelper(
  sql: SqliteDatabase,
  day: string,
  helper: FoldHelper,
  parts: number,
): Promise<WindowUpdate> {
  sql.exec("BEGIN IMMEDIATE");
  try {
    const marks = currentMarks(sql);
    const plan = planMove(sql, day, marks);
    if (plan.mode === "rebuild") {
      helper.request(null);
      rebuildUsageWindow(sql, day);
      await helper.sums();
    } else {
      // parts ≤ 1: this thread reads every row (the helper is told there is no share for it).
      const share = parts > 1 ? { parts } : undefined;
      helper.request(share ? { from: plan.from, to: { day }, parts } : null);
      foldUsageWindow(sql, plan.from, { day, usageRowid: marks.usageRowid }, plan.changed, share);
      addUsageSums(sql, await helper.sums(), plan.changed);
      recountCustomers(sql, day, plan.changed);
    }
    saveUsageWindowState(sql, { asOf: day, ...marks });
    sql.exec("COMMIT");
    return updateOf(plan);
  } catch (error) {
    if (sql.inTransaction) sql.exec("ROLLBACK");
    throw error;
  }
}
