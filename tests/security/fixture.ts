/**
 * Two teams with personal data worth leaking: customers with contracts ending (so they are on the
 * risk list), birthdays (care), and outcome notes holding a third party's phone, an ID number, a
 * bank card and an e-mail address. Groups bound to each team on Telegram and Slack.
 */
import type { App } from "../../src/app.js";
import type { IncomingMessage } from "../../src/chat/message.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import type { Clock } from "../../src/clock.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands, loadEveryCommand } from "../../src/commands/registry.js";
import type { Locale } from "../../src/i18n/index.js";
import { createTestApp } from "../setup/test-app.js";

// Every command's module now, not while a test waits for a reply (they load on first use).
await loadEveryCommand();

export const AS_OF = "2026-11-23";

/** What a note typed by a manager holds; none of it may reach a group. */
export const NOTE_SECRETS = ["13912345678", "11010519491231002X", "6222021234567890", "wang.jg@example.com"];
export const NOTE = `客户说改打${NOTE_SECRETS[0]}，身份证${NOTE_SECRETS[1]}，卡号${NOTE_SECRETS[2]}，邮箱${NOTE_SECRETS[3]}`;

export const PEOPLE = {
  /** T01's lead, T01's managers, T02's lead and manager, and someone the bot does not know. */
  lead: { managerId: "M001", telegram: 7001, slack: "U_L1" },
  manager: { managerId: "M002", telegram: 7002, slack: "U_M2" },
  colleague: { managerId: "M003", telegram: 7003, slack: "U_M3" },
  otherLead: { managerId: "M006", telegram: 7006, slack: "U_L2" },
  otherManager: { managerId: "M007", telegram: 7007, slack: "U_M7" },
  stranger: { managerId: null, telegram: 7999, slack: "U_NOBODY" },
} as const;

export const GROUPS = { T01: { telegram: -100, slack: "C_T01" }, T02: { telegram: -200, slack: "C_T02" } };

/** Customers: C01 and C04 are M002's, C02 M003's (both team T01), C03 M007's (team T02). */
export const CUSTOMERS = {
  C01: { name: "王建国", phone: "13800138001", managerId: "M002" },
  C02: { name: "李秀英", phone: "13800138002", managerId: "M003" },
  C03: { name: "赵敏华", phone: "13800138003", managerId: "M007" },
  C04: { name: "孙立平", phone: "13800138004", managerId: "M002" },
} as const;

export async function seedTwoTeams(app: App): Promise<void> {
  const p = app.store.prisma;
  await p.team.createMany({
    data: [
      { id: "T01", name: "城东一组" },
      { id: "T02", name: "城西二组" },
    ],
  });
  const person = (key: keyof typeof PEOPLE, name: string, teamId: string, role: string) => {
    const who = PEOPLE[key];
    return {
      id: who.managerId!,
      name,
      teamId,
      role,
      telegramUserId: String(who.telegram),
      slackUserId: who.slack,
    };
  };
  await p.manager.createMany({
    data: [
      person("lead", "周组长", "T01", "lead"),
      person("manager", "吴经理", "T01", "manager"),
      person("colleague", "郑经理", "T01", "manager"),
      person("otherLead", "冯组长", "T02", "lead"),
      person("otherManager", "陈经理", "T02", "manager"),
    ],
  });
  const base = { joinDate: "2019-03-01", vipLevel: "gold", arpu: 168, segment: "personal" };
  await p.customer.createMany({
    data: Object.entries(CUSTOMERS).map(([id, c]) => ({
      id,
      ...c,
      ...base,
      // C04 has nothing going on; the others' contracts end soon and their birthdays are near.
      ...(id === "C04" ? {} : { contractEnd: "2026-12-03", birthday: "1980-11-24" }),
    })),
  });
  await p.outcome.createMany({
    data: ["C01", "C03"].map((customerId) => ({
      customerId,
      managerId: CUSTOMERS[customerId as "C01" | "C03"].managerId,
      kind: "contacted",
      day: "2026-11-20",
      note: NOTE,
    })),
  });
  for (const [teamId, ids] of Object.entries(GROUPS)) {
    await p.chatGroup.create({
      data: { id: `telegram:${ids.telegram}`, platform: "telegram", chatId: String(ids.telegram), teamId },
    });
    await p.chatGroup.create({
      data: { id: `slack:${ids.slack}`, platform: "slack", chatId: ids.slack, teamId },
    });
  }
}

export async function twoTeamApp(env: Record<string, string> = {}, clock?: Clock): Promise<App> {
  const app = createTestApp({ asOf: AS_OF, env, ...(clock ? { clock } : {}) });
  await seedTwoTeams(app);
  return app;
}

/**
 * One Telegram message through the command layer every adapter uses; the finished reply. `locale`
 * is the language the adapter detected (Telegram's language_code), as an English user's would be.
 */
export async function askOnTelegram(
  app: App,
  who: keyof typeof PEOPLE,
  text: string,
  chat: "dm" | "T01" | "T02",
  locale?: Locale,
) {
  const user = PEOPLE[who].telegram;
  const message: IncomingMessage = {
    platform: "telegram",
    userId: String(user),
    chatId: String(chat === "dm" ? user : GROUPS[chat].telegram),
    chatType: chat === "dm" ? "private" : "group",
    text,
    ...(locale ? { locale } : {}),
  };
  const handled = await handleMessage(app, message, commands);
  return {
    ...handled,
    shown: `${replyToPlainText(handled.reply)}\n${JSON.stringify(handled.reply.data ?? null)}`,
  };
}
