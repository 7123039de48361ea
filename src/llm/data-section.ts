/**
 * Untrusted text (training material, customer notes, what the customer said) goes to the LLM only
 * inside delimited data sections. The system prompt says their content is data, never
 * instructions, and the delimiters cannot be forged from inside: any look-alike is defused.
 */

export const DATA_OPEN = "<<<DATA";
export const DATA_CLOSE = "<<<END DATA>>>";

/** A data section, e.g. `<<<DATA material [1] source="…">>> … <<<END DATA>>>`. */
export function dataSection(kind: string, text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${defuse(v).replace(/"/g, "'").replace(/\s+/g, " ")}"`)
    .join("");
  return `${DATA_OPEN} ${kind}${attrs}>>>\n${defuse(text).trim()}\n${DATA_CLOSE}`;
}

/** Replaces the delimiter characters so data can neither close its section nor open a new one. */
export function defuse(text: string): string {
  return text.replace(/<{3,}/g, (m) => "‹".repeat(m.length)).replace(/>{3,}/g, (m) => "›".repeat(m.length));
}

/** Cuts text to at most `max` characters at a line or sentence end where possible. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf("\n"), cut.lastIndexOf("。"), cut.lastIndexOf(". "));
  return `${end > max * 0.6 ? cut.slice(0, end + 1) : cut}…`;
}
