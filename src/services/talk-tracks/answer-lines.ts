/**
 * Picks the sentences of a passage that answer a query, so a composed answer quotes the useful
 * lines rather than whole sections. Relevance is character-bigram overlap with the query (works
 * for Chinese without segmentation), with a bonus for lines a manager can say as they are.
 */

/** A passage split into units: list items, and the sentences of ordinary paragraphs. */
export function answerUnits(text: string): string[] {
  const units: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || /^#{1,6}\s/.test(line) || /^[-*_]{3,}$/.test(line)) continue;
    const item = /^(?:[-*•]|\d+[.、)])\s*(.*)$/.exec(line);
    if (item) {
      if (item[1]) units.push(item[1].trim());
      continue;
    }
    // Paragraphs split after 。！？; but never inside a quotation, which is said as a whole.
    units.push(...splitSentences(line));
  }
  return units.filter((u) => u.length >= 4);
}

function splitSentences(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  for (const ch of line) {
    current += ch;
    if (ch === "“" || ch === "「") depth++;
    else if ((ch === "”" || ch === "」") && depth > 0) depth--;
    else if (depth === 0 && /[。！？!?]/.test(ch)) {
      out.push(current.trim());
      current = "";
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

function bigrams(text: string): Set<string> {
  const clean = text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, " ");
  const grams = new Set<string>();
  for (const word of clean.split(" ")) {
    if (/^[a-z0-9]+$/.test(word)) {
      if (word.length > 2) grams.add(word);
      continue;
    }
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

/** How well a unit matches the query: shared bigrams, plus a little for quotable wording. */
export function unitScore(unit: string, queryGrams: Set<string>): number {
  let shared = 0;
  for (const g of bigrams(unit)) if (queryGrams.has(g)) shared++;
  const quotable = /“[^”]{4,}”/.test(unit) ? 0.5 : 0;
  return shared + quotable;
}

/**
 * The best `max` units of `text` for `query`, in their original order and within `maxChars`.
 * When nothing matches, the passage's first units (its lead) are used.
 */
export function pickAnswerLines(
  text: string,
  query: string,
  options: { max?: number; maxChars?: number; prefer?: (unit: string) => boolean } = {},
): string[] {
  const max = options.max ?? 3;
  const maxChars = options.maxChars ?? 360;
  const units = answerUnits(text);
  const grams = bigrams(query);
  const ranked = units
    .map((unit, index) => ({ unit, index, score: unitScore(unit, grams) + (options.prefer?.(unit) ? 1 : 0) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: typeof ranked = [];
  let chars = 0;
  for (const entry of ranked) {
    if (chosen.length >= max) break;
    if (chars + entry.unit.length > maxChars && chosen.length > 0) continue;
    chosen.push(entry);
    chars += entry.unit.length;
  }
  return chosen.sort((a, b) => a.index - b.index).map((e) => e.unit);
}

/** True for a unit that asks the customer something (a probing question). */
export function isQuestion(unit: string): boolean {
  return /[？?]/.test(unit);
}
