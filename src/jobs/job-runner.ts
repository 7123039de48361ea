/**
 * Runs CPU-heavy work off the event loop, in a worker thread, so the chats keep answering while it
 * runs (the daily warnings job today; model training and scoring, imports started from the bot and
 * knowledge ingest can use it the same way).
 *
 * A task is an exported function `(input, context) => output` (sync or async) in some module; input
 * and output must be structured-cloneable (plain data: no connections, no functions). The worker
 * imports the task's module itself, so the task opens its own resources (its own SQLite connection
 * from a path in `input`). `context.progress()` reports progress to the caller's `onProgress`.
 * A task that starts before all it needs is known (a helper that opens its connection meanwhile)
 * waits for it with `context.receive()`, which resolves with what the caller sends with `send()`.
 * `cancel()` (the bot calls it on shutdown) terminates the worker at once: a task must therefore
 * write so that an interrupted run leaves the store consistent — SQLite rolls back the open
 * transaction, so commit in steps that are each safe to stop after (see materialise.ts).
 *
 *   const job = startJob(taskRef(import.meta.url, "./my-task.js", "myTask"), { dbPath, day });
 *   const result = await job.result; // ok(output) | err({ code: "failed" | "cancelled", message })
 */
import { Worker } from "node:worker_threads";
import { err, ok, type Result } from "../result.js";

/** Where a task lives: a module URL and the name of its exported function. */
export interface TaskRef {
  readonly module: string;
  readonly exportName: string;
}

export interface JobProgress {
  done: number;
  total?: number;
  note?: string;
}

/** What a task gets besides its input. */
export interface JobContext {
  progress(update: JobProgress): void;
  /** The next message the caller sends (`RunningJob.send`), in order. */
  receive(): Promise<unknown>;
}

export type JobTask<I, O> = (input: I, context: JobContext) => O | Promise<O>;

export interface JobFailure {
  code: "failed" | "cancelled";
  message: string;
}

export interface RunningJob<O> {
  /** Settles when the task returns, throws, or is cancelled; never rejects. */
  readonly result: Promise<Result<O, JobFailure>>;
  /** Sends the task a message (structured-cloned; a SharedArrayBuffer is shared): see `receive`. */
  send(message: unknown): void;
  /** Terminates the worker now (the result becomes `cancelled`). */
  cancel(): Promise<void>;
}

/** Whether this code runs from the TypeScript sources (tsx, vitest) rather than dist/. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * A task reference relative to the calling module: `taskRef(import.meta.url, "./x.js", "run")`.
 * From the sources the `.js` is mapped to the `.ts` file the worker will load through tsx.
 */
export function taskRef(base: string, relative: string, exportName: string): TaskRef {
  const url = new URL(relative, base).href;
  return { module: FROM_SOURCES ? url.replace(/\.js$/, ".ts") : url, exportName };
}

/**
 * The worker's bootstrap, plain CommonJS so it runs the same from dist/ and from the sources: under
 * the sources it registers tsx first, then imports the task's module and runs the task.
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const task = (await import(workerData.module))[workerData.exportName];
  if (typeof task !== "function") throw new Error(workerData.exportName + " is not a function in " + workerData.module);
  const progress = (update) => parentPort.postMessage({ type: "progress", update });
  // Messages wait in the port until a listener is attached; one at a time, so the port does not
  // keep the worker alive once the task is done.
  const receive = () => new Promise((resolve) => parentPort.once("message", resolve));
  const value = await task(workerData.input, { progress, receive });
  parentPort.postMessage({ type: "done", value });
})().catch((error) => parentPort.postMessage({ type: "error", message: (error && error.stack) || String(error) }));
`;

/** Starts a task in a new worker thread. */
export function startJob<I, O>(
  task: TaskRef,
  input: I,
  options: {
    onProgress?: (update: JobProgress) => void;
    name?: string;
    /** The worker alone does not keep the process alive (a task that is safe to drop at exit). */
    unref?: boolean;
  } = {},
): RunningJob<O> {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    name: options.name ?? task.exportName,
    workerData: {
      module: task.module,
      exportName: task.exportName,
      input,
      tsx: FROM_SOURCES ? import.meta.resolve("tsx/esm/api") : null,
    },
  });
  if (options.unref) worker.unref();
  let settle: (outcome: Result<O, JobFailure>) => void = () => {};
  let settled = false;
  const result = new Promise<Result<O, JobFailure>>((resolve) => {
    settle = (outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
  });
  worker.on("message", (message: { type: string; update?: JobProgress; value?: O; message?: string }) => {
    if (message.type === "progress" && message.update) options.onProgress?.(message.update);
    else if (message.type === "done") settle(ok(message.value as O));
    else if (message.type === "error") settle(err({ code: "failed", message: message.message ?? "failed" }));
  });
  worker.on("error", (error) => settle(err({ code: "failed", message: error.stack ?? error.message })));
  worker.on("exit", (code) =>
    settle(err({ code: "cancelled", message: `worker exited (code ${code}) before finishing` })),
  );
  return {
    result,
    send(message) {
      if (!settled) worker.postMessage(message);
    },
    async cancel() {
      if (settled) return;
      settle(err({ code: "cancelled", message: "cancelled" }));
      await worker.terminate();
    },
  };
}
