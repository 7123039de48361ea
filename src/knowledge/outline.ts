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

/**
 * PDF text with headings marked: lines that are bookmark titles (the PDF's outline) or numbered
 * outline headings. Returns null when no line looks like a heading (the text is chunked as raw).
 */
export function markPdfHeadings(pages: readonly string[], bookmarks: readonly string[]): string | null {
  const titles = new Set(bookmarks.map((b) => b.replace(/\s+/g, " ").trim()).filter(Boolean));
  let found = false;
  const lines = pages
    .join("\n\n")
    .split("\n")
    .map((raw) => {
      const line = raw.replace(/\s+/g, " ").trim();
      if (titles.has(line)) {
        found = true;
        return `## ${line}`;
      }
      const level = numberedHeadingLevel(line);
      if (level > 0) {
        found = true;
        return `${"#".repeat(level)} ${line}`;
      }
      return line;
    });
  return found ? lines.join("\n") : null;
}
