/**
 * The second core for the incremental day's fold in SQL (decision 026): a worker thread with a
 * connection of its own folds pages of customers while the job's thread folds others, each taking
 * the next page from a shared counter (src/store/usage-aggregate-fold.ts). A page's read half (the
 * moved days' sums and which customers are moved and judged) needs no write lock, so the two read
 * at once and take turns only for the short writes. The job's thread waits for the helper only
 * while it holds a page; a helper that starts late finds no page left and ends, and one that fails
 * before taking a page changes nothing (the job's thread folds them all).
 */
import { availableParallelism } from "node:os";
import Database from "better-sqlite3";
import { startJob, taskRef } from "../../jobs/job-runner.js";
import { BUSY_TIMEOUT_MS, type SqliteDatabase } from "../../store/database.js";
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
  pages: readonly FoldPage[];
  unfolded: readonly string[];
  /** The fold's shared counter (see newFoldCounter). */
  counter: Int32Array;
  /** What the helper folded: customers and rows. */
  stats: Float64Array;
  /** The error of a page the helper failed, as UTF-8. */
  message: Uint8Array;
}

const IN_HAND = 1;
const STATE = 2;
const FAILED = 2;

/** Runs in the worker: folds pages from the shared counter until none is left. */
export function foldPagesTask(input: FoldHelperInput): void {
  const { counter, pages } = input;
  let holding = false;
  try {
    if (Atomics.load(counter, 0) >= pages.length) return;
    const sql = new Database(input.dbPath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      sql.pragma("foreign_keys = ON");
      const folder = pageFolder(sql, input.params, input.unfolded);
      for (;;) {
        // In hand before the claim: the job's thread, past the end, waits while this is not 0.
        Atomics.add(counter, IN_HAND, 1);
        holding = true;
        const i = claimPage(counter);
        if (i >= pages.length) break;
        const s = folder.fold(pages[i]!);
        input.stats[0]! += s.customers;
        input.stats[1]! += s.rows;
        holding = false;
        Atomics.sub(counter, IN_HAND, 1);
        Atomics.notify(counter, IN_HAND);
      }
      folder.close();
    } finally {
      sql.close();
    }
  } catch (error) {
    if (holding) {
      const text = new TextEncoder().encode(error instanceof Error ? error.message : String(error));
      input.message.set(text.subarray(0, input.message.length));
      Atomics.store(counter, STATE, FAILED);
    }
  } finally {
    if (holding) Atomics.sub(counter, IN_HAND, 1);
    Atomics.notify(counter, IN_HAND);
  }
}

/**
 * Starts the helper thread on the store file `dbPath`. `first`: the job's thread waits (up to 60 s)
 * until the helper has taken the first page, so that a small store's fold runs on both (tests).
 */
function startFoldHelper(dbPath: string, params: SqlFoldParams, first: boolean): FoldHelperStarter {
  return (counter, pages, unfolded) => {
    const input: FoldHelperInput = {
      dbPath,
      params,
      pages,
      unfolded,
      counter,
      stats: new Float64Array(new SharedArrayBuffer(16)),
      message: new Uint8Array(new SharedArrayBuffer(1024)),
    };
    const job = startJob<FoldHelperInput, void>(
      taskRef(import.meta.url, "./fold-helper.js", "foldPagesTask"),
      input,
      { name: "usage fold helper", unref: true },
    );
    // Its outcome is read from the counter; a helper that could not start folded nothing.
    void job.result;
    for (const until = Date.now() + 60_000; first && Atomics.load(counter, 0) === 0 && Date.now() < until; )
      Atomics.wait(counter, 0, 0, 50);
    return {
      wait(): SqlFoldStats {
        for (let held = Atomics.load(counter, IN_HAND); held !== 0; held = Atomics.load(counter, IN_HAND))
          Atomics.wait(counter, IN_HAND, held, 1_000);
        if (Atomics.load(counter, STATE) === FAILED) {
          const end = input.message.indexOf(0);
          const text = new TextDecoder().decode(input.message.slice(0, end < 0 ? undefined : end));
          throw new Error(`the usage fold's second connection failed a page: ${text}`);
        }
        return { customers: input.stats[0]!, rows: input.stats[1]! };
      },
    };
  };
}

/**
 * The helper for a fold on connection `sql` when it is worth one: a store file (not in memory) and
 * a second core; `connections: 1` never. `helperFirst`: see startFoldHelper (tests only).
 */
export function foldHelperFor(
  sql: SqliteDatabase,
  params: SqlFoldParams,
  options: { connections?: number; helperFirst?: boolean } = {},
): FoldHelperStarter | undefined {
  const two = options.connections === undefined ? availableParallelism() > 1 : options.connections > 1;
  if (!two || sql.memory || sql.name === "") return undefined;
  return startFoldHelper(sql.name, params, options.helperFirst === true);
}
