import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Result } from "../result.js";

/**
 * Turns texts into vectors. The LLM module's embedder (src/llm) satisfies this shape; tests pass
 * a client aimed at a local fake endpoint. `model` keys the cache; null means not configured.
 */
export interface EmbeddingClient {
  readonly model: string | null;
  embed(texts: string[]): Promise<Result<Float32Array[], { code: string; message: string }>>;
}

/** Vectors by content hash and model, so an unchanged passage is never embedded twice. */
export interface EmbeddingCache {
  getMany(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  setMany(model: string, vectors: ReadonlyMap<string, Float32Array>): Promise<void>;
}

/** A cache that lives as long as the process (tests, or when no data directory is configured). */
export function createMemoryEmbeddingCache(): EmbeddingCache {
  const store = new Map<string, Float32Array>();
  return {
    async getMany(model, hashes) {
      const found = new Map<string, Float32Array>();
      for (const h of hashes) {
        const v = store.get(`${model}\u0000${h}`);
        if (v) found.set(h, v);
      }
      return found;
    },
    async setMany(model, vectors) {
      for (const [h, v] of vectors) store.set(`${model}\u0000${h}`, v);
    },
  };
}

/**
 * A JSON file cache (data/embeddings.json): `{ model: { hash: base64 float32 } }`. Loaded on first
 * use and rewritten atomically after each batch of new vectors.
 */
export function createFileEmbeddingCache(path: string): EmbeddingCache {
  let loaded: Record<string, Record<string, string>> | undefined;
  const load = async () => {
    if (loaded) return loaded;
    try {
      loaded = JSON.parse(await readFile(path, "utf8")) as Record<string, Record<string, string>>;
    } catch {
      loaded = {};
    }
    return loaded;
  };
  return {
    async getMany(model, hashes) {
      const byHash = (await load())[model] ?? {};
      const found = new Map<string, Float32Array>();
      for (const h of hashes) {
        const encoded = byHash[h];
        if (encoded) found.set(h, decodeVector(encoded));
      }
      return found;
    },
    async setMany(model, vectors) {
      const all = await load();
      const byHash = all[model] ?? {};
      all[model] = byHash;
      for (const [h, v] of vectors) byHash[h] = encodeVector(v);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(all));
      await rename(temp, path);
    },
  };
}

export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
}

export function decodeVector(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, "base64");
  // Copy into an aligned buffer: Float32Array needs a 4-byte aligned offset.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Cosine similarity; 0 for a zero vector or mismatched dimensions. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
