import MiniSearch, { type AsPlainObject } from "minisearch";
import type { WeightedTerm } from "./query-expansion.js";
import type { Segmenter } from "./segment.js";
import type { KnowledgeChunk } from "./types.js";

interface IndexedChunk {
  id: string;
  title: string;
  heading: string;
  text: string;
  keywords: string;
}

/** Field weights: a match in a heading or a tag says more about a passage than one in its body. */
const BOOST = { heading: 2, keywords: 2, title: 1.5, text: 1 };
const FIELDS = Object.keys(BOOST);

/** BM25 over jieba terms (MiniSearch's BM25+), persisted as JSON and updated chunk by chunk. */
export interface LexicalIndex {
  add(chunks: readonly KnowledgeChunk[]): void;
  remove(ids: readonly string[]): void;
  /** Ranked chunk ids; `boost` multiplies a chunk's score (signal/objection preferences). */
  search(terms: readonly WeightedTerm[], boost?: (id: string) => number): { id: string; score: number }[];
  toJSON(): AsPlainObject;
}

/** A new index, or one restored from `toJSON()` output built with the same segmenter version. */
export function createLexicalIndex(segmenter: Segmenter, saved?: AsPlainObject): LexicalIndex {
  const options = {
    fields: FIELDS,
    idField: "id",
    tokenize: (text: string) => segmenter.terms(text),
    // Terms arrive lower-cased and filtered from the segmenter.
    processTerm: (term: string) => term,
    searchOptions: { boost: BOOST, combineWith: "OR" as const },
  };
  const mini: MiniSearch<IndexedChunk> = saved
    ? MiniSearch.loadJSON<IndexedChunk>(JSON.stringify(saved), options)
    : new MiniSearch<IndexedChunk>(options);
  return {
    add(chunks) {
      mini.addAll(chunks.map(toIndexed));
    },
    remove(ids) {
      for (const id of ids) if (mini.has(id)) mini.discard(id);
    },
    search(terms, boost) {
      if (terms.length === 0) return [];
      const weights = new Map(terms.map((t) => [t.term, t.weight]));
      const hits = mini.search(terms.map((t) => t.term).join(" "), {
        tokenize: () => terms.map((t) => t.term),
        boostTerm: (term) => weights.get(term) ?? 1,
        ...(boost ? { boostDocument: (id: string) => boost(id) } : {}),
      });
      return hits.map((h) => ({ id: String(h.id), score: h.score }));
    },
    toJSON: () => mini.toJSON(),
  };
}

function toIndexed(chunk: KnowledgeChunk): IndexedChunk {
  const signalWords = chunk.signals.flatMap((s) => [s, s.replace(/_/g, " ")]);
  return {
    id: chunk.id,
    title: chunk.docTitle,
    heading: chunk.heading,
    text: chunk.text,
    keywords: [...chunk.tags, ...chunk.objections, ...signalWords].join(" "),
  };
}
