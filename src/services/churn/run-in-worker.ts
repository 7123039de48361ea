/**
 * Runs a churn task in a worker thread, so training and scoring never block the chat's event loop.
 * Under tsx (development, tests) the worker loads the TypeScript entry through tsx's loader.
 */
import { Worker } from "node:worker_threads";
import { err, ok, type Result } from "../../result.js";
import type { ChurnTask, ChurnTaskResult } from "./churn-task.js";

export function runChurnTaskInWorker(task: ChurnTask): Promise<Result<ChurnTaskResult>> {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(typescript ? "./churn-worker.ts" : "./churn-worker.js", import.meta.url);
  // A worker does not inherit tsx's loader: register it in the worker, then load the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Result<ChurnTaskResult>) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const worker = typescript
      ? new Worker(bootstrap, { eval: true, workerData: task })
      : new Worker(entry, { workerData: task });
    // A task in progress must not keep the process alive (`npm start` with piped input exits at the
    // end of its input); SQLite rolls back a write the exit cuts short.
    worker.unref();
    worker.once("message", (message: { ok: true; value: ChurnTaskResult } | { ok: false; error: string }) => {
      settle(message.ok ? ok(message.value) : err({ code: "churn_task_failed", message: message.error }));
    });
    worker.once("error", (e) => settle(err({ code: "churn_task_failed", message: e.message })));
    worker.once("exit", (code) =>
      settle(err({ code: "churn_task_failed", message: `worker exited with ${code}` })),
    );
  });
}
