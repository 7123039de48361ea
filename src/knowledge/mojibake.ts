import iconv from "iconv-lite";

// Latin-1 letters and symbols: what GBK bytes look like when decoded as ISO-8859-1.
const LATIN1_HIGH = /[\u0080-\u00ff]/g;
const CJK = /[\u4e00-\u9fff]/g;
const REPLACEMENT = /\ufffd/;
// Known watermark of one document-sharing site (百度文库), rendered in Mongolian Cyrillic.
const CYRILLIC_WATERMARK = /Байду\s*номын\s*сангаас/g;
const CYRILLIC = /[\u0400-\u04ff]/g;

export type MojibakeVerdict =
  | { kind: "clean"; line: string }
  | { kind: "repaired"; line: string }
  | { kind: "garbled" };

/**
 * Judges one line for mojibake. GBK text mis-decoded as Latin-1 ("Ê Ö º ú" for 手机) is decoded
 * back when the result is clean Chinese; lines that stay unreadable (replacement characters,
 * Latin-1 or Cyrillic soup in Chinese material) are reported as garbled so they are not indexed.
 */
export function checkMojibake(input: string): MojibakeVerdict {
  const line = input.replace(CYRILLIC_WATERMARK, "").trimEnd();
  const visible = line.replace(/\s/g, "");
  if (visible.length === 0) return { kind: "clean", line };
  const latin = count(visible, LATIN1_HIGH);
  if (latin >= 4 && latin / visible.length >= 0.3) {
    const repaired = repairLatin1AsGbk(line);
    return repaired ? { kind: "repaired", line: repaired } : { kind: "garbled" };
  }
  if (REPLACEMENT.test(line)) return { kind: "garbled" };
  if (count(visible, CYRILLIC) >= 4 && count(visible, CJK) === 0 && /[\u4e00-\u9fff]/.test(input)) {
    return { kind: "garbled" };
  }
  return { kind: "clean", line };
}

/** Re-decodes a Latin-1 rendering of GBK bytes; null when the result is not clean Chinese. */
export function repairLatin1AsGbk(line: string): string | null {
  // Copy-paste often inserts spaces between the byte-characters of one Chinese character.
  const squeezed = line.replace(/(?<=[\u0080-\u00ff]) (?=[\u0080-\u00ff])/g, "");
  const decoded = iconv.decode(Buffer.from(squeezed, "latin1"), "gbk");
  if (REPLACEMENT.test(decoded)) return null;
  const visible = decoded.replace(/[\s\d%.,:;!?()、,。:;!?()]/g, "");
  if (visible.length === 0 || count(visible, CJK) / visible.length < 0.8) return null;
  return decoded;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
