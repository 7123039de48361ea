import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { err, ok, type Result } from "../result.js";
import { type Section, sectionsFromMarkdown, sectionsFromPlainText } from "./chunk.js";
import { cleanText } from "./clean.js";
import { parseMarkdown } from "./front-matter.js";
import { normalizeText } from "./normalize.js";
import { type ReadError, readSource } from "./readers.js";
import type { IngestedFile, KnowledgeChunk } from "./types.js";

/** sha256 hex of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Reads, normalises, cleans and chunks one knowledge file. `sourceFile` is its path relative to
 * the knowledge directory; it names the document when the file has no front-matter id.
 */
export async function ingestFile(
  absolutePath: string,
  sourceFile: string,
): Promise<Result<IngestedFile, ReadError>> {
  const source = await readSource(absolutePath);
  if (!source.ok) return source;
  const text = normalizeText(source.value.text);
  const fileHash = sha256(source.value.bytes);
  const fallbackId = sourceFile.slice(0, -extname(sourceFile).length || undefined).replace(/[\\/]+/g, "-");

  if (source.value.kind === "markdown") {
    const { meta, body, warnings } = parseMarkdown(text);
    const cleaned = cleanText(body, { raw: false });
    const { title, sections } = sectionsFromMarkdown(cleaned.text);
    const docTitle = meta.title ?? title ?? basename(sourceFile);
    const doc = { docId: meta.id ?? fallbackId, docTitle, sourceFile, meta };
    const chunks = uniqueIds(sections.map((s) => toChunk(doc, s)));
    if (chunks.length === 0) return err({ code: "unreadable", message: "no text left after cleaning" });
    const category = meta.category && {
      ...meta.category,
      docId: doc.docId,
      sourceFile,
      handling: meta.handling,
      probing: meta.probing,
      retention: meta.retention,
      phrasings: meta.phrasings,
    };
    const anchors = new Set(chunks.map((c) => c.id.split("#")[1]));
    const missing = [...meta.handling, ...meta.probing].filter((a) => !anchors.has(a));
    if (category && missing.length > 0) warnings.push(`unknown section anchors: ${missing.join(", ")}`);
    const notObjections = meta["not-objections"].length > 0 ? meta["not-objections"] : undefined;
    return ok({ sourceFile, fileHash, chunks, category, notObjections, removed: cleaned.removed, warnings });
  }

  if (source.value.kind === "outline") {
    // Structure recovered from Word or PDF: its headings are sections, like Markdown's.
    const cleaned = cleanText(text, { raw: true });
    const firstLine =
      cleaned.text
        .split("\n", 1)[0]
        ?.replace(/^#+\s*/, "")
        .trim() ?? "";
    const docTitle = firstLine.length > 0 && firstLine.length <= 60 ? firstLine : basename(sourceFile);
    const doc = { docId: fallbackId, docTitle, sourceFile, meta: { tags: [], signals: [], objections: [] } };
    const chunks = uniqueIds(sectionsFromMarkdown(cleaned.text).sections.map((s) => toChunk(doc, s)));
    if (chunks.length === 0) return err({ code: "unreadable", message: "no text left after cleaning" });
    return ok({ sourceFile, fileHash, chunks, removed: cleaned.removed, warnings: [] });
  }

  const cleaned = cleanText(text, { raw: true });
  const firstLine = cleaned.text.split("\n", 1)[0]?.trim() ?? "";
  const docTitle = firstLine.length > 0 && firstLine.length <= 60 ? firstLine : basename(sourceFile);
  const doc = { docId: fallbackId, docTitle, sourceFile, meta: { tags: [], signals: [], objections: [] } };
  const chunks = sectionsFromPlainText(cleaned.text, docTitle).map((s) => toChunk(doc, s));
  if (chunks.length === 0) return err({ code: "unreadable", message: "no text left after cleaning" });
  return ok({ sourceFile, fileHash, chunks, removed: cleaned.removed, warnings: [] });
}

interface DocInfo {
  docId: string;
  docTitle: string;
  sourceFile: string;
  meta: { tags: string[]; signals: string[]; objections: string[] };
}

function toChunk(doc: DocInfo, section: Section): KnowledgeChunk {
  const heading = section.heading || doc.docTitle;
  return {
    id: `${doc.docId}#${section.anchor}`,
    sourceFile: doc.sourceFile,
    docId: doc.docId,
    docTitle: doc.docTitle,
    heading,
    text: section.text,
    tags: doc.meta.tags,
    signals: doc.meta.signals,
    objections: doc.meta.objections,
    contentHash: sha256(`${doc.docTitle}\n${heading}\n${section.text}`),
  };
}

/** Two sections with the same anchor in one file: the later ones get -b, -c … */
function uniqueIds(chunks: KnowledgeChunk[]): KnowledgeChunk[] {
  const seen = new Map<string, number>();
  return chunks.map((chunk) => {
    const n = seen.get(chunk.id) ?? 0;
    seen.set(chunk.id, n + 1);
    return n === 0 ? chunk : { ...chunk, id: `${chunk.id}-${String.fromCharCode(97 + n)}` };
  });
}
