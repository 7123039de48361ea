import { dirname } from "node:path";
import { z } from "zod";
import { isIsoDay } from "./domain/dates.js";
import { isValidTimeZone } from "./domain/zoned-time.js";
import { err, ok, type Result } from "./result.js";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const isoDay = z.string().refine(isIsoDay, "expected YYYY-MM-DD, a day that exists");

/** The whole environment, validated once at start-up. */
export const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .default("file:./data/retainbot.db")
    .refine(
      (v) => /^(file:|postgres(ql)?:\/\/)/.test(v),
      "must be a SQLite URL like file:./data/retainbot.db or a PostgreSQL URL like postgresql://user@host/db",
    ),
  /** PostgreSQL only: connections per instance, and how long one statement may run. */
  PG_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * PostgreSQL only: usage older than this many days is dropped, a month partition at a time. At
   * least 240: churn training reads features 90–120 days back from snapshots up to 102 days ago.
   */
  USAGE_RETENTION_DAYS: z.coerce.number().int().min(240).max(3650).default(400),
  RETAINBOT_AS_OF: isoDay.optional(),
  RETAINBOT_LOCALE: z.enum(["zh", "en"]).default("zh"),
  // A misspelt zone would pass here and fail every date-dependent command later.
  RETAINBOT_TIME_ZONE: z
    .string()
    .default("Asia/Shanghai")
    .refine(isValidTimeZone, "not an IANA time zone, e.g. Asia/Shanghai"),
  RETAINBOT_DEMO_SEED: z.coerce.number().int().default(42),
  RULES_CONFIG: optionalText,
  /** Imported dates must lie within this many years before and after today (birthdays: 120 before). */
  IMPORT_DATE_PAST_YEARS: z.coerce.number().int().min(1).max(200).default(50),
  IMPORT_DATE_FUTURE_YEARS: z.coerce.number().int().min(0).max(100).default(10),
  /** Days between retrainings of the churn model by the daily job (issue 10). */
  CHURN_RETRAIN_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /** "What works" hides a retention rate measured on fewer outcomes than this (issue 16). */
  WHAT_WORKS_MIN_CASES: z.coerce.number().int().min(1).max(1000).default(5),
  KNOWLEDGE_DIR: z.string().default("./knowledge"),
  /** Where the console chat saves the files `/export` answers with (issue 16). */
  RETAINBOT_EXPORT_DIR: z.string().default("./data/exports"),
  PROMPTS_DIR: z.string().default("./prompts"),
  /** The manager id the console chat speaks as (default: the first team lead). */
  RETAINBOT_CONSOLE_USER: optionalText,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  OPENAI_MODEL: optionalText,
  OPENAI_EMBEDDING_MODEL: optionalText,
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Personal data (names, notes) reaches the LLM only when an operator says so. */
  LLM_SEND_PERSONAL_DATA: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** Start the HTTP listener (health, readiness, metrics) even when no chat adapter needs it. */
  HTTP_ALWAYS: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
  /** Telegram accepts 1–256 characters of A-Z, a-z, 0-9, _ and - (setWebhook's secret_token). */
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "use 1-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
  ),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  /** WeCom self-built app (企业微信自建应用): all five, or none. */
  WECOM_CORP_ID: optionalText,
  WECOM_AGENT_ID: optionalText.pipe(
    z.string().regex(/^\d+$/, "expected the app's AgentId (digits)").optional(),
  ),
  WECOM_SECRET: optionalText,
  WECOM_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,32}$/, "use the callback Token: 1-32 letters and digits")
      .optional(),
  ),
  WECOM_AES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, "use the callback EncodingAESKey: 43 letters and digits")
      .optional(),
  ),
  WECOM_API_ROOT: z.url().default("https://qyapi.weixin.qq.com"),
  /** Feishu app (飞书自建应用), events over the HTTP callback: all four, or none. */
  FEISHU_APP_ID: optionalText,
  FEISHU_APP_SECRET: optionalText,
  FEISHU_VERIFICATION_TOKEN: optionalText,
  FEISHU_ENCRYPT_KEY: optionalText,
  FEISHU_DOMAIN: z.url().default("https://open.feishu.cn"),
  /** DingTalk enterprise internal app (钉钉企业内部应用) with a robot: both, or none. */
  DINGTALK_APP_KEY: optionalText,
  DINGTALK_APP_SECRET: optionalText,
  DINGTALK_API_ROOT: z.url().default("https://api.dingtalk.com"),
  /** Where DingTalk's older endpoints live: custom robot webhooks (robot/send). */
  DINGTALK_OAPI_ROOT: z.url().default("https://oapi.dingtalk.com"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** How long a stop (SIGTERM) waits for replies in progress before giving up on them. */
  RETAINBOT_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * Worker threads the daily warnings job judges customers in: a number, or `auto` (two when the
   * machine has a core to spare and the store is large: src/services/warnings/worker-count.ts).
   */
  RETAINBOT_WARNINGS_WORKERS: z
    .union(
      [z.literal("auto"), z.coerce.number().int().min(1).max(16)],
      "must be auto or a whole number from 1 to 16",
    )
    .default("auto"),
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Parses an environment (process.env in production, a plain object in tests). Each invalid
 * setting becomes one line naming the variable and what is wrong with it.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
): Result<Config, { code: "config"; message: string; lines: string[] }> {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) {
    const cross = crossChecks(parsed.data);
    if (cross.length === 0) return ok(parsed.data);
    return err({ code: "config", message: cross.join("\n"), lines: cross });
  }
  const lines = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`,
  );
  return err({ code: "config", message: lines.join("\n"), lines });
}

/** Settings that only make sense together. */
function crossChecks(c: Config): string[] {
  const lines: string[] = [];
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET)
    lines.push(
      "TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set (Telegram sends it with every update)",
    );
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    lines.push(
      "SLACK_SIGNING_SECRET: required for the HTTP receiver (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN)
    lines.push("SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set");
  lines.push(...allOrNone(c, "the WeCom app", WECOM_VARIABLES));
  lines.push(...allOrNone(c, "the Feishu app", FEISHU_VARIABLES));
  lines.push(...allOrNone(c, "the DingTalk app", DINGTALK_VARIABLES));
  if (c.OPENAI_MODEL && !c.OPENAI_API_KEY && !c.OPENAI_BASE_URL)
    lines.push("OPENAI_API_KEY: required when OPENAI_MODEL is set (or OPENAI_BASE_URL for a local endpoint)");
  return lines;
}

export const WECOM_VARIABLES = [
  "WECOM_CORP_ID",
  "WECOM_AGENT_ID",
  "WECOM_SECRET",
  "WECOM_TOKEN",
  "WECOM_AES_KEY",
] as const;
export const FEISHU_VARIABLES = [
  "FEISHU_APP_ID",
  "FEISHU_APP_SECRET",
  "FEISHU_VERIFICATION_TOKEN",
  "FEISHU_ENCRYPT_KEY",
] as const;
export const DINGTALK_VARIABLES = ["DINGTALK_APP_KEY", "DINGTALK_APP_SECRET"] as const;

/** A platform starts when all its variables are set: one line per variable missing from a partial set. */
function allOrNone(c: Config, what: string, names: readonly (keyof Config)[]): string[] {
  const set = names.filter((n) => c[n] !== undefined);
  if (set.length === 0 || set.length === names.length) return [];
  return names
    .filter((n) => c[n] === undefined)
    .map((n) => `${n}: required for ${what} (set with ${set.join(", ")}); set it or unset them`);
}

/** True when every variable of a platform is set (the adapter starts). */
export function platformConfigured(c: Config, names: readonly (keyof Config)[]): boolean {
  return names.every((n) => c[n] !== undefined);
}

/** Which store a DATABASE_URL names. */
export function storeKind(databaseUrl: string): "sqlite" | "postgres" {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgres" : "sqlite";
}

/** A store URL fit for a log line or a message: any password replaced by `***`. */
export function redactedStoreUrl(databaseUrl: string): string {
  if (storeKind(databaseUrl) === "sqlite") return databaseUrl;
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/**
 * Where an instance keeps its derived local files (the knowledge index): beside a SQLite store,
 * or ./data when the store is PostgreSQL (each instance builds its own; nothing there is shared).
 */
export function localDataDir(databaseUrl: string): string {
  return storeKind(databaseUrl) === "postgres" ? "./data" : dirname(sqlitePath(databaseUrl));
}

/** The SQLite file path behind a `file:` URL. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}
