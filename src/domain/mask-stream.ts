/** The characters a number or an address may still be growing with at the end of a piece of text. */
const OPEN_TAIL = /[0-9A-Za-z+@._%-]+(?: [0-9A-Za-z+@._%-]+){0,5} ?$/;

/**
 * How much of the end to hold back: a number or address that may still grow, a tag not yet closed
 * ("<a hr"), or an escape sequence not yet finished ("\u001b[3").
 */
function heldTail(text: string): number {
  let hold = OPEN_TAIL.exec(text.slice(-96))?.[0].length ?? 0;
  const tag = text.lastIndexOf("<");
  if (tag >= 0 && text.length - tag <= 300 && !text.includes(">", tag))
    hold = Math.max(hold, text.length - tag);
  const esc = text.lastIndexOf("\u001b");
  if (esc >= 0 && text.length - esc <= 32) hold = Math.max(hold, text.length - esc);
  return hold;
}

/**
 * Applies a text transform (masking, filtering) to text arriving piece by piece. A number or a tag
 * can be split over two pieces ("139123" + "45678"), so a tail that may still grow into one is held
 * back until the next piece or the end.
 */
export async function* transformTextStream(
  pieces: AsyncIterable<string>,
  transform: (text: string) => string | Promise<string>,
): AsyncIterable<string> {
  let pending = "";
  for await (const piece of pieces) {
    pending += piece;
    const hold = heldTail(pending);
    const ready = pending.slice(0, pending.length - hold);
    pending = pending.slice(pending.length - hold);
    if (ready !== "") yield await transform(ready);
  }
  if (pending !== "") yield await transform(pending);
}
