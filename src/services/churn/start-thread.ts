/**
 * Starts a churn worker thread from an entry beside this file (`name`.ts under tsx in development and
 * tests, `name`.js when built) or at a file URL. A worker does not inherit tsx's loader: for a
 * TypeScript entry it registers the loader in the worker first, then loads the entry.
 */
import { Worker } from "node:worker_threads";

export function startChurnThread(entry: string, workerData: unknown): Worker {
  const typescript = import.meta.url.endsWith(".ts");
  const url = entry.startsWith("file:")
    ? new URL(entry)
    : new URL(`./${entry}.${typescript ? "ts" : "js"}`, import.meta.url);
  if (!url.pathname.endsWith(".ts")) return new Worker(url, { workerData });
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
