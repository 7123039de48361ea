/**
 * What a `/risk` page needs to know about a list day before it reads the day's rows, in one
 * statement on the SQL handle (either store): whether the day is complete (warning-days.ts), has
 * ranked rows (ranked-rows.ts), which model scored it (day-scores.ts), and whether any team holds
 * a control group (control-group.ts). Each is an index probe; one round trip instead of four.
 */
import { type RankedRecheck, rankedRechecksColumn, rechecksOfJson } from "./risk-recheck.js";
import type { SqlHandle } from "./sql-handle.js";

export interface ListDayFacts {
  complete: boolean;
  ranked: boolean;
  /** The model version of the day's churn scores, or null when the day has none. */
  modelVersion: string | null;
  /** Whether any team holds customers out of its lists. */
  controlGroup: boolean;
}

const FACT_COLUMNS = `
  CASE WHEN EXISTS (SELECT 1 FROM "Warning" WHERE "day" = ?)
         OR EXISTS (SELECT 1 FROM "WarningRun" WHERE "day" = ? AND "status" = 'complete') THEN 1 ELSE 0 END AS "complete",
  CASE WHEN EXISTS (SELECT 1 FROM "WarningRank" WHERE "day" = ?) THEN 1 ELSE 0 END AS "ranked",
  (SELECT "modelVersion" FROM "ChurnScore" WHERE "day" = ? LIMIT 1) AS "modelVersion",
  CASE WHEN EXISTS (SELECT 1 FROM "ControlGroup" WHERE "sharePercent" > 0) THEN 1 ELSE 0 END AS "controlGroup"`;
const FACTS = `SELECT ${FACT_COLUMNS}`;

/** The facts of day D a page reads by. */
export async function listDayFacts(db: SqlHandle, day: string): Promise<ListDayFacts> {
  const row = await db.get<{
    complete: number;
    ranked: number;
    modelVersion: string | null;
    controlGroup: number;
  }>(FACTS, [day, day, day, day]);
  return factsOf(row);
}

/**
 * The facts of day D with the rechecks a page listed from D itself would look at (risk-recheck.ts),
 * in the same round trip: D is its own list day whenever it is complete, the usual case; otherwise
 * the caller reads the rechecks of the list day it falls back to.
 */
export async function listDayFactsWithRechecks(
  db: SqlHandle,
  day: string,
  managerIds: readonly string[],
): Promise<{ facts: ListDayFacts; rechecks: RankedRecheck[] }> {
  const rechecks = rankedRechecksColumn(db, day, managerIds, day);
  const row = await db.get<{
    complete: number;
    ranked: number;
    modelVersion: string | null;
    controlGroup: number;
    rechecks: string | null;
  }>(`SELECT ${FACT_COLUMNS}, ${rechecks.text} AS "rechecks"`, [day, day, day, day, ...rechecks.params]);
  return { facts: factsOf(row), rechecks: rechecksOfJson(row?.rechecks) };
}

function factsOf(
  row: { complete: number; ranked: number; modelVersion: string | null; controlGroup: number } | undefined,
): ListDayFacts {
  return {
    complete: Number(row?.complete) === 1,
    ranked: Number(row?.ranked) === 1,
    modelVersion: row?.modelVersion ?? null,
    controlGroup: Number(row?.controlGroup) === 1,
  };
}
