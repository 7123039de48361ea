/**
 * A ranked row's key (`WarningRank.priority`) and churn probability written as the warnings job's
 * swap inserts the row, so a day already scored (a re-run after late rows) is not inserted with the
 * rules' keys and then updated row by row: that UPDATE moved every ranked row's entry in the
 * (day, manager, do-not-chase, priority) index, 1.3 s of a 1M re-run. The key is the SQL twin of
 * rankedPriority() (src/domain/churn-priority.ts): scoredRankKeySql, the one text every rank step uses.
 */
import type { RankingMode } from "../domain/churn-priority.js";
import type { SqliteDatabase } from "./database.js";
import { NAMED_RANK_KEY_BINDS, scoredRankKeySql } from "./day-rank-keys.js";

/** How the day's rows are ranked as they are inserted: by the rules alone (no scores), or with them. */
export type InsertedRanking =
  | { scored: false }
  | { scored: true; mode: RankingMode; months: number; yuanPerPoint: number; maxPoints: number };

/**
 * The `priority, churnProbability` of an inserted ranked row whose rules' priority is `rules` and
 * customer `c`, with the join that finds its score (`s`, per customer `customerId`, day @day), and
 * the parameters they need. On a scored day a customer without a score keeps the rules' priority (0
 * when the model alone ranks) and no probability, as the rank step leaves them.
 */
export function insertedRankColumns(
  ranking: InsertedRanking,
  rules: string,
  customerId: string,
): { columns: string; join: string; params: Record<string, string | number> } {
  if (!ranking.scored) return { columns: `${rules}, NULL`, join: "", params: {} };
  const { scored: _, ...params } = ranking;
  return {
    columns: `CASE WHEN s.probability IS NULL THEN (CASE WHEN @mode = 'model' THEN 0 ELSE ${rules} END)
      ELSE ${scoredRankKeySql("sqlite", rules, NAMED_RANK_KEY_BINDS)} END, s.probability`,
    join: `LEFT JOIN ChurnScore s ON s.day = @day AND s.customerId = ${customerId}`,
    params,
  };
}

/** Whether day D has churn scores. */
export function isDayScored(sql: SqliteDatabase, day: string): boolean {
  return sql.prepare(`SELECT 1 FROM "ChurnScore" WHERE "day" = ? LIMIT 1`).get(day) !== undefined;
}
