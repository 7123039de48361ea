/**
 * Issue 9, items 1, 2 and 4 through the real chat entry points: a note logged with /done never
 * reaches a group (Telegram and Slack in_channel replies), another team's lead is refused in a
 * group, and every access is audited with its platform and chat.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChatAdapter } from "../../src/adapters/chat-adapter.js";
import type { App } from "../../src/app.js";
import { manualClock } from "../../src/clock.js";
import { shownText } from "../fakes/slack-api.js";
import { formBody, postSigned, slashCommandPayload } from "../fakes/slack-requests.js";
import { FakeTelegramApi } from "../fakes/telegram-api.js";
import { commandHandler, telegramAdapter, textUpdate } from "../integration/telegram/telegram-harness.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "../setup/slack-harness.js";
import { AS_OF, CUSTOMERS, GROUPS, NOTE_SECRETS, PEOPLE, seedTwoTeams, twoTeamApp } from "./fixture.js";

const DONE_WITH_NOTE = `/done C01 contacted 客户说改打13912345678 身份证11010519491231002X`;

describe("Telegram groups", () => {
  let app: App;
  let fake: FakeTelegramApi;
  let adapter: ChatAdapter;
  afterEach(async () => {
    await adapter.stop();
    await fake.close();
    await app.store.close();
  });
  const clock = manualClock(new Date(`${AS_OF}T09:00:00+08:00`));
  const start = async () => {
    clock.set(new Date(`${AS_OF}T09:00:00+08:00`));
    app = await twoTeamApp({}, clock);
    fake = await FakeTelegramApi.start();
    adapter = telegramAdapter(fake, commandHandler(app), app);
    await adapter.start();
  };
  const textIn = (chatId: number) =>
    fake
      .callsOf("sendMessage")
      .filter((c) => c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text))
      .join("\n");
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it("never shows a note typed with /done in the group's risk list, and masks the rest", async () => {
    await start();
    const { manager, lead } = PEOPLE;
    fake.pushUpdate(textUpdate({ fromId: manager.telegram, text: DONE_WITH_NOTE }));
    // The app's first reply also computes the day's list: generous on a busy machine (what is
    // tested here is what reaches the group, not speed).
    await fake.waitFor("sendMessage", (p) => p.chat_id === manager.telegram, 1, 30_000);
    // The next morning C01 is back on the list, with the note as its last outcome.
    clock.advance(24 * 3_600_000);
    fake.pushUpdate(textUpdate({ fromId: lead.telegram, chatId: GROUPS.T01.telegram, text: "/risk 10" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === GROUPS.T01.telegram, 2);
    await settle();
    const group = textIn(GROUPS.T01.telegram);
    expect(group).toContain("王**");
    for (const secret of ["13912345678", "11010519491231002X", ...NOTE_SECRETS, "改打"])
      expect(group).not.toContain(secret);
    for (const c of Object.values(CUSTOMERS)) expect(group).not.toContain(c.name);

    // The manager's own private list still has the note.
    fake.pushUpdate(textUpdate({ fromId: manager.telegram, text: "/customer C01" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === manager.telegram, 2);
    expect(textIn(manager.telegram)).toContain("13912345678");
  });

  it("refuses another team's lead in a group with a reason and posts none of their team", async () => {
    await start();
    fake.pushUpdate(
      textUpdate({ fromId: PEOPLE.otherLead.telegram, chatId: GROUPS.T01.telegram, text: "/risk" }),
    );
    fake.pushUpdate(
      textUpdate({ fromId: PEOPLE.otherLead.telegram, chatId: GROUPS.T01.telegram, text: "/team" }),
    );
    await fake.waitFor("sendMessage", (p) => p.chat_id === GROUPS.T01.telegram, 2);
    await settle();
    const group = textIn(GROUPS.T01.telegram);
    expect(group).toContain("本群属于团队“城东一组”，只回答该团队成员的提问");
    expect(group).not.toMatch(/C0\d|赵|138/);
    expect(await app.store.prisma.auditLog.count()).toBe(0);
  });

  it("audits every access with its platform and chat", async () => {
    await start();
    fake.pushUpdate(textUpdate({ fromId: PEOPLE.lead.telegram, chatId: GROUPS.T01.telegram, text: "/risk" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === GROUPS.T01.telegram, 2);
    fake.pushUpdate(textUpdate({ fromId: PEOPLE.lead.telegram, text: "/customer C02" }));
    await fake.waitFor("sendMessage", (p) => p.chat_id === PEOPLE.lead.telegram);
    await settle();
    const rows = await app.store.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.actorId, r.customerId, r.action, r.channel, r.chatId, r.chatType])).toEqual([
      ["M001", "C01", "list", "telegram", String(GROUPS.T01.telegram), "group"],
      ["M001", "C02", "list", "telegram", String(GROUPS.T01.telegram), "group"],
      ["M001", "C02", "profile", "telegram", String(PEOPLE.lead.telegram), "private"],
    ]);
  });
});

describe("Slack channels", () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h.close();
  });
  const slash = (userId: string, channelId: string, text: string, id: string) =>
    postSigned(
      h.eventsUrl,
      formBody(slashCommandPayload({ userId, channelId, text, responseUrl: h.fake.responseUrl(id) })),
      "application/x-www-form-urlencoded",
      SIGNING_SECRET,
    );

  it("answers /retain risk in_channel with masked names and without the note", async () => {
    h = await startSlackHarness({ asOf: AS_OF, seed: seedTwoTeams });
    // C01's last outcome (logged on an earlier day) carries the note.
    await slash(PEOPLE.lead.slack, GROUPS.T01.slack, "/risk", "risk");
    const [response] = h.fake.callsTo("response_url").filter((c) => c.token?.endsWith("/risk"));
    expect(response?.params.response_type).toBe("in_channel");
    const shown = shownText(response?.params.blocks);
    expect(shown).toContain("王**");
    for (const secret of ["13912345678", "11010519491231002X", ...NOTE_SECRETS])
      expect(shown).not.toContain(secret);
  });

  it("refuses another team's lead in a channel, only to them", async () => {
    h = await startSlackHarness({ asOf: AS_OF, seed: seedTwoTeams });
    await slash(PEOPLE.otherLead.slack, GROUPS.T01.slack, "/risk", "other");
    const [response] = h.fake.callsTo("response_url");
    expect(response?.params.response_type).toBe("ephemeral");
    expect(shownText(response?.params.blocks)).toContain("只回答该团队成员");
    expect(shownText(response?.params.blocks)).not.toMatch(/C0\d/);
  });
});
