/**
 * A pause after each page of a job, blocking its thread: lets tests (and only tests) slow a small
 * job down enough to ask the bot something, or kill it, midway.
 */
export function pauseAfterPage(ms: number): () => void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  return () => {
    if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
  };
}
