/**
 * The rank keys of day D's list (`WarningRank.priority`), so `/risk` pages in SQL in the order of
 * src/domain/churn-priority.ts: the rules' priority (`rulesPriority`, stored by the warnings job)
 * blended with the day's churn scores per RULES_CONFIG `ranking.mode`, plus one row for each
 * customer no rule caught whose churn probability reaches `ranking.addFromBaseRateTimes` × the
 * day's average (`modelOnly`). The warnings job's swap inserts the day's ranked rows with their keys
 * already (insertedRankingOf, src/store/inserted-rank-keys.ts) and runs this in the same transaction
 * for the model's additions; the churn job runs it whole after scoring the day. Idempotent.
 */
import { rankedPriority } from "../../domain/churn-priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SqliteDatabase } from "../../store/database.js";
import { NAMED_RANK_KEY_BINDS, scoredRankKeySql } from "../../store/day-rank-keys.js";
import { type InsertedRanking, isDayScored } from "../../store/inserted-rank-keys.js";
import { countRankedDaySqlite } from "../../store/ranked-counts.js";
import { hasMaterialised } from "../warnings/warning-runs.js";
import { type ChurnRanking, modelOnlyAssessmentsSqlite, modelOnlyThreshold } from "./churn-ranking.js";

export interface DayRanking {
  day: string;
  mode: ChurnRanking["mode"];
  scored: boolean;
  /** Customers the model added to the day's list. */
  modelOnly: number;
}

/** The key of a scored ranked row `r`. */
const RANK_KEY = scoredRankKeySql("sqlite", "r.rulesPriority", NAMED_RANK_KEY_BINDS);

/**
 * (Re)computes day D's rank keys and model-only rows in one transaction; see the file comment.
 * `insertedWith`: the day's ranked rows were just inserted with their keys, ranked so (the warnings
 * job's swap, in the same transaction, with insertedRankingOf's ranking): only the model's
 * additions and the counts are left, and whether the day is scored is known.
 */
export function rankDay(
  sql: SqliteDatabase,
  day: string,
  config: RulesConfig,
  options: { insertedWith?: InsertedRanking } = {},
): DayRanking {
  return sql
    .transaction((): DayRanking => {
      const ranked = rankKeys(sql, day, config, options);
      countRankedDaySqlite(sql, day);
      return ranked;
    })
    .immediate();
}

/** The keys and model-only rows of rankDay, inside its transaction. */
function rankKeys(
  sql: SqliteDatabase,
  day: string,
  config: RulesConfig,
  options: { insertedWith?: InsertedRanking },
): DayRanking {
  const ranking = config.ranking;
  sql.prepare(`DELETE FROM "WarningRank" WHERE "day" = ? AND "modelOnly" = 1`).run(day);
  const scored = options.insertedWith?.scored ?? isDayScored(sql, day);
  const mode = scored ? ranking.mode : "rules";
  if (options.insertedWith) {
    const added = mode === "rules" ? 0 : addModelOnly(sql, day, config);
    return { day, mode: ranking.mode, scored, modelOnly: added };
  }
  // Unscored customers: the rules' priority, or nothing to go by when ranked by the model alone.
  sql
    .prepare(
      `UPDATE "WarningRank" SET "priority" = CASE WHEN ? = 'model' THEN 0 ELSE "rulesPriority" END,
           "churnProbability" = NULL WHERE "day" = ?`,
    )
    .run(mode, day);
  if (!scored) return { day, mode: ranking.mode, scored, modelOnly: 0 };
  // Row by row from the day's ranked rows, each score found by its key: as an UPDATE … FROM the
  // planner walked all of the day's scores (918,688 at 1M) for 154,794 ranked rows, 6.1 s against 1.1 s.
  sql
    .prepare(
      `UPDATE "WarningRank" AS r SET ("churnProbability", "priority") = (
         SELECT s.probability, ${RANK_KEY} FROM "ChurnScore" s JOIN "Customer" c ON c.id = s.customerId
         WHERE s.day = r.day AND s.customerId = r.customerId)
       WHERE r.day = @day AND EXISTS (SELECT 1 FROM "ChurnScore" s WHERE s.day = r.day AND s.customerId = r.customerId)`,
    )
    .run({
      mode,
      months: ranking.valueMonths,
      yuanPerPoint: ranking.yuanPerPoint,
      maxPoints: ranking.maxBlendPoints,
      day,
    });
  const added = mode === "rules" ? 0 : addModelOnly(sql, day, config);
  return { day, mode: ranking.mode, scored, modelOnly: added };
}

/** Rows for the customers no rule caught whose probability reaches the threshold. */
function addModelOnly(sql: SqliteDatabase, day: string, config: RulesConfig): number {
  const candidates = sql
    .prepare(
      `SELECT s.customerId, s.probability FROM "ChurnScore" s
       WHERE s.day = ? AND s.probability >= ?
         AND NOT EXISTS (SELECT 1 FROM "WarningRank" r WHERE r.day = s.day AND r.customerId = s.customerId)
       ORDER BY s.customerId`,
    )
    .all(day, modelOnlyThreshold(sql, day, config)) as { customerId: string; probability: number }[];
  if (candidates.length === 0) return 0;
  const probability = new Map(candidates.map((c) => [c.customerId, c.probability]));
  const insert = sql.prepare(
    `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "doNotChase", "rulesPriority",
       "churnProbability", "modelOnly") VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const assessed = modelOnlyAssessmentsSqlite(
    sql,
    day,
    candidates.map((c) => c.customerId),
    config,
  );
  for (const a of assessed) {
    const p = probability.get(a.customer.id)!;
    const ranked = rankedPriority(a.priority, p, a.customer.arpu, config.ranking.mode, config.ranking);
    insert.run(
      day,
      a.customer.id,
      a.customer.managerId,
      ranked.score,
      a.doNotChase.length > 0 ? 1 : 0,
      a.priority.score,
      p,
    );
  }
  return assessed.length;
}

/** How the warnings job's swap keys day D's ranked rows as it inserts them (rankDay's keys, ahead of it). */
export function insertedRankingOf(sql: SqliteDatabase, day: string, config: RulesConfig): InsertedRanking {
  if (!isDayScored(sql, day)) return { scored: false };
  const r = config.ranking;
  return {
    scored: true,
    mode: r.mode,
    months: r.valueMonths,
    yuanPerPoint: r.yuanPerPoint,
    maxPoints: r.maxBlendPoints,
  };
}

/** After the churn job scored D: re-rank D's list when the warnings job has completed it. */
export function rankScoredDay(sql: SqliteDatabase, day: string, config: RulesConfig): DayRanking | null {
  return hasMaterialised(sql, day) ? rankDay(sql, day, config) : null;
}
