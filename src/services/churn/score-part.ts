/**
 * The calling side of the parallel scoring's helper thread (score-part-worker.ts): starts it, sends
 * it the fold request and the "window ready" signal, and hands its messages over one at a time; a
 * thread that fails or exits early is an error, never a wait that does not end.
 */
import type { BoostedModel } from "../../model/gbdt/model.js";
import type { CustomerRange } from "../../store/churn-feature-rows.js";
import type { UsageSums } from "../../store/churn-usage-fold.js";
import type { ScoredRows } from "./score-store.js";
import { startChurnThread } from "./start-thread.js";
import type { FoldHelper } from "./usage-window.js";

export interface ScorePartTask {
  path: string;
  day: string;
  model: BoostedModel;
  range: CustomerRange;
  /** Customers per posted chunk. */
  chunk: number;
}

/** From the caller to the helper, in this order. */
export type PartRequest = { kind: "fold"; fold: Parameters<FoldHelper["request"]>[0] } | { kind: "window" };

/** From the helper to the caller: the fold's sums, then chunks of scored rows, then done. */
export type PartMessage =
  | { kind: "sums"; sums: UsageSums }
  | { kind: "rows"; rows: ScoredRows }
  | { kind: "done"; customers: number }
  | { kind: "error"; message: string };

export interface ScorePart extends FoldHelper {
  /** Tells the helper the kept usage window stands at the day. */
  windowReady(): void;
  /** The helper's next message; rejects when the thread failed or exited before "done". */
  next(): Promise<PartMessage>;
  stop(): Promise<void>;
}

export function startScorePart(task: ScorePartTask, entry = "score-part-worker"): ScorePart {
  const worker = startChurnThread(entry, task);
  const queue: PartMessage[] = [];
  let failure: Error | null = null;
  let finished = false;
  let waiting: { resolve: (m: PartMessage) => void; reject: (e: Error) => void } | null = null;
  const deliver = () => {
    if (!waiting) return;
    const message = queue.shift();
    const w = waiting;
    if (message) {
      waiting = null;
      w.resolve(message);
    } else if (failure) {
      waiting = null;
      w.reject(failure);
    }
  };
  worker.on("message", (message: PartMessage) => {
    if (message.kind === "done" || message.kind === "error") finished = true;
    queue.push(message);
    deliver();
  });
  const fail = (error: Error) => {
    failure ??= error;
    deliver();
  };
  worker.on("error", (e) => fail(new Error(`churn scoring thread failed: ${e.message}`)));
  worker.on("exit", (code) => {
    if (!finished) fail(new Error(`churn scoring thread exited with code ${code} before it finished`));
  });
  const next = () =>
    new Promise<PartMessage>((resolve, reject) => {
      waiting = { resolve, reject };
      deliver();
    });
  const send = (request: PartRequest) => worker.postMessage(request);
  return {
    request: (fold) => send({ kind: "fold", fold }),
    sums: async () => {
      const message = await next();
      if (message.kind === "sums") return message.sums;
      throw new Error(
        message.kind === "error"
          ? `churn scoring thread failed: ${message.message}`
          : `churn scoring thread sent ${message.kind} before the fold's sums`,
      );
    },
    windowReady: () => send({ kind: "window" }),
    next,
    stop: async () => {
      await worker.terminate();
    },
  };
}
