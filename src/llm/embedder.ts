import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { err, ok } from "../result.js";
import { createOpenAiSdk } from "./client.js";
import { withDeadline } from "./deadline.js";
import { toLlmFailure } from "./failure.js";
import type { Embedder, LlmFailure } from "./llm-types.js";

/** Inputs per request: endpoints cap batch sizes (DashScope at 10, OpenAI at 2048). */
const BATCH = 10;

/**
 * Embeddings from the configured OpenAI-compatible endpoint when OPENAI_EMBEDDING_MODEL is set
 * (for hybrid retrieval); otherwise an embedder that fails at once with `not_configured`.
 */
export function createEmbedder(config: Config, logger: Logger): Embedder {
  const model = config.OPENAI_EMBEDDING_MODEL;
  const sdk =
    model && (config.OPENAI_API_KEY || config.OPENAI_BASE_URL)
      ? createOpenAiSdk({ ...config, OPENAI_MODEL: model })
      : null;
  if (!sdk || !model) {
    const failure: LlmFailure = { code: "not_configured", message: "no embeddings model configured" };
    return { configured: false, model: null, embed: async () => err(failure) };
  }
  const log = logger.child({ llm: "embeddings" });
  return {
    configured: true,
    model,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      try {
        for (let i = 0; i < texts.length; i += BATCH) {
          const batch = texts.slice(i, i + BATCH);
          const response = await withDeadline(config.OPENAI_TIMEOUT_MS, (signal) =>
            sdk.embeddings.create({ model, input: batch }, { signal }),
          );
          const ordered = [...response.data].sort((a, b) => a.index - b.index);
          for (const item of ordered) vectors.push(Float32Array.from(item.embedding));
          log.debug({ inputs: batch.length, usage: response.usage }, "embedded");
        }
        return ok(vectors);
      } catch (error) {
        const failure = toLlmFailure(error, config.OPENAI_TIMEOUT_MS);
        log.warn({ failure }, "embedding failed");
        return err(failure);
      }
    },
  };
}
