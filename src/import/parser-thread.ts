import { Worker } from "node:worker_threads";
import type { ParseMessage, ParseTask } from "./parse-worker.js";

/** Whether this code runs from the TypeScript sources (tsx, vitest) rather than dist/. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * The worker's bootstrap, plain CommonJS so it runs the same from dist/ and from the sources
 * (there it registers tsx first: a worker does not inherit the loader).
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const { runParser } = await import(workerData.module);
  await runParser(workerData.task, parentPort, workerData.taken);
})().catch((error) => parentPort.postMessage({ type: "failed", failure: { kind: "failed", message: String((error && error.message) || error) } }));
`;

/** The parser thread as the writer sees it: its messages in order, and a way to stop it. */
export interface ParserThread {
  messages(): AsyncGenerator<ParseMessage>;
  /** The writer has taken in one more batch: the parser may send another. */
  taken(): void;
  /** Ends the thread (at once if still running). */
  stop(): Promise<void>;
}

/** Starts ./parse-worker.ts on `task` in a worker thread. */
export function startParserThread(task: ParseTask): ParserThread {
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const module = new URL(FROM_SOURCES ? "./parse-worker.ts" : "./parse-worker.js", import.meta.url).href;
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    name: "import-parser",
    workerData: { module, task, taken, tsx: FROM_SOURCES ? import.meta.resolve("tsx/esm/api") : null },
  });
  const queue: ParseMessage[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const push = (message: ParseMessage) => {
    queue.push(message);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (e) => push({ type: "failed", failure: { kind: "failed", message: e.message } }));
  worker.on("exit", (code) => {
    ended = true;
    push({ type: "failed", failure: { kind: "failed", message: `the parser thread exited (code ${code})` } });
  });
  return {
    async *messages() {
      for (;;) {
        const message = queue.shift();
        if (message) {
          yield message;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
    },
    taken() {
      Atomics.add(taken, 0, 1);
      Atomics.notify(taken, 0);
    },
    async stop() {
      if (!ended) await worker.terminate();
    },
  };
}
