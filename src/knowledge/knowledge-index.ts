import { access } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "../result.js";
import {
  createFileEmbeddingCache,
  createMemoryEmbeddingCache,
  type EmbeddingCache,
  type EmbeddingClient,
} from "./embeddings.js";
import { createDenseIndex, type DenseIndex, fuseRankings } from "./hybrid.js";
import { type IngestReport, syncKnowledge } from "./ingest.js";
import type { LexicalIndex } from "./lexical-index.js";
import { normalizeText } from "./normalize.js";
import { createObjectionClassifier, type ObjectionClassifier } from "./objections/classifier.js";
import { expandQuery } from "./query-expansion.js";
import { getSegmenter } from "./segment.js";
import type { KnowledgeChunk, ObjectionCategory, Passage, SearchOptions } from "./types.js";

export interface KnowledgeIndexOptions {
  /** The knowledge directory (.md, .txt, .docx, .pdf, in sub-folders too). */
  knowledgeDir: string;
  /** Where the index (and the embedding cache) are persisted, e.g. ./data. Omit for memory only. */
  dataDir?: string;
  /** Re-ingest every file even when unchanged. */
  force?: boolean;
  /** Hybrid retrieval: an embeddings client; vectors are cached by content hash. */
  embeddings?: { client: EmbeddingClient; cache?: EmbeddingCache; queryTimeoutMs?: number };
  logger?: { warn(obj: object, msg: string): void };
}

/** Retrieval over the knowledge base. Scores are comparable within one result only. */
export interface KnowledgeIndex {
  readonly report: IngestReport;
  /** Lexical BM25 search, synchronous and fast enough for every chat message. */
  search(query: string, options?: SearchOptions): Passage[];
  /** BM25 fused with embeddings when configured; lexical only without them or when they fail. */
  searchHybrid(query: string, options?: SearchOptions): Promise<Passage[]>;
  get(id: string): Passage | undefined;
  /** Every passage, optionally only those tagged with one of the signals or objections. */
  passages(filter?: Pick<SearchOptions, "signals" | "objections">): Passage[];
  /** The objection categories the files declare (the first file wins a duplicate id). */
  categories(): readonly ObjectionCategory[];
  /** Texts the files declare are not objections (the classifier's negative examples). */
  notObjections(): readonly string[];
  /** Recognises objections among those categories; built on first use. */
  objectionClassifier(): ObjectionClassifier;
}

export interface KnowledgeError {
  code: "knowledge_dir_missing";
  message: string;
}

const DEFAULT_K = 5;
const MAX_K = 50;
/** How much a passage tagged with a requested signal or objection is preferred. */
const TAG_BOOST = 1.5;
/** After an embeddings failure, hybrid search answers lexically this long before trying again. */
const DENSE_RETRY_AFTER_MS = 60_000;

/**
 * Ingests the knowledge directory (re-using the saved index for unchanged files) and returns the
 * retrieval API used by talk tracks, /objection and the CLI.
 */
export async function createKnowledgeIndex(
  options: KnowledgeIndexOptions,
): Promise<Result<KnowledgeIndex, KnowledgeError>> {
  try {
    await access(options.knowledgeDir);
  } catch {
    return err({
      code: "knowledge_dir_missing",
      message: `knowledge directory not found: ${options.knowledgeDir}`,
    });
  }
  const segmenter = getSegmenter();
  const indexPath = options.dataDir ? join(options.dataDir, "knowledge-index.json") : undefined;
  const { files, lexical, report } = await syncKnowledge({ ...options, indexPath }, segmenter);
  const chunks = files.flatMap((f) => f.chunks);
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const categories = uniqueCategories(files, options.logger);
  const notObjections = files.flatMap((f) => f.notObjections ?? []);
  let classifier: ObjectionClassifier | undefined;

  let dense: DenseIndex | undefined;
  let denseDownUntil = 0;
  const client = options.embeddings?.client;
  if (client?.model) {
    const cache =
      options.embeddings?.cache ??
      (options.dataDir
        ? createFileEmbeddingCache(join(options.dataDir, "embeddings.json"))
        : createMemoryEmbeddingCache());
    dense = createDenseIndex(chunks, { model: client.model, embed: (t) => client.embed(t) }, cache);
    const prepared = await dense.prepare();
    if (!prepared.ok)
      options.logger?.warn(
        { reason: prepared.message },
        "knowledge embeddings unavailable; lexical search only",
      );
  }

  const lexicalSearch = (query: string, opts: SearchOptions = {}) => rankLexical(lexical, byId, query, opts);
  const toPassages = (ranked: { id: string; score: number }[], k: number) =>
    ranked.slice(0, k).flatMap((r) => {
      const chunk = byId.get(r.id);
      return chunk ? [toPassage(chunk, r.score)] : [];
    });

  return ok({
    report,
    search: (query, opts = {}) => toPassages(lexicalSearch(query, opts), clampK(opts.k)),
    async searchHybrid(query, opts = {}) {
      const lexicalRanked = lexicalSearch(query, opts);
      if (!dense || Date.now() < denseDownUntil) return toPassages(lexicalRanked, clampK(opts.k));
      const denseRanked = await dense.rank(normalizeText(query), options.embeddings?.queryTimeoutMs ?? 1500);
      if (!denseRanked.ok) {
        // Don't make every following search wait for a dead endpoint: lexical only for a while.
        denseDownUntil = Date.now() + DENSE_RETRY_AFTER_MS;
        options.logger?.warn(
          { reason: denseRanked.message },
          "embedding search failed; lexical results only",
        );
        return toPassages(lexicalRanked, clampK(opts.k));
      }
      // Only the dense top is fused: its long tail would otherwise outvote weak lexical matches.
      const fused = fuseRankings([lexicalRanked.map((r) => r.id), denseRanked.ids.slice(0, 20)]);
      return toPassages(fused, clampK(opts.k));
    },
    get: (id) => {
      const chunk = byId.get(id);
      return chunk ? toPassage(chunk, 0) : undefined;
    },
    passages: (filter = {}) =>
      chunks.filter((c) => tagBoost(c, filter) > 1 || noFilter(filter)).map((c) => toPassage(c, 0)),
    categories: () => categories,
    notObjections: () => notObjections,
    objectionClassifier: () => {
      classifier ??= createObjectionClassifier(categories, segmenter, { notObjections });
      return classifier;
    },
  });
}

/** Categories with phrasings, one per id (a later file declaring a known id is ignored, with a warning). */
function uniqueCategories(
  files: readonly { category?: ObjectionCategory; sourceFile: string }[],
  logger: KnowledgeIndexOptions["logger"],
): ObjectionCategory[] {
  const byId = new Map<string, ObjectionCategory>();
  for (const { category, sourceFile } of files) {
    if (!category || category.phrasings.length === 0) continue;
    const known = byId.get(category.id);
    if (known)
      logger?.warn(
        { sourceFile, category: category.id, first: known.sourceFile },
        "duplicate objection category ignored",
      );
    else byId.set(category.id, category);
  }
  return [...byId.values()];
}

function rankLexical(
  lexical: LexicalIndex,
  byId: ReadonlyMap<string, KnowledgeChunk>,
  query: string,
  options: SearchOptions,
): { id: string; score: number }[] {
  const segmenter = getSegmenter();
  const terms = expandQuery(segmenter.terms(normalizeText(query)), (t) => segmenter.terms(t));
  const wantsTags = !noFilter(options);
  return lexical.search(terms, wantsTags ? (id) => tagBoost(byId.get(id), options) : undefined);
}

function tagBoost(
  chunk: KnowledgeChunk | undefined,
  filter: Pick<SearchOptions, "signals" | "objections">,
): number {
  if (!chunk) return 1;
  const signal = filter.signals?.some((s) => chunk.signals.includes(s)) ?? false;
  const objection = filter.objections?.some((o) => chunk.objections.includes(o)) ?? false;
  return signal || objection ? TAG_BOOST : 1;
}

function noFilter(filter: Pick<SearchOptions, "signals" | "objections">): boolean {
  return !filter.signals?.length && !filter.objections?.length;
}

function clampK(k: number | undefined): number {
  return Math.min(MAX_K, Math.max(1, Math.floor(k ?? DEFAULT_K)));
}

function toPassage(chunk: KnowledgeChunk, score: number): Passage {
  const { id, sourceFile, docTitle, heading, text, tags, signals, objections } = chunk;
  return { id, sourceFile, docTitle, heading, text, score, tags, signals, objections };
}
