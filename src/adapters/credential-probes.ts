import {
  type Config,
  DINGTALK_VARIABLES,
  FEISHU_VARIABLES,
  platformConfigured,
  WECOM_VARIABLES,
} from "../config.js";
import type { Logger } from "../logger.js";
import { dingtalkOapi } from "./dingtalk/dingtalk-oapi.js";
import { OapiError } from "./oapi-client.js";
import { wecomOapiFromConfig } from "./wecom/wecom-oapi.js";

/** One configured platform's credentials tried against its API root. */
export interface CredentialProbe {
  readonly name: string;
  /** Resolves with what the platform said (e.g. the bot's name); rejects with why it refused. */
  run(): Promise<string>;
}

/**
 * A probe for each configured chat platform, each one harmless read call that needs valid
 * credentials: Telegram getMe, Slack auth.test, WeCom and DingTalk gettoken, Feishu's tenant token.
 */
export function credentialProbes(config: Config, logger: Logger): CredentialProbe[] {
  const probes: CredentialProbe[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const url = `${config.TELEGRAM_API_ROOT.replace(/\/+$/, "")}/bot${config.TELEGRAM_BOT_TOKEN}/getMe`;
    probes.push({
      name: "telegram",
      async run() {
        const answer = (await getJson(url, config.TELEGRAM_API_ROOT, "TELEGRAM_API_ROOT")) as {
          ok?: boolean;
          description?: string;
          result?: { username?: string };
        };
        if (!answer.ok)
          throw new Error(`getMe refused (${answer.description ?? "no reason"}): check TELEGRAM_BOT_TOKEN`);
        return `bot @${answer.result?.username ?? "?"}`;
      },
    });
  }
  if (config.SLACK_BOT_TOKEN) {
    const root = (config.SLACK_API_URL ?? "https://slack.com/api/").replace(/\/+$/, "");
    probes.push({
      name: "slack",
      async run() {
        const res = await fetchFrom(root, "SLACK_API_URL", `${root}/auth.test`, {
          method: "POST",
          headers: { authorization: `Bearer ${config.SLACK_BOT_TOKEN}` },
        });
        const answer = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
        if (!answer.ok)
          throw new Error(`auth.test refused (${answer.error ?? res.status}): check SLACK_BOT_TOKEN`);
        return `bot ${answer.user ?? "?"} in ${answer.team ?? "?"}`;
      },
    });
  }
  if (platformConfigured(config, WECOM_VARIABLES)) {
    const api = wecomOapiFromConfig(config, logger);
    probes.push(
      tokenProbe("wecom", () => api.checkCredentials(), "WECOM_CORP_ID and WECOM_SECRET", {
        root: config.WECOM_API_ROOT,
        variable: "WECOM_API_ROOT",
      }),
    );
  }
  if (platformConfigured(config, FEISHU_VARIABLES)) {
    const url = `${config.FEISHU_DOMAIN.replace(/\/+$/, "")}/open-apis/auth/v3/tenant_access_token/internal`;
    probes.push({
      name: "feishu",
      async run() {
        const res = await fetchFrom(config.FEISHU_DOMAIN, "FEISHU_DOMAIN", url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ app_id: config.FEISHU_APP_ID, app_secret: config.FEISHU_APP_SECRET }),
        });
        const answer = (await res.json().catch(() => ({}))) as { code?: number; msg?: string };
        if (answer.code !== 0)
          throw new Error(
            `tenant token refused (${answer.code ?? res.status} ${answer.msg ?? ""}): check FEISHU_APP_ID and FEISHU_APP_SECRET`,
          );
        return "tenant access token issued";
      },
    });
  }
  if (platformConfigured(config, DINGTALK_VARIABLES)) {
    const api = dingtalkOapi(
      {
        appKey: config.DINGTALK_APP_KEY ?? "",
        appSecret: config.DINGTALK_APP_SECRET ?? "",
        oapiRoot: config.DINGTALK_OAPI_ROOT,
      },
      logger,
    );
    probes.push(
      tokenProbe("dingtalk", () => api.checkCredentials(), "DINGTALK_APP_KEY and DINGTALK_APP_SECRET", {
        root: config.DINGTALK_OAPI_ROOT,
        variable: "DINGTALK_OAPI_ROOT",
      }),
    );
  }
  return probes;
}

function tokenProbe(
  name: string,
  check: () => Promise<void>,
  variables: string,
  api: { root: string; variable: string },
): CredentialProbe {
  return {
    name,
    async run() {
      await check().catch((error: unknown) => {
        if (error instanceof OapiError && error.transportError !== undefined)
          throw unreachable(api.root, api.variable, error.transportError);
        throw new Error(
          `access token refused (${error instanceof Error ? error.message : String(error)}): check ${variables}`,
        );
      });
      return "access token issued";
    },
  };
}

async function getJson(url: string, root: string, variable: string): Promise<unknown> {
  const res = await fetchFrom(root, variable, url);
  return res.json().catch(() => ({ ok: false, description: `HTTP ${res.status}` }));
}

/** fetch, with "no answer at all" told apart from a refusal of the credentials. */
async function fetchFrom(root: string, variable: string, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw unreachable(root, variable, error);
  }
}

/**
 * The API root gave no HTTP answer (refused, unknown host, TLS): the credentials were never tried,
 * so the line names the root (never the URL, which may hold a token) and why, from fetch's cause.
 */
function unreachable(root: string, variable: string, error: unknown): Error {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const why =
    typeof cause?.code === "string"
      ? cause.code
      : typeof cause?.message === "string"
        ? cause.message
        : error instanceof Error
          ? error.message
          : String(error);
  return new Error(`cannot reach ${root} (${why}): check ${variable} and the network`);
}
