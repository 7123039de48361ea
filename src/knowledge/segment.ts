import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { DOMAIN_WORDS, STOPWORDS } from "./domain-dictionary.js";

/** Splits text into search terms (Chinese words via jieba, lower-cased English words). */
export interface Segmenter {
  terms(text: string): string[];
}

// Only punctuation, symbols or spaces: nothing to search for.
const NOISE = /^[\p{P}\p{S}\p{Z}\s]+$/u;
const ENGLISH_PLURAL = /^([a-z]{3,}[^s])s$/;

let shared: Segmenter | undefined;

/**
 * The process-wide segmenter: jieba's bundled dictionary plus the domain words, loaded once
 * (~0.2 s) on first use. Search-mode cutting also emits the words inside compounds, so a query
 * for 转网 finds text about 携号转网.
 */
export function getSegmenter(): Segmenter {
  if (!shared) shared = createSegmenter();
  return shared;
}

function createSegmenter(): Segmenter {
  const { dict } = createRequire(import.meta.url)("@node-rs/jieba/dict") as { dict: Uint8Array };
  const jieba = Jieba.withDict(dict);
  // A high frequency makes jieba prefer the domain word over splitting it.
  jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 200000 n`).join("\n")));
  return {
    terms(text) {
      const out: string[] = [];
      for (const raw of jieba.cutForSearch(text, true)) {
        const term = normalizeTerm(raw);
        if (term) out.push(term);
      }
      return out;
    },
  };
}

function normalizeTerm(raw: string): string | null {
  const term = raw.trim().toLowerCase();
  if (!term || NOISE.test(term) || STOPWORDS.has(term)) return null;
  // Light English stemming so "prices" finds "price"; Chinese has no inflection.
  return term.replace(ENGLISH_PLURAL, "$1");
}
