// The knowledge module's public API: build the index once, then search it.

// Lower-level pieces, for tests and tools that inspect ingest.
export { cleanText } from "./clean.js";
export {
  createFileEmbeddingCache,
  createMemoryEmbeddingCache,
  type EmbeddingCache,
  type EmbeddingClient,
} from "./embeddings.js";
export type { FileReport, IngestReport } from "./ingest.js";
export { ingestFile } from "./ingest-file.js";
export {
  createKnowledgeIndex,
  type KnowledgeError,
  type KnowledgeIndex,
  type KnowledgeIndexOptions,
} from "./knowledge-index.js";
export { getSegmenter } from "./segment.js";
export { OBJECTIONS, type Passage, type SearchOptions, SIGNAL_CODES, type SignalCode } from "./types.js";
