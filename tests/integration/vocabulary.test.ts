/**
 * Issue 13, item 1: one name for each thing, everywhere. On the demo store, every command a lead
 * and a manager type and the morning briefing (text and chart) are rendered in both languages;
 * each signal and care code that occurs must be called by its one catalogue name in all of them,
 * and the names retired when the catalogues were merged must appear nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { chartOption } from "../../src/briefings/chart.js";
import { composeGroupBriefing, composePersonalBriefing } from "../../src/briefings/content.js";
import { briefingFactsOf } from "../../src/briefings/store-facts.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import type { CareCode } from "../../src/domain/care/types.js";
import type { SignalCode } from "../../src/domain/signals/types.js";
import { LOCALES, type Locale } from "../../src/i18n/index.js";
import { rulesMessages } from "../../src/i18n/rules.js";
import { createTestApp } from "../setup/test-app.js";

const AS_OF = "2026-11-23";
/** Names that other places used for the same things before there was one catalogue. */
const RETIRED = [
  "拨打友商客服",
  "连续零通话",
  "宽带故障",
  "欠费提醒",
  "团队主管",
  "呼转友商",
  "集团成员异动",
];

let app: App;
let lead: { id: string; teamId: string };
let manager: { id: string };

beforeAll(async () => {
  app = createTestApp({ asOf: AS_OF });
  await loadDemo(app.store, { seed: 42, asOf: AS_OF, customers: 600 });
  const managers = await app.store.prisma.manager.findMany({
    where: { teamId: "T01" },
    orderBy: { id: "asc" },
  });
  const found = managers.find((m) => m.role === "lead");
  if (!found) throw new Error("the demo has no lead in T01");
  lead = found;
  manager = managers.find((m) => m.role === "manager") ?? found;
}, 180_000);
afterAll(async () => app?.store.close());

async function say(user: string, text: string, locale: Locale): Promise<string> {
  const { reply } = await handleMessage(
    app,
    { platform: "console", userId: user, chatId: user, chatType: "private", text, locale },
    commands,
  );
  return replyToPlainText(reply);
}

/** Everything a lead and a manager can read, by where it came from. */
async function rendered(locale: Locale): Promise<Record<string, string>> {
  const facts = await briefingFactsOf(app).gather(lead.teamId, AS_OF);
  const chart = chartOption(facts, locale).option as { yAxis: { data?: string[] }[] };
  return {
    "/risk (lead)": await say(lead.id, "/risk 200 all", locale),
    "/risk (manager)": await say(manager.id, "/risk 200", locale),
    "/team": await say(lead.id, "/team", locale),
    "/care": await say(lead.id, "/care 200", locale),
    "/brief me": await say(manager.id, "/brief me", locale),
    "group briefing": replyToPlainText({ blocks: composeGroupBriefing(facts, locale) }),
    "personal briefing": replyToPlainText({ blocks: composePersonalBriefing(facts, manager.id, locale) }),
    "briefing chart": (chart.yAxis[0]?.data ?? []).join("\n"),
  };
}

/** The codes that occur today for the lead's team, from the store. */
function codesToday(): { signals: SignalCode[] } {
  const rows = app.store.sql
    .prepare(
      `SELECT DISTINCT w.code FROM Warning w JOIN Customer c ON c.id = w.customerId
       JOIN Manager m ON m.id = c.managerId WHERE w.day = ? AND m.teamId = ?`,
    )
    .pluck()
    .all(AS_OF, lead.teamId) as SignalCode[];
  return { signals: rows };
}

describe.each(LOCALES)("one vocabulary (%s)", (locale) => {
  let outputs: Record<string, string>;
  beforeAll(async () => {
    outputs = await rendered(locale);
  }, 120_000);

  it("calls every signal of the day by its catalogue name in the briefing, its chart and /risk", () => {
    const names = rulesMessages(locale).signals;
    const { signals } = codesToday();
    expect(signals.length).toBeGreaterThanOrEqual(8);
    for (const code of signals) {
      const title = names[code].title;
      expect(outputs["group briefing"], `${code} in the group briefing`).toContain(title);
      expect(outputs["briefing chart"], `${code} in the chart`).toContain(title);
      expect(outputs["/risk (lead)"], `${code} in the lead's /risk`).toContain(title);
    }
  });

  it("calls care reminders by their catalogue name in /care and the briefings", () => {
    const names = rulesMessages(locale).care;
    const shown = (Object.keys(names) as CareCode[]).filter((code) =>
      outputs["/care"]?.includes(names[code].title),
    );
    expect(shown.length).toBeGreaterThanOrEqual(3);
    const briefings = `${outputs["group briefing"]}\n${outputs["personal briefing"]}`;
    const inBriefing = (Object.keys(names) as CareCode[]).filter((code) =>
      briefings.includes(names[code].title),
    );
    expect(inBriefing.length).toBeGreaterThan(0);
  });

  it("never uses a retired or a foreign name for a signal, a care reminder or a role", () => {
    const other = rulesMessages(locale === "zh" ? "en" : "zh");
    const foreign = [
      ...Object.values(other.signals).map((s) => s.title),
      ...Object.values(other.care).map((c) => c.title),
      ...Object.values(other.roles),
    ];
    for (const [where, text] of Object.entries(outputs)) {
      for (const name of [...RETIRED, ...foreign]) expect(text, `${name} in ${where}`).not.toContain(name);
    }
  });
});
