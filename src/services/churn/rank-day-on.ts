/**
 * rankScoredDay on the SQL handle (the PostgreSQL store): after the churn step scored day D, D's
 * list is re-ranked with the scores when the warnings job has completed it — the same keys and
 * model-only rows as rank-day.ts on SQLite (decision 017).
 *
 * The warnings job on PostgreSQL (materialiseDayOn) ranks with the day's scores when they exist at
 * its start; scores committed while it runs would be missed by it. So the re-rank takes the
 * warnings job's own lock first (waiting while a run holds it): it runs either before a run (which
 * then ranks with the scores itself) or after one (and re-ranks what it wrote), never beside it.
 */
import type { RulesConfig } from "../../domain/rules-config.js";
import { isDayScored } from "../../store/churn-scores.js";
import { clearModelOnlyRanks, rankKeysFromScores, resetRankKeys } from "../../store/day-rank-keys.js";
import type { HeldLock, TakeLock } from "../../store/instance-lock.js";
import { countRankedDay } from "../../store/ranked-counts.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { isDayComplete } from "../../store/warning-days.js";
import { DAILY_WARNINGS_LOCK } from "../warnings/daily-job.js";
import { addModelOnly } from "../warnings/day-on-handle.js";
import type { DayRanking } from "./rank-day.js";

export interface RankOnOptions {
  /** The instances' locks: the re-rank holds the warnings job's lock (see the file comment). */
  lock?: TakeLock;
  /** How often to try the lock again while a warnings run holds it (default 2 s). */
  pollMs?: number;
}

async function takeWarningsLock(lock: TakeLock, pollMs: number): Promise<HeldLock> {
  for (;;) {
    const held = await lock(DAILY_WARNINGS_LOCK);
    if (held) return held;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Day D's rank keys and model-only rows from its scores, in one transaction; idempotent. */
export async function rankDayOn(db: SqlHandle, day: string, config: RulesConfig): Promise<DayRanking> {
  return db.transaction(async (tx): Promise<DayRanking> => {
    const ranked = await rankKeysOn(tx, day, config);
    await countRankedDay(tx, day);
    return ranked;
  });
}

/** The keys and model-only rows of rankDayOn, inside its transaction. */
async function rankKeysOn(tx: SqlHandle, day: string, config: RulesConfig): Promise<DayRanking> {
  const ranking = config.ranking;
  await clearModelOnlyRanks(tx, day);
  const scored = await isDayScored(tx, day);
  const mode = scored ? ranking.mode : "rules";
  await resetRankKeys(tx, day, mode);
  if (!scored) return { day, mode: ranking.mode, scored, modelOnly: 0 };
  await rankKeysFromScores(tx, day, {
    mode,
    valueMonths: ranking.valueMonths,
    yuanPerPoint: ranking.yuanPerPoint,
    maxBlendPoints: ranking.maxBlendPoints,
  });
  const added = mode === "rules" ? 0 : await addModelOnly(tx, day, config, { mode, scored });
  return { day, mode: ranking.mode, scored, modelOnly: added };
}

/** After the churn step scored D: re-rank D's list when the warnings job has completed it. */
export async function rankScoredDayOn(
  db: SqlHandle,
  day: string,
  config: RulesConfig,
  options: RankOnOptions = {},
): Promise<DayRanking | null> {
  const held = options.lock ? await takeWarningsLock(options.lock, options.pollMs ?? 2_000) : null;
  try {
    return (await isDayComplete(db, day)) ? await rankDayOn(db, day, config) : null;
  } finally {
    await held?.release();
  }
}
