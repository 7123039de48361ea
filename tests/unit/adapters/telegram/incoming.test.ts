import type { Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toIncomingMessage } from "../../../../src/adapters/telegram/incoming.js";
import { FAKE_BOT } from "../../../fakes/telegram-api.js";

function message(
  text: string,
  chat: "private" | "supergroup" | "channel",
  entities: unknown[] = [],
  lang = "en",
) {
  return {
    message_id: 1,
    date: 0,
    chat:
      chat === "private" ? { id: 7, type: "private", first_name: "A" } : { id: -7, type: chat, title: "g" },
    from: { id: 7, is_bot: false, first_name: "A", language_code: lang },
    text,
    entities,
  } as unknown as Message;
}

describe("toIncomingMessage", () => {
  it("takes every private message, answering in the app's language unless the text says otherwise", () => {
    expect(toIncomingMessage(message("/risk 5", "private"), FAKE_BOT, "zh")).toMatchObject({
      platform: "telegram",
      userId: "7",
      chatId: "7",
      chatType: "private",
      text: "/risk 5",
      locale: "en",
    });
    expect(toIncomingMessage(message("今天谁有风险", "private"), FAKE_BOT, "zh")?.locale).toBe("zh");
    expect(toIncomingMessage(message("/risk", "private", [], "de"), FAKE_BOT, "zh")?.locale).toBe("zh");
  });

  it("in groups, takes commands for this bot and mentions of it, with the mention removed", () => {
    const cmd = [{ type: "bot_command", offset: 0, length: 5 }];
    expect(toIncomingMessage(message("/risk", "supergroup", cmd), FAKE_BOT, "zh")?.text).toBe("/risk");
    const other = [{ type: "bot_command", offset: 0, length: 15 }];
    expect(toIncomingMessage(message("/risk@other_bot", "supergroup", other), FAKE_BOT, "zh")).toBeNull();
    const mid = "今天谁有风险 @Retain_Test_Bot ？";
    const mention = [{ type: "mention", offset: 7, length: 16 }];
    expect(toIncomingMessage(message(mid, "supergroup", mention), FAKE_BOT, "zh")?.text).toBe(
      "今天谁有风险 ？",
    );
    const byName = [{ type: "text_mention", offset: 0, length: 9, user: { id: FAKE_BOT.id } }];
    expect(toIncomingMessage(message("RetainBot", "supergroup", byName), FAKE_BOT, "zh")?.text).toBe("/help");
    expect(toIncomingMessage(message("大家好 @someone", "supergroup", []), FAKE_BOT, "zh")).toBeNull();
    expect(toIncomingMessage(message("/risk", "channel", cmd), FAKE_BOT, "zh")).toBeNull();
  });
});
