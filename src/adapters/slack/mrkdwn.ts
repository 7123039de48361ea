/**
 * Slack mrkdwn escaping. Slack asks for `&`, `<` and `>` as HTML entities and has no escape for
 * the formatting characters (`*` bold, `_` italic, `~` strike, `` ` `` code). A date token with an
 * invalid format always renders its fallback text verbatim, so each formatting character is
 * wrapped in one (the technique jsx-slack's <Escape> uses): a customer named `王_*[小]` shows as
 * typed instead of turning half the message bold.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const FORMATTING = new Set(["*", "_", "~", "`"]);

/** One character as it must appear in mrkdwn. */
function escapeChar(char: string): string {
  const entity = ENTITIES[char];
  if (entity) return entity;
  if (FORMATTING.has(char)) return `<!date^00000000^{_}|${char}>`;
  return char;
}

/** Text shown literally inside a mrkdwn text object. */
export function escapeMrkdwn(text: string): string {
  let out = "";
  for (const char of text) out += escapeChar(char);
  return out;
}

/** `*text*` with the text escaped. */
export function boldMrkdwn(text: string): string {
  return `*${escapeMrkdwn(text)}*`;
}

/**
 * Splits lines into mrkdwn chunks of at most `limit` characters once escaped, breaking between
 * lines where possible and inside a line (between characters, never inside an escape) otherwise.
 */
export function chunkMrkdwnLines(lines: readonly string[], limit: number): string[] {
  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current !== "") chunks.push(current);
    current = "";
  };
  for (const line of lines) {
    const escaped = escapeMrkdwn(line);
    const joined = current === "" ? escaped : `${current}\n${escaped}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    flush();
    if (escaped.length <= limit) {
      current = escaped;
      continue;
    }
    for (const char of line) {
      const piece = escapeChar(char);
      if (current.length + piece.length > limit) flush();
      current += piece;
    }
  }
  flush();
  return chunks;
}

/** Cuts plain text to `max` UTF-16 units (how Slack counts), marking the cut with an ellipsis. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
