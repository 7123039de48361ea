import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { type InstanceProcess, startBriefingInstance, until } from "../../fakes/briefing-instance-process.js";
import { RateLimitedTelegramFake, TELEGRAM_RULES } from "../../fakes/telegram-rate-limits.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

/**
 * What a killed leader leaves behind, briefing by briefing (decision 007): a text refused with a
 * 429 (nothing in flight), a chart refused after its text was posted, and a text whose request
 * reached the platform but never got an answer (in flight at the kill). The standby must post the
 * first two — the whole briefing, and only the chart — and must never post the third again.
 */
const NOW = "2026-11-24T00:30:00Z"; // 08:30 in Shanghai
const DAY = "2026-11-24";
const chat = (i: number) => `-${2000 + i}`;
const TEXT_REFUSED = [0, 1, 2].map(chat);
const CHART_REFUSED = [3, 4, 5].map(chat);
const IN_FLIGHT = chat(6);
const NORMAL = [7, 8, 9].map(chat);
const ALL = [...TEXT_REFUSED, ...CHART_REFUSED, IN_FLIGHT, ...NORMAL];

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function subscribe(store: TestStore): Promise<void> {
  await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', '一组')`);
  for (const c of ALL) {
    await store.db.run(
      `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "timeZone", "briefTime")
       VALUES (?, 'telegram', ?, 'T1', 'Asia/Shanghai', '08:30')`,
      [`telegram:${c}`, c],
    );
    await store.db.run(
      `INSERT INTO "BriefingLedger" ("groupId", "day", "status", "claimedBy", "claimedAt", "detail")
       VALUES (?, '2026-11-23', 'sent', 'yesterday', ?, '')`,
      [`telegram:${c}`, new Date("2026-11-23T00:31:00Z")],
    );
  }
}

/** Today's ledger rows as `chat → claimedBy:status`. */
async function ledger(store: TestStore): Promise<Map<string, string>> {
  const rows = await store.db.all<{ groupId: string; status: string; claimedBy: string }>(
    `SELECT "groupId", "status", "claimedBy" FROM "BriefingLedger" WHERE "day" = ?`,
    [DAY],
  );
  return new Map(rows.map((r) => [r.groupId.slice("telegram:".length), `${r.claimedBy}:${r.status}`]));
}

function start(url: string, root: string, id: string): InstanceProcess {
  const started = startBriefingInstance(url, root, id, NOW, { BRIEFING_CHART: "1", TICK_MS: "200" });
  children.push(started.child);
  return started;
}

describe.each(eachStore)("a killed leader's briefings on $name", (kind) => {
  it("the standby posts what had not left (whole, or the chart only) and never what was in flight", async () => {
    const store = await kind.open();
    cleanups.push(() => store.close());
    const fake = new RateLimitedTelegramFake(TELEGRAM_RULES);
    // While the leader lives: texts of three groups and charts of three more are refused for a
    // minute; one text reaches the platform and is never answered.
    fake.script = (chatId, method) => {
      if (chatId === IN_FLIGHT && method === "sendMessage") return "hang";
      if (TEXT_REFUSED.includes(chatId) && method === "sendMessage") return 60;
      if (CHART_REFUSED.includes(chatId) && method === "sendPhoto") return 60;
      return undefined;
    };
    const root = await fake.listen();
    cleanups.push(() => fake.close());

    const a = start(store.url, root, "a");
    await a.said("leading");
    const b = start(store.url, root, "b");
    await b.said("standby");
    await subscribe(store);

    const sentBy = (method: string, c: string) =>
      fake.accepted.filter((call) => call.chatId === c && call.method === method).length;
    // The leader's state just before the kill: every group as described above.
    await until(async () => {
      const rows = await ledger(store);
      return (
        TEXT_REFUSED.every((c) => rows.get(c) === "a:waiting") &&
        CHART_REFUSED.every((c) => rows.get(c) === "a:text-sent") &&
        rows.get(IN_FLIGHT) === "a:posting" &&
        NORMAL.every((c) => sentBy("sendPhoto", c) === 1)
      );
    }, 60_000);
    a.child.kill("SIGKILL");
    fake.script = () => undefined;

    await b.said("leading");
    await until(async () => {
      const rows = await ledger(store);
      return [...TEXT_REFUSED, ...CHART_REFUSED].every((c) => rows.get(c) === "b:sent");
    }, 60_000);
    await new Promise((r) => setTimeout(r, 1_000)); // a double would arrive now

    const texts = Object.fromEntries(ALL.map((c) => [c, sentBy("sendMessage", c)]));
    const charts = Object.fromEntries(ALL.map((c) => [c, sentBy("sendPhoto", c)]));
    // Every text once, the one in flight at the kill included (it reached the platform).
    expect(texts).toEqual(Object.fromEntries(ALL.map((c) => [c, 1])));
    // Every chart once, except the in-flight briefing's: its text's outcome was unknown to the
    // leader, so nothing of it is sent again.
    expect(charts).toEqual(Object.fromEntries(ALL.map((c) => [c, c === IN_FLIGHT ? 0 : 1])));
    const rows = await ledger(store);
    expect(rows.get(IN_FLIGHT)).toBe("a:posting");
    for (const c of [...TEXT_REFUSED, ...CHART_REFUSED]) expect(rows.get(c)).toBe("b:sent");
  }, 120_000);
});
