/**
 * The daily warnings job as a worker task (src/jobs): the bot runs it off the event loop, on its
 * own connection to the store, so the chats keep answering while a day is computed.
 */
import Database from "better-sqlite3";
import type { RulesConfig } from "../../domain/rules-config.js";
import { type JobContext, type RunningJob, startJob, taskRef } from "../../jobs/job-runner.js";
import { pauseAfterPage } from "../../jobs/pause-after-page.js";
import type { MaterialiseStats } from "./materialise.js";

export interface WarningsTaskInput {
  /** The SQLite file of the store. */
  dbPath: string;
  day: string;
  rules: RulesConfig;
  pageSize?: number;
  /** Recompute every customer from their rows instead of folding in what changed. */
  rebuild?: boolean;
  /** Sleeps this long after each page: lets tests (and only tests) slow a small job down. */
  pauseMsPerPage?: number;
  /** Judge the customers in this many worker threads of its own (default 1: this worker). */
  workers?: number;
}

/** Runs in the worker: materialises day D on a connection of its own. */
export async function warningsTask(input: WarningsTaskInput, context: JobContext): Promise<MaterialiseStats> {
  const { materialiseWarnings } = await import("./materialise.js");
  const sql = new Database(input.dbPath, { fileMustExist: true });
  try {
    // The same settings as the bot's connection (src/store/database.ts): wait out short locks.
    sql.pragma("busy_timeout = 5000");
    sql.pragma("foreign_keys = ON");
    if ((input.workers ?? 1) > 1) {
      // Both cores: this worker coordinates range workers of its own and finishes the day.
      const { materialiseInWorkers } = await import("./parallel-run.js");
      return await materialiseInWorkers(sql, input.dbPath, input.day, input.rules, {
        workers: input.workers,
        pageSize: input.pageSize,
        rebuild: input.rebuild,
        pauseMsPerPage: input.pauseMsPerPage,
        onPage: (done) => context.progress({ done, note: input.day }),
      });
    }
    const pause = pauseAfterPage(input.pauseMsPerPage ?? 0);
    return materialiseWarnings(sql, input.day, input.rules, {
      pageSize: input.pageSize,
      rebuild: input.rebuild,
      onPage: (done) => {
        context.progress({ done, note: input.day });
        pause();
      },
    });
  } finally {
    sql.close();
  }
}

/** Starts the daily job for a day in a worker thread. */
export function startWarningsJob(
  input: WarningsTaskInput,
  options: { onProgress?: (customersDone: number) => void } = {},
): RunningJob<MaterialiseStats> {
  return startJob<WarningsTaskInput, MaterialiseStats>(
    taskRef(import.meta.url, "./warnings-task.js", "warningsTask"),
    input,
    { name: `warnings ${input.day}`, onProgress: (p) => options.onProgress?.(p.done) },
  );
}
