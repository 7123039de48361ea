/**
 * An English reply is English down to its punctuation: names with a phone or an id beside them,
 * a signal's level and evidence, a logged outcome's details — no Chinese brackets or colons
 * around them (the customers' names and the quoted training material stay as they are written).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { askOnTelegram, NOTE, PEOPLE, twoTeamApp } from "../security/fixture.js";

let app: App;
beforeAll(async () => {
  app = await twoTeamApp();
});
afterAll(async () => {
  await app.store.close();
});

const ask = async (text: string) => (await askOnTelegram(app, "manager", text, "dm", "en")).reply;

const CHINESE_PUNCTUATION = /[（）：，。]/;

it("writes the customer card, the logged outcome and the call script's situation with English punctuation", async () => {
  // Chinese keeps its own: full-width brackets, the dot right after them.
  const zh = await handleMessage(
    app,
    {
      platform: "telegram",
      userId: String(PEOPLE.manager.telegram),
      chatType: "private",
      text: "/customer C01",
    },
    commands,
  );
  expect(replyToPlainText(zh.reply)).toContain("王建国（138****8001）· 金卡 ·");

  const card = replyToPlainText(await ask("/customer C01"));
  expect(card).toContain("王建国 (138****8001) · Gold");
  // The note is quoted as the manager typed it, in Chinese.
  expect(card.replace(NOTE, "")).not.toMatch(CHINESE_PUNCTUATION);

  const done = replyToPlainText(await ask("/done C04 contacted value price"));
  expect(done).toContain("孙立平 (138****8004)");
  expect(done).not.toMatch(CHINESE_PUNCTUATION);

  const track = await ask("/track C01");
  const heading = track.blocks[0];
  expect(heading?.type === "heading" && heading.text).toBe("Call script: 王建国 (C01)");
  const situation = track.blocks.find((b) => b.type === "list" && b.items.some((i) => i.startsWith("VIP")));
  expect(situation?.type === "list" && situation.items.join("\n")).toMatch(/Contract expiring \(Level 1\): /);
  expect(situation?.type === "list" && situation.items.join("\n")).not.toMatch(CHINESE_PUNCTUATION);
}, 60_000);

it("frames headings without Chinese brackets in English plain text, with them in Chinese", async () => {
  const en = replyToPlainText(await ask("/risk 3"));
  expect(en).toMatch(/^== Customers at risk today \(.+\) ==$/m);
  expect(en).not.toMatch(/[【】]/);
  const zh = await handleMessage(
    app,
    { platform: "telegram", userId: String(PEOPLE.manager.telegram), chatType: "private", text: "/risk 3" },
    commands,
  );
  expect(replyToPlainText(zh.reply)).toMatch(/^【今天有流失风险的客户（.+）】$/m);
});
