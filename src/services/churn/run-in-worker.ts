/**
 * Runs a churn task in a worker thread, so training and scoring never block the chat's event loop.
 */
import { err, ok, type Result } from "../../result.js";
import type { ChurnTask, ChurnTaskResult } from "./churn-task.js";
import { startChurnThread } from "./start-thread.js";

export function runChurnTaskInWorker(task: ChurnTask): Promise<Result<ChurnTaskResult>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Result<ChurnTaskResult>) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const worker = startChurnThread("churn-worker", task);
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
