import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
} from "openai";
import { DeadlineExceeded } from "./deadline.js";
import type { LlmFailure } from "./llm-types.js";

/** Maps whatever the SDK threw onto a failure value (the caller only needs to know to fall back). */
export function toLlmFailure(error: unknown, deadlineMs: number): LlmFailure {
  if (error instanceof DeadlineExceeded || error instanceof APIConnectionTimeoutError)
    return { code: "timeout", message: `no answer within ${deadlineMs} ms` };
  if (error instanceof APIUserAbortError) return { code: "timeout", message: "request aborted" };
  if (error instanceof RateLimitError) return { code: "rate_limited", message: error.message, status: 429 };
  if (error instanceof InternalServerError)
    return { code: "server_error", message: error.message, status: error.status };
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return { code: "auth", message: error.message, status: error.status };
  if (error instanceof BadRequestError) return { code: "bad_request", message: error.message, status: 400 };
  if (error instanceof APIConnectionError) return { code: "connection", message: error.message };
  if (error instanceof APIError) return { code: "other", message: error.message, status: error.status };
  if (error instanceof Error && error.name === "AbortError")
    return { code: "timeout", message: `no answer within ${deadlineMs} ms` };
  return { code: "other", message: error instanceof Error ? error.message : String(error) };
}
