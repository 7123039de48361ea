import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import iconv from "iconv-lite";
import { err, ok, type Result } from "../result.js";
import { refusal } from "./header-map.js";
import type { ForcedEncoding, ImportRefusal, SourceEncoding } from "./types.js";

/** What the first bytes of a file say about how to read it. */
export interface SniffedFile {
  readonly format: "csv" | "xlsx";
  readonly encoding: SourceEncoding;
  readonly size: number;
  /** Rows the file probably has (size ÷ average line length of the sample); 0 for XLSX. */
  readonly estimatedRows: number;
}

/** Thrown by the decoding stream when the bytes are not in the encoding being read. */
export class EncodingError extends Error {
  constructor(
    readonly encoding: "utf8" | "gbk",
    readonly offset: number,
  ) {
    super(`invalid ${encoding === "utf8" ? "UTF-8" : "GBK"} near byte ${offset}`);
  }
}

const SNIFF_BYTES = 64 * 1024;
const startsWith = (buf: Buffer, ...bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * Format by magic bytes (not by extension), then the encoding of a CSV: a forced one, else BOM →
 * UTF-8, valid UTF-8 → UTF-8, otherwise GBK. UTF-16 and binary files are refused here.
 */
export async function sniffFile(
  path: string,
  forced: ForcedEncoding | undefined,
): Promise<Result<SniffedFile, ImportRefusal>> {
  let head: Buffer;
  let size: number;
  try {
    const handle = await open(path, "r");
    try {
      size = (await handle.stat()).size;
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return err(refusal("not_found", path));
  }
  if (size === 0) return err(refusal("empty", path));
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04))
    return ok({ format: "xlsx", encoding: "xlsx", size, estimatedRows: 0 });
  if (startsWith(head, 0xd0, 0xcf, 0x11, 0xe0))
    return err(refusal("unsupported_format", path, "Excel 97-2003 .xls; save it as .xlsx or CSV"));
  if (startsWith(head, 0xff, 0xfe) || startsWith(head, 0xfe, 0xff))
    return err(refusal("encoding", path, "UTF-16"));
  if (head.includes(0)) return err(refusal("encoding", path, "binary data or UTF-16 without BOM"));
  const bom = startsWith(head, 0xef, 0xbb, 0xbf);
  let newlines = 0;
  for (let i = head.indexOf(10); i >= 0; i = head.indexOf(10, i + 1)) newlines++;
  const estimatedRows = Math.floor(size / (head.length / Math.max(newlines, 1)));
  const csv = (encoding: SourceEncoding) => ok({ format: "csv" as const, encoding, size, estimatedRows });
  if (forced === "gbk") return csv("gbk");
  if (forced === "utf8" || bom) return csv(bom ? "utf8-bom" : "utf8");
  return csv(isUtf8Prefix(head) ? "utf8" : "gbk");
}

/** Valid UTF-8, allowing a sequence cut off at the end of the sample. */
function isUtf8Prefix(sample: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The file as a stream of text, checked as it goes: invalid UTF-8, or bytes that are not GBK,
 * fail the stream with an EncodingError. A UTF-8 BOM is dropped. `bytesRead()` feeds progress.
 */
export function openTextStream(
  path: string,
  encoding: "utf8" | "gbk",
): { stream: Transform; bytesRead: () => number; gbkDoubt: () => string | null } {
  let bytes = 0;
  const pairs = gbkPairCounter();
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const gbk = iconv.getDecoder("gbk");
  const decode = (chunk?: Buffer): string => {
    if (encoding === "utf8") return chunk ? utf8.decode(chunk, { stream: true }) : utf8.decode();
    if (chunk) pairs.add(chunk);
    const text = chunk ? gbk.write(chunk) : (gbk.end() ?? "");
    // iconv-lite replaces bytes that are not GBK with U+FFFD, which GBK itself cannot encode.
    if (text.includes("\uFFFD")) throw new EncodingError("gbk", bytes);
    return text;
  };
  const stream = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const text = decode(chunk);
        bytes += chunk.length;
        callback(null, text === "" ? undefined : text);
      } catch (e) {
        callback(e instanceof EncodingError ? e : new EncodingError(encoding, bytes));
      }
    },
    flush(callback) {
      try {
        const text = decode();
        callback(null, text === "" ? undefined : text);
      } catch (e) {
        callback(e instanceof EncodingError ? e : new EncodingError(encoding, bytes));
      }
    },
  });
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  source.on("error", (e) => stream.destroy(e));
  source.pipe(stream);
  return { stream, bytesRead: () => bytes, gbkDoubt: pairs.doubt };
}

/** Below this share of GB2312 characters among a file's double-byte ones, GBK is not believed. */
const GBK_MIN_CONFIDENCE = 0.9;

/**
 * Whether bytes read as GBK are likely GBK, over the whole file. Chinese text is almost all in the
 * GB2312 area (both bytes ≥ 0xA1); a Latin-1 or Windows-1252 file also "decodes" as GBK when an
 * accented letter is followed by an ASCII letter ("é" + "r"), but as pairs whose second byte is
 * below 0xA1 — rare characters in real Chinese text. `doubt()` says why when the share is too low.
 */
function gbkPairCounter(): { add(chunk: Buffer): void; doubt(): string | null } {
  let pairs = 0;
  let common = 0;
  let lead = -1; // a lead byte left at the end of the previous chunk
  return {
    add(chunk) {
      let i = 0;
      if (lead >= 0 && chunk.length > 0) {
        pairs++;
        if (lead >= 0xa1 && chunk[0]! >= 0xa1) common++;
        lead = -1;
        i = 1;
      }
      for (; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b < 0x80) continue;
        if (i + 1 >= chunk.length) {
          lead = b;
          break;
        }
        pairs++;
        if (b >= 0xa1 && chunk[i + 1]! >= 0xa1) common++;
        i++;
      }
    },
    doubt() {
      if (pairs === 0 || common / pairs >= GBK_MIN_CONFIDENCE) return null;
      const share = Math.round((common / pairs) * 100);
      return `only ${share}% of its ${pairs} double-byte characters are common Chinese: probably Latin-1 or Windows-1252, not GBK`;
    },
  };
}
