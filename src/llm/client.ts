import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { metrics } from "../metrics.js";
import { err, type Result } from "../result.js";
import type { LlmClient, LlmFailure } from "./llm-types.js";

/** No single request may ask for more than this, whatever a caller passes. */
export const MAX_TOKENS_CAP = 1500;

/** Whether an OpenAI-compatible endpoint is configured for this model. */
export function hasEndpoint(config: Config, model: string | undefined): model is string {
  return Boolean(model && (config.OPENAI_API_KEY || config.OPENAI_BASE_URL));
}

/**
 * The chat LLM from configuration: an OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, Ollama,
 * vLLM…) when OPENAI_MODEL is set, otherwise a client whose every call fails with `not_configured`.
 * The SDK (openai-client.ts) is loaded on the first request, so commands that never ask the LLM
 * do not pay for loading it.
 */
export function createLlmClient(config: Config, logger: Logger): LlmClient {
  const model = config.OPENAI_MODEL;
  if (!hasEndpoint(config, model)) return disabledLlmClient();
  let loading: Promise<LlmClient> | null = null;
  const inner = () => {
    loading ??= import("./openai-client.js").then((m) =>
      m.openAiLlmClient(
        m.createOpenAiSdk(config)!,
        model,
        config.OPENAI_TIMEOUT_MS,
        logger.child({ llm: "chat" }),
      ),
    );
    return loading;
  };
  return {
    configured: true,
    model,
    complete: async (messages, options) => counted(await (await inner()).complete(messages, options)),
    stream(messages, options) {
      const started = inner().then((client) => client.stream(messages, options));
      void started.then(
        (s) => s.result.then(counted),
        () => metrics.llmCalls.inc({ outcome: "failed" }),
      );
      return {
        deltas: {
          async *[Symbol.asyncIterator]() {
            yield* (await started).deltas;
          },
        },
        result: started.then((s) => s.result),
      };
    },
  };
}

/** Counts an LLM answer by outcome: ok, or the failure code its caller falls back on. */
function counted<T extends Result<unknown, LlmFailure>>(result: T): T {
  metrics.llmCalls.inc({ outcome: result.ok ? "ok" : result.error.code });
  return result;
}

/** A client for when no LLM is configured: fails at once, so callers go straight to the fallback. */
export function disabledLlmClient(): LlmClient {
  const failure: LlmFailure = { code: "not_configured", message: "no LLM configured" };
  return {
    configured: false,
    model: null,
    complete: async () => err(failure),
    stream: () => ({
      deltas: { async *[Symbol.asyncIterator]() {} },
      result: Promise.resolve(err(failure)),
    }),
  };
}
