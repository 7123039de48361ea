import { describe, expect, it } from "vitest";
import {
  onlyForAsker,
  slackChatType,
  stripBotMention,
  typedText,
} from "../../../../src/adapters/slack/conversation.js";

describe("slackChatType", () => {
  it("treats a DM as private and channels and group DMs as groups", () => {
    expect(slackChatType("D0123")).toBe("private");
    expect(slackChatType("C0123")).toBe("group");
    expect(slackChatType("G0123")).toBe("group");
    expect(slackChatType("C0123", "im")).toBe("private");
    expect(slackChatType("D0123", "mpim")).toBe("group");
  });
});

describe("stripBotMention", () => {
  it("drops the bot's own mention wherever it is and keeps other people's", () => {
    expect(stripBotMention("<@UBOT> 今天谁有风险", "UBOT")).toBe("今天谁有风险");
    expect(stripBotMention("help <@UBOT>", "UBOT")).toBe("help");
    expect(stripBotMention("<@UBOT|retainbot> <@U_LI> 的客户", "UBOT")).toBe("<@U_LI> 的客户");
  });

  it("drops only a leading mention when the bot's id is unknown", () => {
    expect(stripBotMention("<@UXYZ> help", undefined)).toBe("help");
  });
});

describe("onlyForAsker", () => {
  it("keeps personal data and refusals out of channels but not out of the asker's DM", () => {
    const personal = { blocks: [], personal: true };
    const refused = { blocks: [], errorCode: "unknown_user" };
    const plain = { blocks: [] };
    expect(onlyForAsker(personal, "group")).toBe(true);
    expect(onlyForAsker(refused, "group")).toBe(true);
    expect(onlyForAsker(plain, "group")).toBe(false);
    expect(onlyForAsker(personal, "private")).toBe(false);
  });
});

describe("typedText", () => {
  it("decodes the entities Slack puts in typed text and treats an empty /retain as help", () => {
    expect(typedText("A&amp;B &lt;3 &gt; 2")).toBe("A&B <3 > 2");
    expect(typedText("&amp;lt;")).toBe("&lt;");
    expect(typedText("   ")).toBe("help");
  });
});
