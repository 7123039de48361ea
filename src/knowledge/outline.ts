/**
 * Operators' own material keeps its structure: Word heading styles (mammoth's HTML), numbered
 * outline headings (一、 / （一） / 1.1 / 第一章) and PDF bookmarks become Markdown headings, so
 * they are sections and chunk boundaries like the curated files' `##`; tables become one readable
 * line per row ("项目：月租；说明：…").
 */

/** Numbered outline headings of Chinese documents: 第一章, 一、, （一）, 1.1, 1.1.2 … */
const NUMBERED_HEADING =
  /^(?:第[一二三四五六七八九十百零\d]+[章节部分篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*\S|^\d+(?:\.\d+){1,3}\.?\s+\D/u;
/** A heading is a short line that does not end like a sentence. */
const MAX_HEADING_CHARS = 40;

/** The Markdown heading level (2–4) of a numbered outline line, or 0 when it is not one. */
export function numberedHeadingLevel(line: string): number {
  const text = line.trim();
  if (text.length > MAX_HEADING_CHARS || /[。；;，,：:]$/.test(text) || !NUMBERED_HEADING.test(text))
    return 0;
  if (/^第/.test(text) || /^[一二三四五六七八九十]+、/.test(text)) return 2;
  if (/^[（(]/.test(text)) return 3;
  const depth = (/^\d+(?:\.\d+)*/.exec(text)?.[0].split(".").length ?? 2) - 1;
  return Math.min(4, 2 + depth - 1);
}

/** Mammoth's HTML of a .docx as Markdown-ish text: h1 → "##", h2 → "###", deeper → "####". */
export function htmlToOutline(html: string): string {
  const out: string[] = [];
  let text = "";
  let heading = 0;
  let table: string[][] | null = null;
  let row: string[] | null = null;
  const flushBlock = () => {
    const line = decodeEntities(text).replace(/\s+/g, " ").trim();
    text = "";
    if (line === "") return;
    if (heading > 0) out.push(`${"#".repeat(Math.min(4, heading + 1))} ${line}`);
    else {
      const level = numberedHeadingLevel(line);
      out.push(level > 0 ? `${"#".repeat(level)} ${line}` : line);
    }
  };
  for (const [token, close, tag = "", content] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>|([^<]+)/gi)) {
    if (content !== undefined) {
      text += content;
      continue;
    }
    if (token === undefined) continue;
    const name = tag.toLowerCase();
    if (/^h[1-6]$/.test(name)) {
      if (close) flushBlock();
      heading = close ? 0 : Number(name[1]);
    } else if (row && (name === "p" || name === "li" || name === "br")) {
      // Inside a table cell, paragraphs run together into the cell's text.
      text += " ";
    } else if (name === "p" || name === "li" || name === "br") {
      if (name === "li" && !close) text += "- ";
      flushBlock();
    } else if (name === "table") {
      if (!close) table = [];
      else if (table) {
        out.push(...tableLines(table));
        table = null;
      }
    } else if (name === "tr") {
      if (!close) row = [];
      else if (row && table) {
        table.push(row);
        row = null;
      }
    } else if ((name === "td" || name === "th") && row) {
      if (close) row.push(decodeEntities(text).replace(/\s+/g, " ").trim());
      text = "";
    }
  }
  flushBlock();
  return out.join("\n");
}

/** One line per row: "header：cell；header：cell" when the first row is a header, else "cell；cell". */
function tableLines(rows: string[][]): string[] {
  const [head, ...body] = rows.map((r) => r.filter((c) => c !== ""));
  if (!head) return [];
  if (body.length === 0) return [head.join("；")];
  return body.map((cells) => cells.map((cell, i) => (head[i] ? `${head[i]}：${cell}` : cell)).join("；"));
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/** One line of a PDF page: its text and the largest font size on it (points). */
export interface PdfLine {
  text: string;
  size: number;
}

/** A line this much larger than the body text is a heading (when it is also shaped like one). */
const HEADING_SIZE_RATIO = 1.15;

/**
 * PDF text with headings marked: lines that are bookmark titles (the PDF's outline), lines set
 * larger than the body text (the commonest size, by characters), and numbered outline headings.
 * Larger sizes are higher levels (## → ### → ####); a first line larger than every other heading
 * is the title. Returns null when no line looks like a heading (the text is chunked as raw).
 */
export function markPdfHeadings(
  pages: readonly (readonly PdfLine[])[],
  bookmarks: readonly string[],
): string | null {
  const titles = new Set(bookmarks.map((b) => b.replace(/\s+/g, " ").trim()).filter(Boolean));
  const lines = pages.flatMap((page, i) => [
    ...(i > 0 ? [{ text: "", size: 0 }] : []),
    ...page.map((l) => ({ text: l.text.replace(/\s+/g, " ").trim(), size: l.size })),
  ]);
  const body = bodySize(lines);
  const large = lines.filter((l) => isLargeHeading(l, body));
  // The first line, set larger than every other heading, is the document's title.
  const first = lines.find((l) => l.text !== "");
  const title =
    first && isLargeHeading(first, body) && large.every((l) => l === first || l.size < first.size)
      ? first
      : null;
  const headingSizes = [...new Set(large.filter((l) => l !== title).map((l) => roundSize(l.size)))].sort(
    (a, b) => b - a,
  );
  let found = false;
  const marked = lines.map((line) => {
    const { text, size } = line;
    if (line === title) return `# ${text}`;
    if (titles.has(text)) {
      found = true;
      return `## ${text}`;
    }
    const level = isLargeHeading({ text, size }, body)
      ? Math.min(4, 2 + headingSizes.indexOf(roundSize(size)))
      : numberedHeadingLevel(text);
    if (level > 0) {
      found = true;
      return `${"#".repeat(level)} ${text}`;
    }
    return text;
  });
  return found ? marked.join("\n") : null;
}

const roundSize = (size: number) => Math.round(size * 2) / 2;

/** The body text's font size: the size most characters are set in. */
function bodySize(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const { text, size } of lines) {
    if (size > 0) chars.set(roundSize(size), (chars.get(roundSize(size)) ?? 0) + text.length);
  }
  return [...chars].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

/** Larger than the body and shaped like a heading: short, with words, not ending like a sentence. */
function isLargeHeading({ text, size }: PdfLine, body: number): boolean {
  return (
    body > 0 &&
    size >= body * HEADING_SIZE_RATIO &&
    text.length > 0 &&
    text.length <= MAX_HEADING_CHARS &&
    /[\p{L}\p{N}]/u.test(text) &&
    !/[。；;，,：:、]$/.test(text)
  );
}
