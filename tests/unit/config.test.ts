import { describe, expect, it } from "vitest";
import { parseConfig, redactedStoreUrl, storeKind } from "../../src/config.js";

describe("parseConfig", () => {
  it("gives working defaults for an empty environment (the embedded default)", () => {
    const parsed = parseConfig({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.DATABASE_URL).toBe("file:./data/retainbot.db");
    expect(parsed.value.RETAINBOT_LOCALE).toBe("zh");
    expect(parsed.value.LLM_SEND_PERSONAL_DATA).toBe(false);
    expect(parsed.value.OPENAI_API_KEY).toBeUndefined();
  });

  it("names each invalid variable on its own line", () => {
    const parsed = parseConfig({ PORT: "70000", RETAINBOT_AS_OF: "23/11/2026", RETAINBOT_LOCALE: "fr" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const vars = parsed.error.lines.map((l) => l.split(":")[0]).sort();
    expect(vars).toEqual(["PORT", "RETAINBOT_AS_OF", "RETAINBOT_LOCALE"]);
  });

  it("refuses an as-of day that does not exist (the CLI's --as-of goes through it too)", () => {
    const parsed = parseConfig({ RETAINBOT_AS_OF: "2026-02-30" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.lines).toEqual([expect.stringMatching(/^RETAINBOT_AS_OF: expected YYYY-MM-DD/)]);
    expect(parseConfig({ RETAINBOT_AS_OF: "2028-02-29" }).ok).toBe(true);
  });

  it("refuses a time zone Intl does not know, which would otherwise fail every dated command", () => {
    const parsed = parseConfig({ RETAINBOT_TIME_ZONE: "Asia/Shangai" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.lines).toEqual([expect.stringMatching(/^RETAINBOT_TIME_ZONE: not an IANA/)]);
    expect(parseConfig({ RETAINBOT_TIME_ZONE: "Europe/Berlin" }).ok).toBe(true);
  });

  it("treats empty strings as unset", () => {
    const parsed = parseConfig({ OPENAI_API_KEY: "", TELEGRAM_BOT_TOKEN: " " });
    expect(
      parsed.ok && parsed.value.OPENAI_API_KEY === undefined && parsed.value.TELEGRAM_BOT_TOKEN === undefined,
    ).toBe(true);
  });

  it("requires a webhook secret with a webhook URL", () => {
    const parsed = parseConfig({
      TELEGRAM_BOT_TOKEN: "1:x",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.com/tg",
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.lines[0]).toMatch(/^TELEGRAM_WEBHOOK_SECRET:/);
  });

  it("refuses a webhook secret Telegram would not accept", () => {
    const env = { TELEGRAM_BOT_TOKEN: "1:x", TELEGRAM_WEBHOOK_URL: "https://bot.example.com/tg" };
    const bad = parseConfig({ ...env, TELEGRAM_WEBHOOK_SECRET: "has spaces!" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.lines[0]).toMatch(/^TELEGRAM_WEBHOOK_SECRET: use 1-256 characters/);
    expect(parseConfig({ ...env, TELEGRAM_WEBHOOK_SECRET: "Ok_secret-1" }).ok).toBe(true);
  });

  it("requires a Slack bot token with Slack receiver settings", () => {
    const parsed = parseConfig({ SLACK_SIGNING_SECRET: "s" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.lines[0]).toMatch(/^SLACK_BOT_TOKEN:/);
  });

  it("takes a SQLite or a PostgreSQL database URL and names anything else", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/retainbot" }).ok).toBe(true);
    expect(parseConfig({ DATABASE_URL: "postgres://db/retainbot" }).ok).toBe(true);
    const parsed = parseConfig({ DATABASE_URL: "mysql://x" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.lines.join("\n")).toMatch(
        /^DATABASE_URL: must be a SQLite URL .* or a PostgreSQL URL/,
      );
  });

  it("never shows a PostgreSQL password and knows which store a URL names", () => {
    expect(redactedStoreUrl("postgresql://u:secret@db:5432/r")).toBe("postgresql://u:***@db:5432/r");
    expect(redactedStoreUrl("file:./data/x.db")).toBe("file:./data/x.db");
    expect(storeKind("postgres://db/r")).toBe("postgres");
    expect(storeKind("file:./data/x.db")).toBe("sqlite");
  });

  it("starts WeCom, Feishu and DingTalk only with all their variables: one line per missing one", () => {
    const parsed = parseConfig({ WECOM_CORP_ID: "ww1", WECOM_SECRET: "s", FEISHU_APP_ID: "cli_1" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.lines.map((l) => l.split(":")[0])).toEqual([
      "WECOM_AGENT_ID",
      "WECOM_TOKEN",
      "WECOM_AES_KEY",
      "FEISHU_APP_SECRET",
      "FEISHU_VERIFICATION_TOKEN",
      "FEISHU_ENCRYPT_KEY",
    ]);
    const dingtalk = parseConfig({ DINGTALK_APP_SECRET: "x" });
    expect(!dingtalk.ok && dingtalk.error.lines).toEqual([
      "DINGTALK_APP_KEY: required for the DingTalk app (set with DINGTALK_APP_SECRET); set it or unset them",
    ]);
  });

  it("names a malformed WeCom EncodingAESKey, Token or AgentId", () => {
    const parsed = parseConfig({
      WECOM_CORP_ID: "ww1",
      WECOM_AGENT_ID: "agent",
      WECOM_SECRET: "s",
      WECOM_TOKEN: "has space",
      WECOM_AES_KEY: "short",
    });
    expect(!parsed.ok && parsed.error.lines.map((l) => l.split(":")[0]).sort()).toEqual([
      "WECOM_AES_KEY",
      "WECOM_AGENT_ID",
      "WECOM_TOKEN",
    ]);
    const good = parseConfig({
      WECOM_CORP_ID: "ww1",
      WECOM_AGENT_ID: "1000002",
      WECOM_SECRET: "s",
      WECOM_TOKEN: "Tok3n",
      WECOM_AES_KEY: "a".repeat(43),
    });
    expect(good.ok && good.value.WECOM_API_ROOT).toBe("https://qyapi.weixin.qq.com");
  });
});
