import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../../logger.js";
import { checked, feishuErrorCode } from "./feishu-errors.js";

/** Codes Feishu answers when the tenant_access_token is invalid or expired. */
const TOKEN_CODES = new Set([99991661, 99991663, 99991668]);

export interface FeishuClient {
  readonly sdk: lark.Client;
  /**
   * Runs one API call; when Feishu says the token is no longer valid, forgets it (the SDK caches
   * tokens until 3 minutes before they expire) and runs the call once more.
   */
  call<T>(run: (sdk: lark.Client) => Promise<T>): Promise<T>;
}

/**
 * The official SDK's client for our app, with a token cache of its own (the SDK's default cache is
 * shared by every client in the process) and the SDK's logs sent to pino.
 */
export function createFeishuClient(options: {
  appId: string;
  appSecret: string;
  domain: string;
  logger: Logger;
}): FeishuClient {
  const cache = new lark.DefaultCache();
  const sdk = new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain.replace(/\/+$/, ""),
    cache,
    logger: sdkLogger(options.logger),
    loggerLevel: lark.LoggerLevel.warn,
  });
  return {
    sdk,
    async call(run) {
      try {
        return checked(await run(sdk));
      } catch (error) {
        if (!TOKEN_CODES.has(feishuErrorCode(error) ?? 0)) throw error;
        options.logger.info({ code: feishuErrorCode(error) }, "Feishu token refused: fetching a new one");
        cache.values.clear();
        return checked(await run(sdk));
      }
    },
  };
}

function sdkLogger(logger: Logger): lark.Logger {
  const child = logger.child({ sdk: "lark" });
  return {
    error: (...msg: unknown[]) => child.error({ msg }, "lark sdk"),
    warn: (...msg: unknown[]) => child.warn({ msg }, "lark sdk"),
    info: (...msg: unknown[]) => child.debug({ msg }, "lark sdk"),
    debug: (...msg: unknown[]) => child.trace({ msg }, "lark sdk"),
    trace: (...msg: unknown[]) => child.trace({ msg }, "lark sdk"),
  };
}
