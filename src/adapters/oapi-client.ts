import type { Logger } from "../logger.js";

/** errcodes that mean "this access_token is no good": fetch a new one and retry once. */
const TOKEN_ERRCODES = new Set([40014, 42001]);
/** errcodes that mean "too many calls": wait and retry. */
export const RATE_LIMIT_ERRCODES = new Set([45009, 45011, 45033]);
/** Refresh this long before the token expires, so it never lapses mid-call. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** A refusal (errcode ≠ 0) or a transport failure (errcode -1). */
export class OapiError extends Error {
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
    /** Set when no HTTP answer came at all (refused, unknown host): what fetch threw. */
    readonly transportError?: unknown,
  ) {
    super(`${path}: ${errcode} ${errmsg}`);
  }
  get rateLimited(): boolean {
    return RATE_LIMIT_ERRCODES.has(this.errcode);
  }
}

export interface OapiClientOptions {
  /** For logs: "WeCom", "DingTalk". */
  name: string;
  apiRoot: string;
  /** The token endpoint's credentials: WeCom `corpid`/`corpsecret`, DingTalk `appkey`/`appsecret`. */
  tokenQuery: Record<string, string>;
  /** Default "/cgi-bin/gettoken" (WeCom); DingTalk's is "/gettoken". */
  tokenPath?: string;
  /** Default "/cgi-bin/media/upload" (WeCom); DingTalk's is "/media/upload". */
  uploadPath?: string;
  logger: Logger;
  /** Waits before each retry of a rate-limited call (default 1 s, then 3 s). */
  rateLimitDelaysMs?: readonly number[];
  now?: () => number;
}

type Json = Record<string, unknown>;

/**
 * An errcode-style server API with an access_token in the query string: WeCom's (qyapi) and
 * DingTalk's older one (oapi) work alike. Fetches the token with the app's credentials, keeps it
 * until shortly before it expires (one fetch at a time), fetches a new one and retries once when
 * the platform says it expired (40014/42001), and waits out rate-limit errcodes a few times.
 */
export class OapiClient {
  private token: { value: string; refreshAt: number } | null = null;
  private fetching: Promise<string> | null = null;
  private readonly root: string;
  private readonly now: () => number;

  constructor(private readonly options: OapiClientOptions) {
    this.root = options.apiRoot.replace(/\/+$/, "");
    this.now = options.now ?? Date.now;
  }

  /** Fetches (or reuses) the access token: wrong credentials fail here. */
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
  uploadImage(png: Uint8Array, filename: string): Promise<string> {
    return this.uploadMedia(png, filename, "image", "image/png");
  }

  /** Uploads temporary media (3 days) of a kind (`image`, `file`) and returns its media_id. */
  async uploadMedia(
    bytes: Uint8Array,
    filename: string,
    type: "image" | "file",
    mimeType: string,
  ): Promise<string> {
    const path = this.options.uploadPath ?? "/cgi-bin/media/upload";
    const answer = await this.call(path, (token) => {
      const form = new FormData();
      form.append("media", new Blob([bytes], { type: mimeType }), filename);
      return fetch(this.url(path, { access_token: token, type }), { method: "POST", body: form });
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
        this.options.logger.info(
          { errcode, path },
          `${this.options.name} access token refused: fetching a new one`,
        );
        refreshed = true;
        if (this.token?.value === token) this.token = null;
        continue;
      }
      const error = new OapiError(`${this.options.name} ${path}`, errcode, String(answer.errmsg ?? ""));
      const delay = delays[attempt];
      if (!error.rateLimited || delay === undefined) throw error;
      this.options.logger.warn({ errcode, path, delay }, `${this.options.name} rate limit: waiting`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** The cached token, or a new one when it is about to expire. */
  accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return Promise.resolve(this.token.value);
    this.fetching ??= this.fetchToken().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const path = this.options.tokenPath ?? "/cgi-bin/gettoken";
    const answer = await readAnswer(path, fetch(this.url(path, this.options.tokenQuery)));
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0 || typeof answer.access_token !== "string")
      throw new OapiError(
        `${this.options.name} ${path}`,
        errcode,
        String(answer.errmsg ?? "no access_token"),
      );
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

/** The JSON answer of a call; transport failures and non-JSON answers become errcode -1. */
async function readAnswer(path: string, response: Promise<Response>): Promise<Json> {
  let res: Response;
  try {
    res = await response;
  } catch (error) {
    throw new OapiError(path, -1, error instanceof Error ? error.message : String(error), error);
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new OapiError(path, -1, `HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}
