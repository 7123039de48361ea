/** The OpenAI SDK behind the LLM clients: loaded only when an endpoint is configured and first used. */
import OpenAI from "openai";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { err, ok, type Result } from "../result.js";
import { MAX_TOKENS_CAP } from "./client.js";
import { withDeadline } from "./deadline.js";
import { createDeltaChannel } from "./delta-channel.js";
import { toLlmFailure } from "./failure.js";

export { toLlmFailure };

import type {
  ChatMessage,
  LlmClient,
  LlmCompletion,
  LlmFailure,
  LlmRequestOptions,
  LlmStream,
  TokenUsage,
} from "./llm-types.js";

/** The SDK client for the configured endpoint, or null when no chat model is configured. */
export function createOpenAiSdk(config: Config): OpenAI | null {
  if (!config.OPENAI_MODEL || (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL)) return null;
  return new OpenAI({
    // Local endpoints (Ollama, vLLM) need no key, but the SDK insists on one.
    apiKey: config.OPENAI_API_KEY ?? "unused",
    baseURL: config.OPENAI_BASE_URL,
    // Retries would stretch the wait past the deadline; the caller falls back instead.
    maxRetries: 0,
    timeout: config.OPENAI_TIMEOUT_MS + 1000,
  });
}

/** A client over the SDK with a hard deadline per request and token use logged. */
export function openAiLlmClient(
  sdk: OpenAI,
  model: string,
  defaultDeadlineMs: number,
  logger: Logger,
): LlmClient {
  const params = (messages: ChatMessage[], options: LlmRequestOptions) => ({
    model,
    messages,
    max_tokens: Math.min(options.maxTokens, MAX_TOKENS_CAP),
    temperature: options.temperature ?? 0.3,
  });

  const finish = (
    outcome: Result<LlmCompletion, LlmFailure>,
    options: LlmRequestOptions,
    started: number,
  ): Result<LlmCompletion, LlmFailure> => {
    const ms = Math.round(performance.now() - started);
    if (outcome.ok) {
      logger.info({ purpose: options.purpose, model, ms, usage: outcome.value.usage }, "llm answered");
    } else {
      logger.warn({ purpose: options.purpose, model, ms, failure: outcome.error }, "llm failed");
    }
    return outcome;
  };

  return {
    configured: true,
    model,
    async complete(messages, options) {
      const deadlineMs = options.deadlineMs ?? defaultDeadlineMs;
      const started = performance.now();
      try {
        const response = await withDeadline(deadlineMs, (signal) =>
          sdk.chat.completions.create({ ...params(messages, options), stream: false }, { signal }),
        );
        const choice = response.choices[0];
        const text = choice?.message.content?.trim() ?? "";
        if (text === "") return finish(err({ code: "empty", message: "empty answer" }), options, started);
        const completion: LlmCompletion = {
          text,
          model: response.model ?? model,
          usage: toUsage(response.usage),
          finishReason: choice?.finish_reason ?? null,
        };
        return finish(ok(completion), options, started);
      } catch (error) {
        return finish(err(toLlmFailure(error, deadlineMs)), options, started);
      }
    },
    stream(messages, options): LlmStream {
      const deadlineMs = options.deadlineMs ?? defaultDeadlineMs;
      const started = performance.now();
      const channel = createDeltaChannel();
      const result = (async (): Promise<Result<LlmCompletion, LlmFailure>> => {
        try {
          const completion = await withDeadline(deadlineMs, async (signal) => {
            const chunks = await sdk.chat.completions.create(
              { ...params(messages, options), stream: true, stream_options: { include_usage: true } },
              { signal },
            );
            let text = "";
            let usage: TokenUsage | null = null;
            let finishReason: string | null = null;
            let answeredModel = model;
            for await (const chunk of chunks) {
              if (signal.aborted) break;
              answeredModel = chunk.model ?? answeredModel;
              if (chunk.usage) usage = toUsage(chunk.usage);
              const choice = chunk.choices[0];
              if (choice?.finish_reason) finishReason = choice.finish_reason;
              const delta = choice?.delta?.content ?? "";
              if (delta !== "") {
                text += delta;
                channel.push(delta);
              }
            }
            return { text: text.trim(), model: answeredModel, usage, finishReason };
          });
          if (completion.text === "")
            return finish(err({ code: "empty", message: "empty answer" }), options, started);
          return finish(ok(completion), options, started);
        } catch (error) {
          return finish(err(toLlmFailure(error, deadlineMs)), options, started);
        } finally {
          channel.close();
        }
      })();
      return { deltas: channel.iterable, result };
    },
  };
}

function toUsage(
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null | undefined,
): TokenUsage | null {
  if (!usage) return null;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}
