import { cosine, type EmbeddingCache, type EmbeddingClient } from "./embeddings.js";
import type { KnowledgeChunk } from "./types.js";

/** Reciprocal-rank-fusion constant: the usual 60 keeps one list's top hit from drowning the other. */
const RRF_K = 60;

/** Dense vectors for every chunk, filled from the cache and the client on first use. */
export interface DenseIndex {
  /** Embeds the chunks not yet in the cache; safe to call repeatedly (one run at a time). */
  prepare(): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Chunk ids ranked by cosine similarity to the query, or an error message. */
  rank(
    query: string,
    timeoutMs: number,
  ): Promise<{ ok: true; ids: string[] } | { ok: false; message: string }>;
}

export function createDenseIndex(
  chunks: readonly KnowledgeChunk[],
  client: EmbeddingClient & { model: string },
  cache: EmbeddingCache,
): DenseIndex {
  let pending: Promise<Map<string, Float32Array>> | undefined;
  // One embedding run at a time; a failed run is forgotten so the next call retries.
  const ready = (): Promise<Map<string, Float32Array>> => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  const load = async (): Promise<Map<string, Float32Array>> => {
    const byHash = await cache.getMany(
      client.model,
      chunks.map((c) => c.contentHash),
    );
    const missing = [
      ...new Map(chunks.filter((c) => !byHash.has(c.contentHash)).map((c) => [c.contentHash, c])),
    ];
    if (missing.length > 0) {
      const embedded = await client.embed(missing.map(([, c]) => embeddingText(c)));
      if (!embedded.ok) throw new Error(embedded.error.message);
      if (embedded.value.length !== missing.length)
        throw new Error("embeddings endpoint returned the wrong count");
      const fresh = new Map(missing.map(([hash], i) => [hash, embedded.value[i]!]));
      await cache.setMany(client.model, fresh);
      for (const [h, v] of fresh) byHash.set(h, v);
    }
    return new Map(chunks.map((c) => [c.id, byHash.get(c.contentHash)!]));
  };
  return {
    async prepare() {
      try {
        await ready();
        return { ok: true };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
    async rank(query, timeoutMs) {
      try {
        const work = (async () => {
          const all = await ready();
          const embedded = await client.embed([query]);
          if (!embedded.ok) throw new Error(embedded.error.message);
          const q = embedded.value[0]!;
          return [...all].map(([id, v]) => ({ id, s: cosine(q, v) })).sort((a, b) => b.s - a.s);
        })();
        const ranked = await withTimeout(work, timeoutMs);
        return { ok: true, ids: ranked.map((r) => r.id) };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
  };
}

/** What a chunk is embedded as: its document title and heading give the body its context. */
export function embeddingText(chunk: KnowledgeChunk): string {
  return `${chunk.docTitle}\n${chunk.heading}\n${chunk.text}`;
}

/** Fuses ranked id lists by reciprocal rank: score = Σ 1 / (RRF_K + rank). */
export function fuseRankings(lists: readonly (readonly string[])[]): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists)
    list.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1));
    });
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`embeddings took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
