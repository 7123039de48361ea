import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { err, ok } from "../result.js";
import { hasEndpoint } from "./client.js";
import { withDeadline } from "./deadline.js";
import type { Embedder, LlmFailure } from "./llm-types.js";

/** Inputs per request: endpoints cap batch sizes (DashScope at 10, OpenAI at 2048). */
const BATCH = 10;

/**
 * Embeddings from the configured OpenAI-compatible endpoint when OPENAI_EMBEDDING_MODEL is set
 * (for hybrid retrieval); otherwise an embedder that fails at once with `not_configured`.
 */
export function createEmbedder(config: Config, logger: Logger): Embedder {
  const model = config.OPENAI_EMBEDDING_MODEL;
  if (!hasEndpoint(config, model)) {
    const failure: LlmFailure = { code: "not_configured", message: "no embeddings model configured" };
    return { configured: false, model: null, embed: async () => err(failure) };
  }
  const log = logger.child({ llm: "embeddings" });
  // The SDK is loaded on the first request (most commands never embed anything).
  let loading: Promise<typeof import("./openai-client.js")> | null = null;
  let sdk: ReturnType<typeof import("./openai-client.js")["createOpenAiSdk"]> = null;
  return {
    configured: true,
    model,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      loading ??= import("./openai-client.js");
      const sdkModule = await loading;
      sdk ??= sdkModule.createOpenAiSdk({ ...config, OPENAI_MODEL: model })!;
      const client = sdk;
      try {
        for (let i = 0; i < texts.length; i += BATCH) {
          const batch = texts.slice(i, i + BATCH);
          const response = await withDeadline(config.OPENAI_TIMEOUT_MS, (signal) =>
            client.embeddings.create({ model, input: batch }, { signal }),
          );
          const ordered = [...response.data].sort((a, b) => a.index - b.index);
          for (const item of ordered) vectors.push(Float32Array.from(item.embedding));
          log.debug({ inputs: batch.length, usage: response.usage }, "embedded");
        }
        return ok(vectors);
      } catch (error) {
        const failure = sdkModule.toLlmFailure(error, config.OPENAI_TIMEOUT_MS);
        log.warn({ failure }, "embedding failed");
        return err(failure);
      }
    },
  };
}
