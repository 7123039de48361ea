/** Telegram's limit on one message's text (Bot API sendMessage `text`). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * Splits Telegram HTML into messages of at most `limit` characters, on line boundaries. A single
 * line longer than the limit is cut between characters (never inside a tag or an entity such as
 * `&amp;`), closing open tags at the cut and reopening them in the next piece, so every piece is
 * valid HTML on its own.
 */
export function splitHtml(html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let current = "";
  const flush = (): void => {
    const chunk = current.replace(/^\n+|\n+$/g, "");
    if (chunk.trim() !== "") chunks.push(chunk);
    current = "";
  };
  for (const line of html.split("\n")) {
    for (const piece of line.length > limit ? splitLongLine(line, limit) : [line]) {
      const candidate = current === "" ? piece : `${current}\n${piece}`;
      if (candidate.length <= limit) {
        current = candidate;
      } else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return chunks;
}

interface OpenTag {
  name: string;
  tag: string;
}

function splitLongLine(line: string, limit: number): string[] {
  // Tags, entities, or single code points (so surrogate pairs stay whole).
  const tokens = line.match(/<[^>]*>|&#?\w+;|[\s\S]/gu) ?? [];
  const pieces: string[] = [];
  const open: OpenTag[] = [];
  const closing = (): string =>
    open
      .map((o) => `</${o.name}>`)
      .reverse()
      .join("");
  let reopened = "";
  let piece = "";
  for (const token of tokens) {
    if (piece.length + token.length + closing().length > limit && piece !== reopened) {
      pieces.push(piece + closing());
      reopened = open.map((o) => o.tag).join("");
      piece = reopened;
    }
    piece += token;
    if (token.startsWith("</")) open.pop();
    else if (token.startsWith("<") && token.length > 1) open.push({ name: tagName(token), tag: token });
  }
  if (piece !== reopened) pieces.push(piece + closing());
  return pieces;
}

const tagName = (tag: string): string => /^<\s*([a-z0-9-]+)/i.exec(tag)?.[1] ?? "span";
