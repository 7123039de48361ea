/** Thrown into an aborted request by our own deadline, so it is told apart from other aborts. */
export class DeadlineExceeded extends Error {
  constructor(readonly deadlineMs: number) {
    super(`no answer within ${deadlineMs} ms`);
  }
}

/**
 * Runs `work` with a hard deadline: at `deadlineMs` the signal aborts and the returned promise
 * rejects with DeadlineExceeded at once, whether or not `work` notices the abort.
 */
export function withDeadline<T>(deadlineMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DeadlineExceeded(deadlineMs);
      controller.abort(reason);
      reject(reason);
    }, deadlineMs);
  });
  const running = work(controller.signal);
  // Once the deadline wins, a late rejection from `work` must not surface as unhandled.
  running.catch(() => {});
  return Promise.race([running, deadline]).finally(() => clearTimeout(timer));
}
