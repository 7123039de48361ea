/**
 * A push-to-pull bridge for streamed text: the producer pushes deltas without waiting, a reader
 * (if any) iterates them. Unread deltas are buffered, so a producer never blocks on a chat
 * adapter that does not show streaming.
 */
export interface DeltaChannel {
  push(delta: string): void;
  /** Ends the iteration for the reader (after the buffered deltas). Idempotent. */
  close(): void;
  readonly iterable: AsyncIterable<string>;
}

export function createDeltaChannel(): DeltaChannel {
  const buffer: string[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    push(delta) {
      if (closed || delta === "") return;
      buffer.push(delta);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        while (true) {
          const next = buffer.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (closed) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
    },
  };
}

/** An iterable that yields the given deltas and ends. */
export async function* fromStrings(parts: readonly string[]): AsyncIterable<string> {
  for (const part of parts) yield part;
}
