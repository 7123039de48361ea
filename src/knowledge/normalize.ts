import * as OpenCC from "opencc-js/t2cn";

/** Traditional → Simplified (OpenCC tables shipped in the package; nothing is fetched). */
const toSimplified = OpenCC.Converter({ from: "t", to: "cn" });

/** Characters some converters and OCR tools substitute for common ones. */
const VARIANTS: ReadonlyArray<[RegExp, string]> = [
  [/旳/g, "的"],
  [/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " "],
];

// Zero-width characters, BOMs and soft hyphens carry nothing and split words for the segmenter.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

// Pinyin readings some sites print after rare characters: 培訓(xùn) → 培訓.
const PINYIN_ANNOTATION = /(?<=[\u4e00-\u9fff])\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)/g;

/**
 * Normalises text before cleaning, indexing or querying: line endings, invisible characters,
 * variant characters, pinyin annotations, and Traditional to Simplified Chinese, so a query in
 * either script finds a passage in either.
 */
export function normalizeText(text: string): string {
  let out = text.replace(/\r\n?/g, "\n").replace(INVISIBLE, "").replace(PINYIN_ANNOTATION, "");
  for (const [pattern, replacement] of VARIANTS) out = out.replace(pattern, replacement);
  return toSimplified(out);
}
