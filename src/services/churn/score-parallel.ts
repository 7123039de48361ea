/**
 * The daily scoring step over several threads: this thread keeps the SQLite writes — moving the kept
 * usage window to D, then replacing D's ChurnScore rows in one transaction — while helper threads
 * (score-part-worker.ts, each its own connection; WAL lets them read meanwhile) each take a range of
 * the customers (the first can also read a share of the fold's rows); each reads its customers, then
 * computes features, probabilities and reasons chunk by chunk and posts them here. Two helpers and
 * this thread's writes keep both cores busy (one helper left the writing thread idle half the
 * time). The same functions as scoreStore (score-store.ts) compute every value, so the scores are
 * the same. If a helper fails, the open transaction rolls back: the scores stored before stay, and
 * the step fails with the helper's error.
 */
import type { BoostedModel } from "../../model/gbdt/model.js";
import { customerRanges } from "../../store/churn-feature-rows.js";
import type { SqliteDatabase } from "../../store/database.js";
import { type PartMessage, type ScorePart, startScorePart } from "./score-part.js";
import { clearScores, type ScoreStats, scoreStore, scoreWriter } from "./score-store.js";
import { type FoldHelper, moveUsageWindowWithHelper, type WindowUpdate } from "./usage-window.js";

export interface ParallelScoringOptions {
  /** Below this many customers the step runs in this thread (a thread's start costs more). */
  minCustomers?: number;
  /** Customers per chunk a helper posts. */
  chunk?: number;
  /** Helper threads, each scoring a range of the customers (default 2). */
  helpers?: number;
  /** With foldParts > 1 the first helper reads the fold's moved-day rows with rowid % foldParts = 0 (default 1: none). */
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
 * 1: this thread reads all the fold's moved-day rows. With the covering date index they are three
 * sequential index ranges (a few seconds at 1M); a helper's share (FOLD_PARTS 3: 1 in 3 by rowid)
 * paid off while each row was a table page read, but now costs more than it saves: its sums cover
 * nearly every customer, added here one upsert each (at 1M the window stood at D after 7.4–10.7 s).
 */
const FOLD_PARTS = 1;
const HELPERS = 2;

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
  const parts = customerRanges(sql, options.helpers ?? HELPERS).map((range) =>
    startScorePart({ path, day, model, range, chunk: options.chunk ?? CHUNK }, options.helperEntry),
  );
  // The first helper reads a share of the fold's rows; the others only say they have none.
  const helper: FoldHelper = {
    request: (fold) => {
      for (const [i, part] of parts.entries()) part.request(i === 0 ? fold : null);
    },
    sums: async () => {
      const [sums] = await Promise.all(parts.map((part) => part.sums()));
      phase("helper_sums");
      return sums!;
    },
  };
  try {
    const window = await moveUsageWindowWithHelper(sql, day, helper, options.foldParts ?? FOLD_PARTS);
    phase("window_moved");
    for (const part of parts) part.windowReady();
    const write = scoreWriter(sql, day, version);
    let scored = 0;
    sql.exec("BEGIN IMMEDIATE");
    try {
      clearScores(sql, day);
      await drain(parts, (rows) => {
        if (scored === 0) phase("first_chunk");
        write(rows);
        scored += rows.customerIds.length;
      });
      phase("helper_done");
      sql.exec("COMMIT");
    } catch (error) {
      if (sql.inTransaction) sql.exec("ROLLBACK");
      throw error;
    }
    phase("scores_written");
    return { day, customers: scored, ms: performance.now() - started, window };
  } finally {
    await Promise.all(parts.map((part) => part.stop()));
  }
}

/**
 * Hands each helper's chunks of scored rows to `write` as they arrive, until every helper is done
 * (and posted as many customers as it says it scored); a helper's error or early exit is thrown.
 */
async function drain(
  parts: readonly ScorePart[],
  write: (rows: Extract<PartMessage, { kind: "rows" }>["rows"]) => void,
) {
  const next = (part: ScorePart) => {
    const message = part.next().then((m) => ({ part, message: m }));
    message.catch(() => {}); // raced below; one left waiting when another fails must not go unhandled
    return message;
  };
  const pending = new Map(parts.map((part) => [part, next(part)]));
  const posted = new Map(parts.map((part) => [part, 0]));
  while (pending.size > 0) {
    const { part, message } = await Promise.race(pending.values());
    if (message.kind === "error") throw new Error(`churn scoring thread failed: ${message.message}`);
    if (message.kind === "done") {
      if (message.customers !== posted.get(part))
        throw new Error(
          `churn scoring thread scored ${message.customers} customers but posted ${posted.get(part)}`,
        );
      pending.delete(part);
      continue;
    }
    if (message.kind !== "rows") throw new Error(`churn scoring thread sent ${message.kind} out of turn`);
    write(message.rows);
    posted.set(part, posted.get(part)! + message.rows.customerIds.length);
    pending.set(part, next(part));
  }
}
