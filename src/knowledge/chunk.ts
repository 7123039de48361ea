/** A section of a document before it becomes a chunk. */
export interface Section {
  anchor: string;
  heading: string;
  text: string;
}

/** Longer sections are split at paragraph or sentence boundaries (characters, not tokens). */
export const MAX_CHUNK_CHARS = 700;
/** Shorter plain-text sections are merged into the next one. */
const MIN_CHUNK_CHARS = 120;

const MD_HEADING = /^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*#*\s*$/;

/**
 * Splits Markdown at `##`-and-deeper headings. `## 标题 {#anchor}` gives a stable anchor; without
 * one the anchor is the section's position (s1, s2 …). The first `#` heading, if any, is returned
 * as the document title; text before the first section becomes an `intro` section.
 */
export function sectionsFromMarkdown(body: string): { title?: string; sections: Section[] } {
  let title: string | undefined;
  const sections: Section[] = [];
  let current: Section = { anchor: "intro", heading: "", text: "" };
  const flush = () => {
    if (current.text.trim()) sections.push({ ...current, text: current.text.trim() });
  };
  for (const line of body.split("\n")) {
    const m = MD_HEADING.exec(line);
    if (m && m[1] === "#" && title === undefined && sections.length === 0 && !current.text.trim()) {
      title = m[2];
      continue;
    }
    if (m && (m[1]?.length ?? 0) >= 2) {
      flush();
      current = { anchor: m[3] ?? `s${sections.length + 1}`, heading: m[2] ?? "", text: "" };
      continue;
    }
    current.text += `${line}\n`;
  }
  flush();
  return { title, sections: splitLong(sections) };
}

// Headings in raw Chinese training material: 第一节, 一、, (一), 【课程纲要】, 实战专题一 …
const RAW_HEADING =
  /^(?:\d+(?:\.\d+){1,3}\.?\s+\D|第[一二三四五六七八九十百零\d]+[章节部分模块篇课单元]|[一二三四五六七八九十]+、|[((][一二三四五六七八九十]+[))]|【[^】]{1,20}】$|(?:引题|实战专题|单元|模块)[一二三四五六七八九十\d])/;

/**
 * Splits raw text (no Markdown) at heading-like lines; very long lines (slides flattened into one
 * line) are broken at sentence ends. Small sections merge forward so passages carry context.
 */
export function sectionsFromPlainText(text: string, fallbackHeading: string): Section[] {
  const raw: Section[] = [];
  let current: Section = { anchor: "", heading: fallbackHeading, text: "" };
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.length <= 30 && RAW_HEADING.test(trimmed)) {
      if (current.text.trim()) raw.push(current);
      current = { anchor: "", heading: trimmed, text: "" };
    } else current.text += `${trimmed}\n`;
  }
  if (current.text.trim()) raw.push(current);
  const merged: Section[] = [];
  let pending: Section | undefined;
  for (const section of raw) {
    const joined: Section = pending
      ? { ...pending, text: `${pending.text.trim()}\n${section.heading}\n${section.text}` }
      : section;
    if (joined.text.trim().length < MIN_CHUNK_CHARS) pending = joined;
    else {
      merged.push(joined);
      pending = undefined;
    }
  }
  if (pending) merged.push(pending);
  return splitLong(merged.map((s) => ({ ...s, text: s.text.trim() }))).map((s, i) => ({
    ...s,
    anchor: `${i + 1}`,
  }));
}

/** Splits sections over MAX_CHUNK_CHARS into parts `<anchor>`, `<anchor>-2` … */
function splitLong(sections: Section[]): Section[] {
  const out: Section[] = [];
  for (const section of sections) {
    const parts = packPieces(pieces(section.text));
    parts.forEach((text, i) => {
      out.push({ ...section, anchor: i === 0 ? section.anchor : `${section.anchor}-${i + 1}`, text });
    });
  }
  return out;
}

/** Paragraphs, then sentences for paragraphs that are still too long, then hard cuts. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    if (paragraph.length <= MAX_CHUNK_CHARS) out.push(paragraph);
    else
      for (const sentence of paragraph.match(/[^。!?;!?;]+[。!?;!?;]*/g) ?? [paragraph]) {
        for (let i = 0; i < sentence.length; i += MAX_CHUNK_CHARS)
          out.push(sentence.slice(i, i + MAX_CHUNK_CHARS));
      }
  }
  return out.filter((p) => p.trim() !== "");
}

function packPieces(list: string[]): string[] {
  const parts: string[] = [];
  let current = "";
  for (const piece of list) {
    if (current && current.length + piece.length + 1 > MAX_CHUNK_CHARS) {
      parts.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) parts.push(current);
  return parts;
}
