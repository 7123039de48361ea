/**
 * The second core for the incremental day's fold in SQL (decision 026): a worker thread with a
 * connection of its own folds pages of customers while the job's thread folds others, each taking
 * the next page from a shared counter (src/store/usage-aggregate-fold.ts). A page's read half (the
 * moved days' sums and which customers are moved and judged) needs no write lock, so the two read
 * at once and take turns only for the short writes. The helper is started when the run is planned,
 * before the judge set is built, so that the thread, its modules and its connection are ready when
 * the pages are (a thread started with the fold took its first page 0.6 s after the job's thread,
 * decision 034); it then waits for the pages and the customers left to JavaScript. The job's thread
 * waits for the helper only while it holds a page; a helper that is not ready finds no page left
 * and ends, and one that fails before taking a page changes nothing (the job's thread folds them all).
 */
import { availableParallelism } from "node:os";
import Database from "better-sqlite3";
import { type JobContext, startJob, taskRef } from "../../jobs/job-runner.js";
import { BUSY_TIMEOUT_MS } from "../../store/busy-timeout.js";
import type { SqliteDatabase } from "../../store/database.js";
import {
  claimPage,
  type FoldHelperStarter,
  type FoldPage,
  pageFolder,
  type SqlFoldParams,
  type SqlFoldStats,
} from "../../store/usage-aggregate-fold.js";

interface FoldHelperInput {
  dbPath: string;
  params: SqlFoldParams;
  /** What the helper folded: customers, rows and pages. */
  stats: Float64Array;
  /** The error of a page the helper failed, as UTF-8. */
  message: Uint8Array;
}

/** What the helper waits for once its connection is ready: the fold's pages, or null (no fold). */
type FoldOrder = {
  pages: readonly FoldPage[];
  unfolded: readonly string[];
  /** The fold's shared counter (see newFoldCounter). */
  counter: Int32Array;
} | null;

const IN_HAND = 1;
const STATE = 2;
const FAILED = 2;

/**
 * Runs in the worker: opens its connection and prepares to fold, then waits for the order and folds
 * pages from its shared counter until none is left.
 */
export async function foldPagesTask(input: FoldHelperInput, context: JobContext): Promise<void> {
  let holding = false;
  let counter: Int32Array | null = null;
  try {
    const sql = new Database(input.dbPath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      sql.pragma("foreign_keys = ON");
      const folder = pageFolder(sql, input.params);
      const order = (await context.receive()) as FoldOrder;
      if (order === null || Atomics.load(order.counter, 0) >= order.pages.length) return;
      const { pages } = order;
      counter = order.counter;
      folder.leaveToJavaScript(order.unfolded);
      for (;;) {
        // In hand before the claim: the job's thread, past the end, waits while this is not 0.
        Atomics.add(counter, IN_HAND, 1);
        holding = true;
        const i = claimPage(counter);
        if (i >= pages.length) break;
        const s = folder.fold(pages[i]!);
        input.stats[0]! += s.customers;
        input.stats[1]! += s.rows;
        input.stats[2]! += 1;
        holding = false;
        Atomics.sub(counter, IN_HAND, 1);
        Atomics.notify(counter, IN_HAND);
      }
      folder.close();
    } finally {
      sql.close();
    }
  } catch (error) {
    if (holding && counter !== null) {
      const text = new TextEncoder().encode(error instanceof Error ? error.message : String(error));
      input.message.set(text.subarray(0, input.message.length));
      Atomics.store(counter, STATE, FAILED);
    }
  } finally {
    if (counter !== null) {
      if (holding) Atomics.sub(counter, IN_HAND, 1);
      Atomics.notify(counter, IN_HAND);
    }
  }
}

/** A helper thread started for a run's fold: `start` hands it the pages, `stop` ends it unused. */
export interface FoldHelper {
  start: FoldHelperStarter;
  /** Ends a helper that was never started (no fold after all, or the plan failed); else nothing. */
  stop(): void;
  /** Settles when the thread's task has ended (whatever its outcome: see the counter). */
  ended: Promise<unknown>;
}

/**
 * Starts the helper thread on the store file `dbPath` now; it folds once `start` hands it the
 * pages. `first`: the job's thread then waits (up to 60 s) until the helper has taken the first
 * page, so that a small store's fold runs on both (tests).
 */
function startFoldHelper(dbPath: string, params: SqlFoldParams, first: boolean): FoldHelper {
  const input: FoldHelperInput = {
    dbPath,
    params,
    stats: new Float64Array(new SharedArrayBuffer(24)),
    message: new Uint8Array(new SharedArrayBuffer(1024)),
  };
  const job = startJob<FoldHelperInput, void>(
    taskRef(import.meta.url, "./fold-helper.js", "foldPagesTask"),
    input,
    { name: "usage fold helper", unref: true },
  );
  // Its outcome is read from the counter; a helper that could not start folded nothing.
  const ended = job.result;
  let ordered = false;
  const order = (o: FoldOrder) => {
    if (ordered) return;
    ordered = true;
    job.send(o);
  };
  return {
    start(counter, pages, unfolded) {
      order({ counter, pages, unfolded });
      for (const until = Date.now() + 60_000; first && Atomics.load(counter, 0) === 0 && Date.now() < until; )
        Atomics.wait(counter, 0, 0, 50);
      return {
        wait(): SqlFoldStats & { pages: number } {
          for (let held = Atomics.load(counter, IN_HAND); held !== 0; held = Atomics.load(counter, IN_HAND))
            Atomics.wait(counter, IN_HAND, held, 1_000);
          if (Atomics.load(counter, STATE) === FAILED) {
            const end = input.message.indexOf(0);
            const text = new TextDecoder().decode(input.message.slice(0, end < 0 ? undefined : end));
            throw new Error(`the usage fold's second connection failed a page: ${text}`);
          }
          return { customers: input.stats[0]!, rows: input.stats[1]!, pages: input.stats[2]! };
        },
      };
    },
    stop: () => order(null),
    ended,
  };
}

/**
 * Starts the helper for a fold on connection `sql` when it is worth one: a store file (not in
 * memory) and a second core; `connections: 1` never. `helperFirst`: see startFoldHelper (tests only).
 */
export function foldHelperFor(
  sql: SqliteDatabase,
  params: SqlFoldParams,
  options: { connections?: number; helperFirst?: boolean } = {},
): FoldHelper | undefined {
  const two = options.connections === undefined ? availableParallelism() > 1 : options.connections > 1;
  if (!two || sql.memory || sql.name === "") return undefined;
  return startFoldHelper(sql.name, params, options.helperFirst === true);
}
