import type { Logger } from "../../logger.js";

/** errcodes that mean "this access_token is no good": fetch a new one and retry once. */
const TOKEN_ERRCODES = new Set([40014, 42001]);
/** errcodes that mean "too many calls": wait and retry. */
export const RATE_LIMIT_ERRCODES = new Set([45009, 45011, 45033]);
/** Refresh this long before WeCom's expiry, so a token never lapses mid-call. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** A WeCom API refusal (errcode ≠ 0) or a transport failure (errcode -1). */
export class WecomApiError extends Error {
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${path}: ${errcode} ${errmsg}`);
  }
  get rateLimited(): boolean {
    return RATE_LIMIT_ERRCODES.has(this.errcode);
  }
}

export interface WecomApiOptions {
  apiRoot: string;
  corpId: string;
  secret: string;
  logger: Logger;
  /** Waits before each retry of a rate-limited call (default 1 s, then 3 s). */
  rateLimitDelaysMs?: readonly number[];
  now?: () => number;
}

type Json = Record<string, unknown>;

/**
 * The WeCom server API for one self-built app: fetches the access_token with the corp id and app
 * secret, keeps it until shortly before it expires (one fetch at a time), fetches a new one and
 * retries once when WeCom says it expired, and waits out rate-limit errcodes a few times.
 */
export class WecomApi {
  private token: { value: string; refreshAt: number } | null = null;
  private fetching: Promise<string> | null = null;
  private readonly root: string;
  private readonly now: () => number;

  constructor(private readonly options: WecomApiOptions) {
    this.root = options.apiRoot.replace(/\/+$/, "");
    this.now = options.now ?? Date.now;
  }

  /** Fetches (or reuses) the access token: a wrong corp id or secret fails here. */
  async checkCredentials(): Promise<void> {
    await this.accessToken();
  }

  /** POSTs JSON to `path` (e.g. "/cgi-bin/message/send") with the access token; resolves with the answer. */
  post(path: string, body: Json): Promise<Json> {
    return this.call(path, (token) =>
      fetch(this.url(path, { access_token: token }), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  }

  /** Uploads a PNG as temporary media (3 days) and returns its media_id. */
  async uploadImage(png: Uint8Array, filename: string): Promise<string> {
    const answer = await this.call("/cgi-bin/media/upload", (token) => {
      const form = new FormData();
      form.append("media", new Blob([png], { type: "image/png" }), filename);
      return fetch(this.url("/cgi-bin/media/upload", { access_token: token, type: "image" }), {
        method: "POST",
        body: form,
      });
    });
    return String(answer.media_id);
  }

  private async call(path: string, send: (token: string) => Promise<Response>): Promise<Json> {
    const delays = this.options.rateLimitDelaysMs ?? [1_000, 3_000];
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const answer = await readAnswer(path, send(token));
      const errcode = Number(answer.errcode ?? 0);
      if (errcode === 0) return answer;
      if (TOKEN_ERRCODES.has(errcode) && !refreshed) {
        this.options.logger.info({ errcode, path }, "WeCom access token refused: fetching a new one");
        refreshed = true;
        if (this.token?.value === token) this.token = null;
        continue;
      }
      const error = new WecomApiError(path, errcode, String(answer.errmsg ?? ""));
      const delay = delays[attempt];
      if (!error.rateLimited || delay === undefined) throw error;
      this.options.logger.warn({ errcode, path, delay }, "WeCom rate limit: waiting");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** The cached token, or a new one when it is about to expire. */
  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const path = "/cgi-bin/gettoken";
    const answer = await readAnswer(
      path,
      fetch(this.url(path, { corpid: this.options.corpId, corpsecret: this.options.secret })),
    );
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0 || typeof answer.access_token !== "string")
      throw new WecomApiError(path, errcode, String(answer.errmsg ?? "no access_token"));
    const lifetimeMs = Number(answer.expires_in ?? 7200) * 1000;
    this.token = {
      value: answer.access_token,
      refreshAt: this.now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2),
    };
    return answer.access_token;
  }

  private url(path: string, query: Record<string, string>): string {
    return `${this.root}${path}?${new URLSearchParams(query)}`;
  }
}

/** The JSON answer of a WeCom call; transport failures and non-JSON answers become errcode -1. */
async function readAnswer(path: string, response: Promise<Response>): Promise<Json> {
  let res: Response;
  try {
    res = await response;
  } catch (error) {
    throw new WecomApiError(path, -1, error instanceof Error ? error.message : String(error));
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new WecomApiError(path, -1, `HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}
