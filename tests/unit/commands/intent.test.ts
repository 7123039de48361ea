import { describe, expect, it } from "vitest";
import { textReply } from "../../../src/chat/reply.js";
import type { CommandDefinition } from "../../../src/commands/command.js";
import { normaliseText, parseIntent } from "../../../src/commands/intent.js";
import { commands } from "../../../src/commands/registry.js";

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

describe("the command table's plain phrasings", () => {
  it("understands the ways a manager asks the everyday questions", () => {
    const asked = (text: string) => {
      const intent = parseIntent(text, commands);
      return intent ? [intent.command.name, intent.args] : null;
    };
    expect(asked("今天有哪些风险客户")).toEqual(["risk", ""]);
    expect(asked("谁会流失")).toEqual(["risk", ""]);
    expect(asked("哪些客户可能离网？")).toEqual(["risk", ""]);
    expect(asked("生日提醒")).toEqual(["care", ""]);
    expect(asked("团队情况怎么样")).toEqual(["team", ""]);
    expect(asked("查一下王建国")).toEqual(["customer", "王建国"]);
    expect(asked("王建国的话术")).toEqual(["track", "王建国的话术"]);
    expect(asked("你好")).toEqual(["help", ""]);
    // Still an objection, not a risk list or a lookup.
    expect(asked("客户说要转网怎么办")?.[0]).toBe("objection");
    expect(asked("查一下")).toBeNull();
  });
});
