/**
 * A job's task can wait for what its caller sends after starting it (src/jobs/job-runner.ts: the
 * fold's helper thread waits so for its pages, decision 034): messages sent before the task asks
 * wait for it, in order, and shared memory stays shared; one sent after the task ended is dropped.
 */
import { describe, expect, it } from "vitest";
import { startJob, taskRef } from "../../src/jobs/job-runner.js";

const task = taskRef(import.meta.url, "../setup/message-task.js", "collectMessages");

describe("messages to a running job", { timeout: 30_000 }, () => {
  it("reach the task in order, sent before it asks and after", async () => {
    const shared = new Int32Array(new SharedArrayBuffer(4));
    const job = startJob<{ delayMs: number; count: number }, unknown[]>(task, { delayMs: 300, count: 3 });
    // Sent at once: the worker is not even running its task yet.
    job.send({ n: 1 });
    job.send({ shared });
    setTimeout(() => job.send("last"), 600);
    const result = await job.result;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, , third] = result.value;
    expect(first).toEqual({ n: 1 });
    expect(third).toBe("last");
    // The same memory, not a copy: the task's write is seen here.
    expect(Atomics.load(shared, 0)).toBe(42);
  });

  it("are dropped once the task has ended, without error", async () => {
    const job = startJob<{ delayMs: number; count: number }, unknown[]>(task, { delayMs: 0, count: 0 });
    expect(await job.result).toEqual({ ok: true, value: [] });
    expect(() => job.send("too late")).not.toThrow();
  });
});
