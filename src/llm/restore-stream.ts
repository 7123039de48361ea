import type { Pseudonymiser } from "./pseudonymise.js";

/**
 * Restores pseudonyms in a stream of deltas. A placeholder can arrive split over two deltas
 * ("客" + "户A"), so a tail that could still grow into one is held back until the next delta.
 */
export async function* restoreDeltas(
  deltas: AsyncIterable<string>,
  pseudonymiser: Pseudonymiser,
): AsyncIterable<string> {
  const placeholders = pseudonymiser.placeholders;
  let pending = "";
  for await (const delta of deltas) {
    pending += delta;
    const hold = heldTail(pending, placeholders);
    const ready = pending.slice(0, pending.length - hold);
    pending = pending.slice(pending.length - hold);
    if (ready !== "") yield pseudonymiser.restore(ready);
  }
  if (pending !== "") yield pseudonymiser.restore(pending);
}

/** Length of the longest tail of `text` that a placeholder could still complete or extend. */
function heldTail(text: string, placeholders: readonly string[]): number {
  let hold = 0;
  for (const p of placeholders) {
    // A full placeholder at the very end may still grow (客户A → 客户AB), so hold it too.
    for (let len = Math.min(p.length, text.length); len > hold; len--) {
      if (p.startsWith(text.slice(text.length - len))) {
        hold = len;
        break;
      }
    }
  }
  return hold;
}
