/**
 * The daily scoring step over two threads (the machine's two cores): this thread keeps the SQLite
 * writes — moving the kept usage window to D, then replacing D's ChurnScore rows in one transaction —
 * while a helper thread (score-part-worker.ts, its own connection; WAL lets it read meanwhile) reads
 * a share of the fold's rows, the customers, and then computes features, probabilities and reasons
 * chunk by chunk and posts them here. The same functions as scoreStore (score-store.ts) compute
 * every value, so the scores are the same. If the helper fails, the open transaction rolls back: the
 * scores stored before stay, and the step fails with the helper's error.
 */
import type { BoostedModel } from "../../model/gbdt/model.js";
import { ALL_CUSTOMERS } from "../../store/churn-feature-rows.js";
import type { SqliteDatabase } from "../../store/database.js";
import { startScorePart } from "./score-part.js";
import { clearScores, type ScoreStats, scoreStore, scoreWriter } from "./score-store.js";
import { moveUsageWindowWithHelper, type WindowUpdate } from "./usage-window.js";

export interface ParallelScoringOptions {
  /** Below this many customers the step runs in this thread (a thread's start costs more). */
  minCustomers?: number;
  /** Customers per chunk the helper posts. */
  chunk?: number;
  /** The helper reads the fold's moved-day rows with rowid % foldParts = 0 (default 3). */
  foldParts?: number;
  /** The helper's entry: a name beside start-thread.ts, or a file URL (tests: one that fails). */
  helperEntry?: string;
  /** Told as the step passes each phase, with the ms since it started (the bench's timeline). */
  onPhase?: (phase: ScoringPhase, ms: number) => void;
}

export type ScoringPhase = "helper_sums" | "window_moved" | "first_chunk" | "helper_done" | "scores_written";

const MIN_CUSTOMERS = 20_000;
const CHUNK = 16_384;
/**
 * The helper reads 1 in FOLD_PARTS of the fold's moved-day rows (by rowid) and the customers
 * meanwhile; this thread reads the rest and adds the helper's sums.
 */
const FOLD_PARTS = 3;

export async function scoreStoreInParallel(
  sql: SqliteDatabase,
  path: string,
  day: string,
  model: BoostedModel,
  version: string,
  options: ParallelScoringOptions = {},
): Promise<ScoreStats & { window?: WindowUpdate }> {
  const started = performance.now();
  const customers = sql.prepare(`SELECT COUNT(*) FROM "Customer"`).pluck().get() as number;
  if (customers < (options.minCustomers ?? MIN_CUSTOMERS)) return scoreStore(sql, day, model, version);
  const phase = (name: ScoringPhase) => options.onPhase?.(name, performance.now() - started);
  const part = startScorePart(
    { path, day, model, range: ALL_CUSTOMERS, chunk: options.chunk ?? CHUNK },
    options.helperEntry,
  );
  const helper = {
    ...part,
    sums: () =>
      part.sums().then((sums) => {
        phase("helper_sums");
        return sums;
      }),
  };
  try {
    const window = await moveUsageWindowWithHelper(sql, day, helper, options.foldParts ?? FOLD_PARTS);
    phase("window_moved");
    helper.windowReady();
    const write = scoreWriter(sql, day, version);
    let scored = 0;
    sql.exec("BEGIN IMMEDIATE");
    try {
      clearScores(sql, day);
      for (;;) {
        const message = await helper.next();
        if (message.kind === "error") throw new Error(`churn scoring thread failed: ${message.message}`);
        if (message.kind === "done") {
          phase("helper_done");
          if (message.customers !== scored)
            throw new Error(
              `churn scoring thread scored ${message.customers} customers but posted ${scored}`,
            );
          break;
        }
        if (message.kind !== "rows") throw new Error(`churn scoring thread sent ${message.kind} out of turn`);
        if (scored === 0) phase("first_chunk");
        write(message.rows);
        scored += message.rows.customerIds.length;
      }
      sql.exec("COMMIT");
    } catch (error) {
      if (sql.inTransaction) sql.exec("ROLLBACK");
      throw error;
    }
    phase("scores_written");
    return { day, customers: scored, ms: performance.now() - started, window };
  } finally {
    await helper.stop();
  }
}
