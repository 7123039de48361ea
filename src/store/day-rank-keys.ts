/**
 * A day's rank keys (`WarningRank.priority`) recomputed in place from the day's churn scores, on
 * the SQL handle (the PostgreSQL store's churn step; SQLite's is src/services/churn/rank-day.ts on
 * its connection). The PostgreSQL text does the same double operations in the same order as
 * SQLite's: GREATEST/LEAST for the two-argument MAX/MIN, and SQLite's ROUND of a non-negative
 * double (half up) spelt `floor(x + 0.5)` (PostgreSQL's own ROUND of a double rounds half to even).
 */
import type { RankingMode } from "../domain/churn-priority.js";
import type { SqlHandle } from "./sql-handle.js";

type Dialect = SqlHandle["dialect"];

const MODEL_ONLY: Record<Dialect, string> = { sqlite: `"modelOnly" = 1`, postgres: `"modelOnly" = true` };

/** Deletes the rows the model added to day D (recomputed after the keys). */
export async function clearModelOnlyRanks(tx: SqlHandle, day: string): Promise<void> {
  await tx.run(`DELETE FROM "WarningRank" WHERE "day" = ? AND ${MODEL_ONLY[tx.dialect]}`, [day]);
}

/** Every row of day D back to the rules' key (0 when ranked by the model alone), unscored. */
export async function resetRankKeys(tx: SqlHandle, day: string, mode: RankingMode): Promise<void> {
  await tx.run(
    `UPDATE "WarningRank" SET "priority" = CASE WHEN CAST(? AS TEXT) = 'model' THEN 0 ELSE "rulesPriority" END,
       "churnProbability" = NULL WHERE "day" = ?`,
    [mode, day],
  );
}

export interface RankKeyParams {
  mode: RankingMode;
  valueMonths: number;
  yuanPerPoint: number;
  maxBlendPoints: number;
}

const ROUND_UP: Record<Dialect, (x: string) => string> = {
  sqlite: (x) => `ROUND(${x})`,
  postgres: (x) => `floor(${x} + 0.5::float8)`,
};
const MAX: Record<Dialect, string> = { sqlite: "MAX", postgres: "GREATEST" };
const MIN: Record<Dialect, string> = { sqlite: "MIN", postgres: "LEAST" };

/**
 * Where a statement binds the ranking's parameters: named (`@mode`…) on a SQLite connection, or
 * `?` on the handle, whose values then go in the order the key's text names them (mode, months,
 * maxPoints, months, yuanPerPoint).
 */
export interface RankKeyBinds {
  mode: string;
  months: string;
  yuanPerPoint: string;
  maxPoints: string;
}

/** The binds of a statement on a SQLite connection with named parameters. */
export const NAMED_RANK_KEY_BINDS: RankKeyBinds = {
  mode: "@mode",
  months: "@months",
  yuanPerPoint: "@yuanPerPoint",
  maxPoints: "@maxPoints",
};

const POSITIONAL_BINDS: RankKeyBinds = {
  mode: "CAST(? AS TEXT)",
  months: "CAST(? AS DOUBLE PRECISION)",
  yuanPerPoint: "CAST(? AS DOUBLE PRECISION)",
  maxPoints: "CAST(? AS DOUBLE PRECISION)",
};

/**
 * The rank key of a scored customer, rankedPriority (src/domain/churn-priority.ts) in SQL: `rules`
 * is the rules' priority, `s` the ChurnScore, `c` the Customer. The one text of the key: the
 * warnings job's swap inserts rows with it (src/store/inserted-rank-keys.ts) and both rank steps
 * recompute it (src/services/churn/rank-day.ts, rankKeysFromScores below).
 */
export function scoredRankKeySql(dialect: Dialect, rules: string, b: RankKeyBinds): string {
  const atRisk = `s."probability" * ${b.months} * ${MAX[dialect]}(0, c."arpu")`;
  return `CASE ${b.mode}
    WHEN 'model' THEN ${ROUND_UP[dialect](atRisk)}
    WHEN 'blend' THEN ${rules} + ${MIN[dialect]}(${b.maxPoints}, ${ROUND_UP[dialect](`${atRisk} / ${b.yuanPerPoint}`)})
    ELSE ${rules} END`;
}

/** Day D's scored rows get their probability and the key ranked with it. */
export async function rankKeysFromScores(tx: SqlHandle, day: string, p: RankKeyParams): Promise<void> {
  await tx.run(
    `UPDATE "WarningRank" AS r SET "churnProbability" = s."probability", "priority" = ${scoredRankKeySql(tx.dialect, 'r."rulesPriority"', POSITIONAL_BINDS)}
     FROM "ChurnScore" s JOIN "Customer" c ON c."id" = s."customerId"
     WHERE r."day" = ? AND s."day" = r."day" AND s."customerId" = r."customerId"`,
    [p.mode, p.valueMonths, p.maxBlendPoints, p.valueMonths, p.yuanPerPoint, day],
  );
}
