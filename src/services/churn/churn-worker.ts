/** Worker-thread entry: runs one churn task and posts its result (or its error) back. */
import { parentPort, workerData } from "node:worker_threads";
import { type ChurnTask, runChurnTask } from "./churn-task.js";

try {
  parentPort?.postMessage({ ok: true, value: await runChurnTask(workerData as ChurnTask) });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
}
