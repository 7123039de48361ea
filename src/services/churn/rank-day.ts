/**
 * The rank keys of day D's list (`WarningRank.priority`), so `/risk` pages in SQL in the order of
 * src/domain/churn-priority.ts: the rules' priority (`rulesPriority`, stored by the warnings job)
 * blended with the day's churn scores per RULES_CONFIG `ranking.mode`, plus one row for each
 * customer no rule caught whose churn probability reaches `ranking.addFromBaseRateTimes` × the
 * day's average (`modelOnly`). Run inside the warnings job's final transaction (the day's rows appear already
 * ranked) and again after the churn job scored the day; idempotent.
 */
import { rankedPriority } from "../../domain/churn-priority.js";
import type { RulesConfig } from "../../domain/rules-config.js";
import type { SqliteDatabase } from "../../store/database.js";
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

/**
 * The SQL twin of rankedPriority() for a scored customer (same operations in the same order, so the
 * same doubles); `r` is the WarningRank row, `s` the ChurnScore, `c` the Customer.
 */
const RANK_KEY = `CASE @mode
  WHEN 'model' THEN ROUND(s.probability * @months * MAX(0, c.arpu))
  WHEN 'blend' THEN r.rulesPriority + MIN(@maxPoints, ROUND(s.probability * @months * MAX(0, c.arpu) / @yuanPerPoint))
  ELSE r.rulesPriority END`;

/**
 * (Re)computes day D's rank keys and model-only rows in one transaction; see the file comment.
 * `justStored`: the day's rows were just written with the rules' priority and no probability (the
 * warnings job's swap), so unless the model alone ranks, only scored rows need writing.
 */
export function rankDay(
  sql: SqliteDatabase,
  day: string,
  config: RulesConfig,
  options: { justStored?: boolean } = {},
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
  options: { justStored?: boolean },
): DayRanking {
  const ranking = config.ranking;
  sql.prepare(`DELETE FROM "WarningRank" WHERE "day" = ? AND "modelOnly" = 1`).run(day);
  const scored = sql.prepare(`SELECT 1 FROM "ChurnScore" WHERE "day" = ? LIMIT 1`).get(day) !== undefined;
  const mode = scored ? ranking.mode : "rules";
  // Unscored customers: the rules' priority, or nothing to go by when ranked by the model alone.
  if (!options.justStored || mode === "model")
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

/** After the churn job scored D: re-rank D's list when the warnings job has completed it. */
export function rankScoredDay(sql: SqliteDatabase, day: string, config: RulesConfig): DayRanking | null {
  return hasMaterialised(sql, day) ? rankDay(sql, day, config) : null;
}
