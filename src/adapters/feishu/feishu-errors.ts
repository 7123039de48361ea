/** Codes (and HTTP 429) that mean "too many requests". */
export const FEISHU_RATE_LIMIT_CODES = new Set([99991400, 11232, 230020]);

/** A Feishu answer with a non-zero code, or an HTTP failure carrying one. */
export class FeishuApiError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number | undefined,
    message: string,
  ) {
    super(`Feishu: ${code} ${message}`);
  }
}

/** The SDK resolves some refusals ({code ≠ 0}) rather than throwing: make them errors. */
export function checked<T>(answer: T): T {
  const code = (answer as { code?: unknown } | null)?.code;
  if (typeof code === "number" && code !== 0)
    throw new FeishuApiError(code, undefined, String((answer as { msg?: unknown }).msg ?? ""));
  return answer;
}

/** Feishu's error code in a thrown error (our own, or axios's with Feishu's body). */
export function feishuErrorCode(error: unknown): number | undefined {
  if (error instanceof FeishuApiError) return error.code;
  const data = (error as { response?: { data?: { code?: unknown } } })?.response?.data;
  return typeof data?.code === "number" ? data.code : undefined;
}

/** The HTTP status of a thrown SDK (axios) error. */
export function feishuHttpStatus(error: unknown): number | undefined {
  if (error instanceof FeishuApiError) return error.httpStatus;
  const status = (error as { response?: { status?: unknown } })?.response?.status;
  return typeof status === "number" ? status : undefined;
}
