/**
 * Worker-thread entry of the parallel scoring (score-parallel.ts), on its own connection (WAL lets
 * it read while the calling thread writes). In order: it reads its share of the kept window's fold
 * (the moved-day rows with rowid % parts = 0) and posts their sums; reads the customers and their
 * events, bills and outcomes; then, once told the window stands at D, reads the window chunk by
 * chunk, scores each chunk (features, probability, reasons) and posts it for the caller to write.
 */

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import {
  type CustomerAsOf,
  customersAsOf,
  type OtherFeatureRows,
  otherFeatureRows,
} from "../../store/churn-feature-rows.js";
import { movedUsageSums } from "../../store/churn-usage-fold.js";
import { keptUsageWindows } from "../../store/churn-usage-window.js";
import { featureTableOf } from "./features.js";
import type { PartMessage, PartRequest, ScorePartTask } from "./score-part.js";
import { scoreRows } from "./score-store.js";

const task = workerData as ScorePartTask;
const port = parentPort!;
const post = (message: PartMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const inbox: PartRequest[] = [];
let waiting: ((request: PartRequest) => void) | null = null;
port.on("message", (request: PartRequest) => {
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(request);
  } else inbox.push(request);
});
const next = () =>
  new Promise<PartRequest>((resolve) => {
    const queued = inbox.shift();
    if (queued) resolve(queued);
    else waiting = resolve;
  });

/**
 * The events, bills and outcomes of each chunk of `chunk` customers, in one pass (each chunk's
 * feature table then reads its own rows, not the whole range's).
 */
function othersByChunk(customers: readonly CustomerAsOf[], chunk: number, others: OtherFeatureRows) {
  const chunkOf = new Map(customers.map((c, i) => [c.id, Math.floor(i / chunk)]));
  const parts: OtherFeatureRows[] = Array.from({ length: Math.ceil(customers.length / chunk) }, () => ({
    events: [],
    bills: [],
    outcomes: [],
  }));
  const split = <K extends keyof OtherFeatureRows>(key: K) => {
    for (const row of others[key]) {
      const at = chunkOf.get(row.customerId);
      if (at !== undefined) (parts[at]![key] as (typeof row)[]).push(row);
    }
  };
  split("events");
  split("bills");
  split("outcomes");
  return parts;
}

async function main(sql: Database.Database) {
  const fold = await next();
  if (fold.kind !== "fold") throw new Error(`expected the fold request, got ${fold.kind}`);
  const sums = fold.fold
    ? movedUsageSums(sql, fold.fold.from, fold.fold.to, fold.fold.parts)
    : { customerIds: [], values: new Float64Array(0) };
  post({ kind: "sums", sums }, [sums.values.buffer as ArrayBuffer]);
  const customers = customersAsOf(sql, task.day, task.range);
  const others = othersByChunk(customers, task.chunk, otherFeatureRows(sql, task.day, task.range));
  const window = await next();
  if (window.kind !== "window") throw new Error(`expected the window, got ${window.kind}`);
  for (let at = 0; at < customers.length; at += task.chunk) {
    const part = customers.slice(at, at + task.chunk);
    const slice = { from: part[0]!.id, to: customers[at + task.chunk]?.id ?? task.range.to };
    const table = featureTableOf(sql, task.day, part, keptUsageWindows(sql, slice), others[at / task.chunk]!);
    const rows = scoreRows(task.model, table);
    post({ kind: "rows", rows }, [rows.probabilities.buffer as ArrayBuffer]);
  }
  post({ kind: "done", customers: customers.length });
}

// The store's busy timeout (30 s, store/database.ts — not imported: that module loads the Prisma
// client, which this thread does not need and would take time to start).
const sql = new Database(task.path, { timeout: 30_000 });
main(sql)
  .catch((error: unknown) =>
    post({ kind: "error", message: error instanceof Error ? error.message : String(error) }),
  )
  .finally(() => {
    sql.close();
    port.close();
  });
