/**
 * The daily job over several worker threads (src/jobs): the customers are split into id ranges of
 * about equal size, each worker judges its range on its own connection and stages its rows and
 * aggregates in the same run, and this thread finishes the run (group customers judged from the
 * members' tallies of every range, the day swapped in). The bot's daily job runs it inside its own
 * worker (warnings-task.ts) with RETAINBOT_WARNINGS_WORKERS threads; the result equals
 * materialiseWarnings. A cancelled job terminates its worker and with it the range workers. An
 * incremental day whose judge set is small (the usual day: ~40k of 1M) is judged in this thread:
 * its fold in SQL has used both cores already, and two range workers judging 20k each took as long
 * as this thread judging all 40k (each worker's start-up, cold connection and JIT).
 */
import Database from "better-sqlite3";
import type { RulesConfig } from "../../domain/rules-config.js";
import { type JobContext, startJob, taskRef } from "../../jobs/job-runner.js";
import { pauseAfterPage } from "../../jobs/pause-after-page.js";
import { BUSY_TIMEOUT_MS } from "../../store/busy-timeout.js";
import type { SqliteDatabase } from "../../store/database.js";
import { withJobCheckpoints } from "../../store/job-checkpoints.js";
import { currentCustomerCount, judgeSetSize } from "../../store/warning-carry-over.js";
import type { AggregatePlan } from "./aggregate-state.js";
import {
  finishRun,
  type IdRange,
  judgeAndFinishHere,
  judgeRange,
  type MaterialiseOptions,
  type MaterialiseStats,
  planRun,
  type RangeResult,
} from "./materialise.js";
import { beginRun, type RunHandle } from "./warning-runs.js";
import { AUTO_MIN_CUSTOMERS } from "./worker-count.js";

export interface RangeTaskInput {
  dbPath: string;
  day: string;
  rules: RulesConfig;
  plan: AggregatePlan;
  run: RunHandle;
  range: IdRange;
  pageSize?: number;
  /** Sleeps this long after each page: lets tests (and only tests) slow a small job down. */
  pauseMsPerPage?: number;
}

/** Runs in a worker: judges one range of customers on a connection of its own. */
export function judgeRangeTask(input: RangeTaskInput, context?: JobContext): RangeResult {
  const sql = new Database(input.dbPath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const pause = pauseAfterPage(input.pauseMsPerPage ?? 0);
  try {
    sql.pragma("foreign_keys = ON");
    return judgeRange(sql, input.day, input.rules, input.plan, input.run, input.range, {
      pageSize: input.pageSize,
      onPage: (done) => {
        context?.progress({ done });
        pause();
      },
    });
  } finally {
    sql.close();
  }
}

/** Current customers split into `n` id ranges of about equal size. */
export function splitCustomers(sql: SqliteDatabase, n: number): IdRange[] {
  const count = currentCustomerCount(sql);
  const nth = sql
    .prepare("SELECT id FROM Customer WHERE status != 'left' ORDER BY id LIMIT 1 OFFSET ?")
    .pluck();
  const bounds: string[] = [];
  for (let i = 1; i < n; i++) {
    const at = Math.floor((count * i) / n) - 1;
    const id = at >= 0 ? (nth.get(at) as string | undefined) : undefined;
    if (id !== undefined && id !== bounds.at(-1)) bounds.push(id);
  }
  return [...bounds, null].map((upTo, i) => ({ after: i === 0 ? "" : bounds[i - 1]!, upTo }));
}

/** How materialiseInWorkers runs: the job's options, the workers (default 2), a pause per page (tests). */
type WorkersOptions = Pick<MaterialiseOptions, "rebuild" | "pageSize" | "judgeAllShare" | "onPage"> & {
  workers?: number;
  pauseMsPerPage?: number;
  /**
   * An incremental run whose judge set is smaller than this is judged in this thread (default
   * AUTO_MIN_CUSTOMERS): its fold in SQL has used both cores already, and workers' start-up and
   * cold connections cost more than they save on a set that size (docs/benchmarks.md, stop 32).
   */
  minJudgedForWorkers?: number;
};

/** Runs the daily job for day D over `workers` worker threads (default 2). */
export async function materialiseInWorkers(
  sql: SqliteDatabase,
  dbPath: string,
  day: string,
  rules: RulesConfig,
  options: WorkersOptions = {},
): Promise<MaterialiseStats> {
  return withJobCheckpoints(sql, () => inWorkers(sql, dbPath, day, rules, options));
}

async function inWorkers(
  sql: SqliteDatabase,
  dbPath: string,
  day: string,
  rules: RulesConfig,
  options: WorkersOptions,
): Promise<MaterialiseStats> {
  const started = performance.now();
  const run = beginRun(sql, day);
  const plan = planRun(sql, day, rules, run, options);
  const minJudged = options.minJudgedForWorkers ?? AUTO_MIN_CUSTOMERS;
  if (plan.mode === "incremental" && plan.judge === "set" && judgeSetSize(sql, run.id) < minJudged) {
    const pause = pauseAfterPage(options.pauseMsPerPage ?? 0);
    return judgeAndFinishHere(sql, day, rules, run, plan, started, {
      pageSize: options.pageSize,
      onPage: (done) => {
        options.onPage?.(done);
        pause();
      },
    });
  }
  const ranges = splitCustomers(sql, options.workers ?? 2);
  const done = ranges.map(() => 0);
  const jobs = ranges.map((range, i) =>
    startJob<RangeTaskInput, RangeResult>(
      taskRef(import.meta.url, "./parallel-run.js", "judgeRangeTask"),
      {
        dbPath,
        day,
        rules,
        plan,
        run,
        range,
        pageSize: options.pageSize,
        pauseMsPerPage: options.pauseMsPerPage,
      },
      {
        name: `warnings ${day} from ${range.after || "start"}`,
        onProgress: (p) => {
          done[i] = p.done;
          options.onPage?.(done.reduce((a, b) => a + b, 0));
        },
      },
    ),
  );
  const results = await Promise.all(jobs.map((job) => job.result));
  const parts: RangeResult[] = [];
  for (const result of results) {
    if (!result.ok) {
      await Promise.all(jobs.map((job) => job.cancel()));
      throw new Error(`daily warnings ${day}: a worker ${result.error.code}: ${result.error.message}`);
    }
    parts.push(result.value);
  }
  return finishRun(sql, day, rules, run, plan, parts, started);
}
