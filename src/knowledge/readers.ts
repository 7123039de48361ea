import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import iconv from "iconv-lite";
import { err, ok, type Result } from "../result.js";

/** Markdown keeps its headings and front matter; everything else is raw text to be cleaned. */
export type SourceKind = "markdown" | "text";

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
    if (extension === ".docx") return ok({ kind: "text", text: await docxText(bytes), bytes });
    return ok({ kind: "text", text: await pdfText(bytes), bytes });
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

async function docxText(bytes: Buffer): Promise<string> {
  const mammoth = await import("mammoth");
  const result = await mammoth.extractRawText({ buffer: bytes });
  return result.value;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const { extractText } = await import("unpdf");
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: false });
  // One page per block, so page breaks become paragraph breaks.
  return (Array.isArray(text) ? text : [text]).join("\n\n");
}
