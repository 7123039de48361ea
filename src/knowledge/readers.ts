import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import iconv from "iconv-lite";
import { err, ok, type Result } from "../result.js";
import { htmlToOutline, markPdfHeadings, type PdfLine } from "./outline.js";

/**
 * Markdown keeps its headings and front matter; "outline" is raw material whose structure was
 * recovered as Markdown headings (Word heading styles, PDF bookmarks, numbered headings); "text"
 * is raw text to be cleaned and split at heading-like lines.
 */
export type SourceKind = "markdown" | "outline" | "text";

export interface SourceText {
  kind: SourceKind;
  text: string;
  bytes: Buffer;
}

export interface ReadError {
  code: "unsupported" | "unreadable";
  message: string;
}

/** File extensions ingest picks up. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [".md", ".markdown", ".txt", ".docx", ".pdf"];

/**
 * Reads a knowledge file as text. Text files that are not valid UTF-8 are decoded as GB18030
 * (older Chinese material is often GBK). Word files go through mammoth and PDFs through unpdf;
 * both are pure JavaScript, loaded only when such a file is present.
 */
export async function readSource(path: string): Promise<Result<SourceText, ReadError>> {
  const extension = extname(path).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(extension)) {
    return err({ code: "unsupported", message: `unsupported file type "${extension || "(none)"}"` });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return err({ code: "unreadable", message: (error as Error).message });
  }
  try {
    if (extension === ".md" || extension === ".markdown")
      return ok({ kind: "markdown", text: decodeText(bytes), bytes });
    if (extension === ".txt") return ok({ kind: "text", text: decodeText(bytes), bytes });
    if (extension === ".docx") return ok({ ...withOutline(await docxText(bytes)), bytes });
    return ok({ ...(await pdfText(bytes)), bytes });
  } catch (error) {
    return err({ code: "unreadable", message: `cannot read ${extension} file: ${(error as Error).message}` });
  }
}

/** UTF-8 when valid, otherwise GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\ufeff/, "");
  } catch {
    return iconv.decode(bytes, "gb18030");
  }
}

/** Word through mammoth's HTML, which keeps heading styles (Heading 1/2 → h1/h2) and tables. */
async function docxText(bytes: Buffer): Promise<string> {
  const mammoth = await import("mammoth");
  const result = await mammoth.convertToHtml({ buffer: bytes });
  return htmlToOutline(result.value);
}

/** Outline text when it has headings, otherwise raw text. */
function withOutline(text: string): { kind: SourceKind; text: string } {
  return { kind: /^#{2,4} \S/m.test(text) ? "outline" : "text", text };
}

/**
 * PDF text, one page per block; bookmarks (the PDF's outline), lines set larger than the body text
 * and numbered lines mark headings.
 */
async function pdfText(bytes: Buffer): Promise<{ kind: SourceKind; text: string }> {
  const { extractTextItems, getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { items } = await extractTextItems(pdf);
  const pages = items.map(pageLines);
  const bookmarks = flattenOutline((await pdf.getOutline().catch(() => null)) ?? []);
  const marked = markPdfHeadings(pages, bookmarks);
  return marked
    ? { kind: "outline", text: marked }
    : { kind: "text", text: pages.map((lines) => lines.map((l) => l.text).join("\n")).join("\n\n") };
}

/** A page's text items as lines (an item ending a line says so), each with its largest font size. */
function pageLines(items: readonly { str: string; fontSize: number; hasEOL: boolean }[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let line: PdfLine = { text: "", size: 0 };
  for (const item of items) {
    line.text += item.str;
    if (item.str.trim() !== "") line.size = Math.max(line.size, item.fontSize);
    if (item.hasEOL) {
      lines.push(line);
      line = { text: "", size: 0 };
    }
  }
  if (line.text !== "") lines.push(line);
  return lines;
}

function flattenOutline(items: readonly { title: string; items?: readonly unknown[] }[]): string[] {
  return items.flatMap((item) => [
    item.title,
    ...flattenOutline((item.items ?? []) as { title: string; items?: readonly unknown[] }[]),
  ]);
}
