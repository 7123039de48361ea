import { type Config, localDataDir } from "../../config.js";
import type { KnowledgeError, KnowledgeIndex } from "../../knowledge/index.js";
import type { Embedder } from "../../llm/llm-types.js";
import type { Logger } from "../../logger.js";
import type { Result } from "../../result.js";
import type { ObjectionMaterial } from "../objections/recognition.js";
import type { Passage, PassageQuery, PassageRetriever } from "./passages.js";

/**
 * The knowledge base as the App holds it: built on first use (ingest is async and the App is
 * built synchronously), then shared. `search` is hybrid when embeddings are configured; an
 * unavailable knowledge directory searches as empty and is logged once.
 */
export interface LazyKnowledge extends PassageRetriever {
  /** The index, building it on the first call (the composition root may call it at start-up). */
  index(): Promise<Result<KnowledgeIndex, KnowledgeError>>;
  /**
   * The index, ingesting the knowledge directory in a worker thread first (the bot at start-up):
   * this thread then only loads the saved index. Searches meanwhile wait for the same build.
   */
  indexFromWorker(options?: { pauseMs?: number }): Promise<Result<KnowledgeIndex, KnowledgeError>>;
  search(query: string, options?: PassageQuery): Promise<Passage[]>;
  /** The objection classifier and passages; null when the knowledge base is unavailable. */
  objections(): Promise<ObjectionMaterial | null>;
  /** Whether the index is loaded (readiness): not asked for yet, loading, ready or failed. */
  status(): "idle" | "loading" | "ready" | "failed";
}

export function lazyKnowledge(config: Config, logger: Logger, embedder: Embedder): LazyKnowledge {
  let building: Promise<Result<KnowledgeIndex, KnowledgeError>> | null = null;
  // The saved index lives next to the store, so each store (and each test) has its own.
  const dataDir = localDataDir(config.DATABASE_URL);
  const build = () =>
    // jieba's dictionaries, MiniSearch and the readers load with the index, on first use only.
    import("../../knowledge/index.js")
      .then(({ createKnowledgeIndex }) =>
        createKnowledgeIndex({
          knowledgeDir: config.KNOWLEDGE_DIR,
          dataDir,
          embeddings: embedder.configured ? { client: embedder } : undefined,
          logger,
        }),
      )
      .then((result) => {
        if (!result.ok) logger.error({ error: result.error }, "knowledge base unavailable");
        // The objection classifier trains with the index (tens of ms), so the first objection
        // asked after start-up does not wait for it.
        else result.value.objectionClassifier();
        return result;
      });
  let state: ReturnType<LazyKnowledge["status"]> = "idle";
  const track = (work: Promise<Result<KnowledgeIndex, KnowledgeError>>) => {
    state = "loading";
    void work.then(
      (result) => {
        state = result.ok ? "ready" : "failed";
      },
      () => {
        state = "failed";
      },
    );
    return work;
  };
  const index = () => {
    building ??= track(build());
    return building;
  };
  const indexFromWorker = (options: { pauseMs?: number } = {}) => {
    building ??= track(
      import("./knowledge-sync-task.js")
        .then(
          ({ startKnowledgeSync }) =>
            startKnowledgeSync({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir, ...options }).result,
        )
        .then((synced) => {
          // A failed worker leaves the ingest to this thread (build() does it): slower, never lost.
          if (!synced.ok) logger.warn({ error: synced.error }, "knowledge ingest in a worker failed");
          else logger.debug({ ...synced.value }, "knowledge ingested in a worker");
        })
        .then(build),
    );
    return building;
  };
  return {
    index,
    indexFromWorker,
    status: () => state,
    async search(query, options) {
      const built = await index();
      if (!built.ok) return [];
      return embedder.configured
        ? built.value.searchHybrid(query, options)
        : built.value.search(query, options);
    },
    async objections() {
      const built = await index();
      if (!built.ok) return null;
      const knowledge = built.value;
      return { classifier: knowledge.objectionClassifier(), get: (id) => knowledge.get(id) };
    },
  };
}
