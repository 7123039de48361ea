import { describe, expect, it } from "vitest";
import { textReply } from "../../../src/chat/reply.js";
import type { CommandDefinition } from "../../../src/commands/command.js";
import { normaliseText, parseIntent } from "../../../src/commands/intent.js";

const fake = (name: string, slash: string[], phrases: RegExp[] = []): CommandDefinition => ({
  name,
  slash,
  phrases,
  usage: { zh: slash[0] ?? name, en: slash[0] ?? name },
  description: { zh: name, en: name },
  run: async () => textReply(name),
});

const risk = fake("risk", ["/risk", "/风险"], [/^(今天)?谁有(流失)?风险/, /^who is at risk( today)?/i]);
const help = fake("help", ["/help"], [/^(help|帮助)$/i]);
const all = [risk, help];

describe("parseIntent", () => {
  it("matches slash commands case-insensitively and passes the rest as arguments", () => {
    expect(parseIntent("/RISK 5", all)).toMatchObject({ command: { name: "risk" }, args: "5" });
    expect(parseIntent("/风险", all)?.command.name).toBe("risk");
  });

  it("drops a Telegram @botname suffix and a leading mention", () => {
    expect(parseIntent("/risk@RetainBot 3", all)).toMatchObject({ command: { name: "risk" }, args: "3" });
    expect(parseIntent("@RetainBot 今天谁有风险", all)?.command.name).toBe("risk");
    expect(parseIntent("<@U0BOT> who is at risk today", all)?.command.name).toBe("risk");
  });

  it("accepts a full-width slash and full-width spaces", () => {
    expect(normaliseText("／risk\u30005")).toBe("/risk 5");
    expect(parseIntent("／risk　5", all)).toMatchObject({ command: { name: "risk" }, args: "5" });
  });

  it("maps Chinese and English phrasings to the same command", () => {
    expect(parseIntent("今天谁有风险", all)?.command.name).toBe("risk");
    expect(parseIntent("Who is at risk today?", all)?.command.name).toBe("risk");
  });

  it("accepts a bare English command word like its slash form", () => {
    expect(parseIntent("risk 5", all)).toMatchObject({ command: { name: "risk" }, args: "5" });
    expect(parseIntent("riskier things", all)).toBeNull();
  });

  it("returns null for unknown text and unknown slash commands", () => {
    expect(parseIntent("天气怎么样", all)).toBeNull();
    expect(parseIntent("/nope", all)).toBeNull();
    expect(parseIntent("   ", all)).toBeNull();
  });
});
