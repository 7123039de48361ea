/**
 * scoreStore on the SQL handle (the PostgreSQL store's daily step): every current customer of day D
 * scored with the stored model — the same features (features-on-handle.ts, usage from the rows),
 * the same probabilities and reasons (score-store.ts `scoreRows`) — and the day's ChurnScore rows
 * replaced in one transaction. Scoring yields between blocks, so run in-process it leaves the
 * event loop free between them (the daily step runs it in a worker thread anyway).
 */
import type { BoostedModel } from "../../model/gbdt/model.js";
import { clearDayScores, insertDayScores, type NewChurnScore } from "../../store/churn-scores.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { churnFeaturesOn } from "./features-on-handle.js";
import { type ScoreStats, scoreRows } from "./score-store.js";

/** Rows scored between two yields. */
const CHUNK = 16_384;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function scoreStoreOn(
  db: SqlHandle,
  day: string,
  model: BoostedModel,
  version: string,
): Promise<ScoreStats> {
  const started = performance.now();
  const table = await churnFeaturesOn(db, day);
  const rows = table.customerIds.length;
  const scores: NewChurnScore[] = [];
  for (let from = 0; from < rows; from += CHUNK) {
    const scored = scoreRows(model, table, from, Math.min(rows, from + CHUNK));
    for (let r = 0; r < scored.customerIds.length; r++)
      scores.push({
        customerId: scored.customerIds[r]!,
        probability: scored.probabilities[r]!,
        reasons: scored.reasons[r]!,
      });
    await nextTurn();
  }
  await db.transaction(async (tx) => {
    await clearDayScores(tx, day);
    await insertDayScores(tx, day, version, scores);
  });
  return { day, customers: rows, ms: performance.now() - started };
}
