import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import type { CommandDefinition } from "../../src/commands/command.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import type { Locale } from "../../src/i18n/index.js";
import type { AppStore } from "../../src/store/app-store.js";
import { createTestApp } from "../setup/test-app.js";

let app: App;

/** A message typed in the console as `userId` (M001, the lead, by default), through the command layer. */
const askConsole = (text: string, userId = "M001", locale?: Locale) =>
  handleMessage(
    app,
    { platform: "console", userId, chatType: "private", text, ...(locale ? { locale } : {}) },
    commands,
  );

beforeEach(async () => {
  app = createTestApp();
  await app.store.prisma.team.create({ data: { id: "T1", name: "城东一组" } });
  await app.store.prisma.manager.create({
    data: { id: "M001", name: "李娜", teamId: "T1", role: "lead", telegramUserId: "555" },
  });
});
afterEach(async () => {
  await app.store.close();
});

describe("handleMessage", () => {
  it("answers help in Chinese by default and in English when asked in English", async () => {
    const zh = await askConsole("help");
    expect(zh.command).toBe("help");
    expect(replyToPlainText(zh.reply)).toContain("客户维系助手");
    const en = await askConsole("help", "M001", "en");
    expect(replyToPlainText(en.reply)).toContain("RetainBot");
  });

  it("prompts for a question when the message is empty instead of echoing nothing back", async () => {
    for (const text of ["", "   "]) {
      const handled = await askConsole(text);
      expect(handled.reply.errorCode).toBe("unknown_command");
      expect(replyToPlainText(handled.reply)).toBe("请输入问题或命令。发送 help 或“帮助”查看我能做什么。");
    }
  });

  it('answers "what can you do?" with the help, in English', async () => {
    const handled = await askConsole("What can you do?");
    expect(handled.command).toBe("help");
    expect(replyToPlainText(handled.reply)).toContain("RetainBot · help");
  });

  it("writes every command line of help in the reader's language only", async () => {
    const lines = async (locale: "zh" | "en") => {
      const { reply } = await askConsole("/help", "M001", locale);
      const list = reply.blocks.find((b) => b.type === "list");
      return list?.type === "list" ? list.items : [];
    };
    const en = await lines("en");
    expect(en.length).toBeGreaterThan(10);
    expect(en.filter((l) => /\p{Script=Han}/u.test(l))).toEqual([]);
    // In Chinese only the commands and the words typed as they are (contacted, all, off…) stay Latin.
    const typedAsIs = new Set("HH mm off now me tz all risk team up down".split(" "));
    const latin = (await lines("zh")).flatMap((l) => {
      const usage = l.split(" — ")[0] ?? "";
      return (usage.replace(/^\/\w+/, "").match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !typedAsIs.has(w));
    });
    expect(latin).toEqual([]);
  });

  it("shows /done's Chinese words in Chinese (typing the English ones would switch the reply to English)", async () => {
    const { reply } = await askConsole("/done");
    expect(reply.errorCode).toBe("usage");
    const text = replyToPlainText(reply);
    expect(text).toContain("已联系|挽留成功|已流失");
    expect(text).not.toMatch(/contacted|retained|unreachable|snooze/);
  });

  it("tells the console's operator to load managers, not to /bind, when it speaks as an unknown id", async () => {
    const { reply } = await askConsole("今天谁有风险", "M999");
    expect(reply.errorCode).toBe("unknown_user");
    const text = replyToPlainText(reply);
    expect(text).toContain("“M999”");
    expect(text).toContain("--kind managers");
    expect(text).toContain("RETAINBOT_CONSOLE_USER");
    expect(text).not.toContain("/bind");
  });

  it("maps a Telegram user to the manager stored with that Telegram id", async () => {
    const known = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatType: "private", text: "什么意思" },
      commands,
    );
    expect(known.reply.errorCode).toBe("unknown_command");
    const stranger = await handleMessage(
      app,
      { platform: "telegram", userId: "999", chatType: "private", text: "什么意思" },
      commands,
    );
    expect(stranger.reply.errorCode).toBe("unknown_user");
  });

  it("answers only a one-line explanation in an unbound group", async () => {
    const handled = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatId: "-100", chatType: "group", text: "/nope" },
      commands,
    );
    expect(handled.reply.errorCode).toBe("unbound_group");
    expect(handled.reply.blocks).toHaveLength(1);
  });

  it("answers in a group bound to a team", async () => {
    await app.store.prisma.chatGroup.create({
      data: { id: "telegram:-100", platform: "telegram", chatId: "-100", teamId: "T1" },
    });
    const handled = await handleMessage(
      app,
      { platform: "telegram", userId: "555", chatId: "-100", chatType: "group", text: "/help" },
      commands,
    );
    expect(handled.reply.errorCode).toBeUndefined();
    expect(handled.command).toBe("help");
  });
});

describe("a reply cut at the limit", () => {
  const long = (name: string, narrower?: string): CommandDefinition => ({
    name,
    slash: [`/${name}`],
    usage: { zh: `/${name}`, en: `/${name}` },
    description: { zh: "测试", en: "test" },
    ...(narrower ? { narrower } : {}),
    async run() {
      return { blocks: Array.from({ length: 40 }, (_, i) => ({ type: "text" as const, text: `${i}` })) };
    },
  });
  const notice = async (command: CommandDefinition) => {
    const { reply } = await handleMessage(
      app,
      { platform: "console", userId: "M001", chatType: "private", text: command.slash[0]! },
      [command],
    );
    const last = reply.blocks.at(-1);
    return last?.type === "notice" ? last.text : "";
  };

  it("/risk with a count it does not take names the range it does", async () => {
    const { reply } = await askConsole("/risk 500");
    expect(reply.errorCode).toBe("usage");
    expect(replyToPlainText(reply)).toContain("数量为 1 到 200 的整数");
  });

  it("/care with something other than a count answers its usage instead of the default list", async () => {
    const care = async (text: string) => (await askConsole(text)).reply;
    for (const text of ["/care -1", "/care abc", "/care 0", "/care 201"]) {
      const reply = await care(text);
      expect(reply.errorCode, text).toBe("usage");
      expect(replyToPlainText(reply), text).toContain("数量为 1 到 200 的整数");
    }
    expect((await care("/care 5")).errorCode).toBeUndefined();
    expect((await care("/care")).errorCode).toBeUndefined();
  });

  it("names the asked command with a smaller count, or none, never another command", async () => {
    expect(await notice(long("care", "/care 10"))).toMatch(/每次回复最多 30 条.*例如 \/care 10。$/);
    const plain = await notice(long("track"));
    expect(plain).toContain("每次回复最多 30 条");
    expect(plain).not.toMatch(/\/\w+/);
  });
});

describe("a command whose path still needs SQLite, on a PostgreSQL store", () => {
  it("answers one clear message in the asker's language instead of a generic error", async () => {
    const { sqliteOnly } = await import("../../src/store/app-store.js");
    const sqliteBound: CommandDefinition = {
      name: "sqlite-bound",
      slash: ["/sqlitebound"],
      usage: { zh: "/sqlitebound", en: "/sqlitebound" },
      description: { zh: "测试", en: "test" },
      public: true,
      async run(ctx) {
        sqliteOnly({ ...ctx.app.store, kind: "postgres" } as unknown as AppStore, "The test command");
        return { blocks: [] };
      },
    };
    const ask = (locale?: "en") =>
      handleMessage(
        app,
        { platform: "console", userId: "M001", chatType: "private", text: "/sqlitebound", locale },
        [sqliteBound],
      );
    expect(replyToPlainText((await ask()).reply)).toContain("只支持 SQLite 存储");
    expect(replyToPlainText((await ask("en")).reply)).toContain("SQLite store only");
  });
});
