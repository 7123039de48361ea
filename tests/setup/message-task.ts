import type { JobContext } from "../../src/jobs/job-runner.js";

/**
 * A job task for tests/integration/job-messages.test.ts: after `delayMs`, the next `count` messages,
 * writing 42 into any shared `Int32Array` one carries (`{ shared }`).
 */
export async function collectMessages(
  input: { delayMs: number; count: number },
  context: JobContext,
): Promise<unknown[]> {
  await new Promise((resolve) => setTimeout(resolve, input.delayMs));
  const messages: unknown[] = [];
  for (let i = 0; i < input.count; i++) {
    const message = await context.receive();
    const shared = (message as { shared?: unknown } | null)?.shared;
    if (shared instanceof Int32Array) Atomics.store(shared, 0, 42);
    messages.push(message);
  }
  return messages;
}
