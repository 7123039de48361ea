/**
 * The LLM as the rest of RetainBot sees it: chat messages in, text (or text deltas) out, and every
 * failure a value with a code the caller can fall back on. Nothing here depends on the SDK.
 */
import type { Result } from "../result.js";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Why the LLM gave no answer; every code means "use the composed answer instead". */
export type LlmFailureCode =
  | "not_configured"
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "connection"
  | "auth"
  | "bad_request"
  | "empty"
  | "other";

export interface LlmFailure {
  readonly code: LlmFailureCode;
  readonly message: string;
  /** HTTP status when the endpoint answered with one. */
  readonly status?: number;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface LlmCompletion {
  text: string;
  model: string;
  /** As reported by the endpoint; null when it reports none. */
  usage: TokenUsage | null;
  finishReason: string | null;
}

export interface LlmRequestOptions {
  /** Upper bound on the answer's tokens (sent as max_tokens). */
  maxTokens: number;
  /** A label for the logs, e.g. "objection" or "track". */
  purpose: string;
  /** Overrides the configured deadline (ms) for this request. */
  deadlineMs?: number;
  temperature?: number;
}

/**
 * A streamed answer: `deltas` yields text as it arrives; `result` settles once the stream ends,
 * fails or passes its deadline. `result` never rejects, and it settles whether or not anyone
 * reads `deltas`.
 */
export interface LlmStream {
  readonly deltas: AsyncIterable<string>;
  readonly result: Promise<Result<LlmCompletion, LlmFailure>>;
}

export interface LlmClient {
  /** False when no endpoint is configured: every call then fails at once with `not_configured`. */
  readonly configured: boolean;
  readonly model: string | null;
  complete(messages: ChatMessage[], options: LlmRequestOptions): Promise<Result<LlmCompletion, LlmFailure>>;
  stream(messages: ChatMessage[], options: LlmRequestOptions): LlmStream;
}

export interface Embedder {
  readonly configured: boolean;
  readonly model: string | null;
  /** One vector per input text, in order. */
  embed(texts: string[]): Promise<Result<Float32Array[], LlmFailure>>;
}
