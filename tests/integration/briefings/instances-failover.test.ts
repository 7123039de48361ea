import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { type InstanceProcess, startBriefingInstance, until } from "../../fakes/briefing-instance-process.js";
import { RateLimitedTelegramFake, TELEGRAM_RULES } from "../../fakes/telegram-rate-limits.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

const GROUPS = 40;
const KILL_AFTER = 15;
const NOW = "2026-11-24T00:30:00Z"; // 08:30 in Shanghai

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function subscribeGroups(store: TestStore): Promise<string[]> {
  await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', '一组')`);
  const chats = Array.from({ length: GROUPS }, (_, i) => `-${1000 + i}`);
  for (const chat of chats) {
    await store.db.run(
      `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "timeZone", "briefTime")
       VALUES (?, 'telegram', ?, 'T1', 'Asia/Shanghai', '08:30')`,
      [`telegram:${chat}`, chat],
    );
    // Yesterday went out (a fresh store would first record yesterday's skips).
    await store.db.run(
      `INSERT INTO "BriefingLedger" ("groupId", "day", "status", "claimedBy", "claimedAt", "detail")
       VALUES (?, '2026-11-23', 'sent', 'yesterday', ?, '')`,
      [`telegram:${chat}`, new Date("2026-11-23T00:31:00Z")],
    );
  }
  return chats;
}

function startInstance(url: string, apiRoot: string, id: string): InstanceProcess {
  const started = startBriefingInstance(url, apiRoot, id, NOW, { SEND_SPACING_MS: "100", TICK_MS: "200" });
  children.push(started.child);
  return started;
}

describe.each(eachStore)("two instances on one $name store", (kind) => {
  it("the leader is killed (SIGKILL) midway: the standby takes over, every group briefed once", async () => {
    const store = await kind.open();
    cleanups.push(() => store.close());
    const fake = new RateLimitedTelegramFake(TELEGRAM_RULES);
    const root = await fake.listen();
    cleanups.push(() => fake.close());

    const a = startInstance(store.url, root, "a");
    await a.said("leading");
    const b = startInstance(store.url, root, "b");
    await b.said("standby");
    // Both are up before there is anything to send: the leader's next tick finds the groups.
    const chats = await subscribeGroups(store);
    await until(async () => fake.accepted.length >= KILL_AFTER, 30_000);
    a.child.kill("SIGKILL");
    const byA = fake.accepted.length;

    await b.said("leading");
    await until(async () => fake.accepted.length >= GROUPS, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // a double would arrive now
    const exited = new Promise((r) => b.child.once("exit", r));
    b.child.kill("SIGTERM"); // a graceful stop writes its last 'sent' marks
    await exited;

    const counts = fake.countsByChat();
    expect(chats.filter((chat) => (counts.get(chat) ?? 0) === 0)).toEqual([]); // none lost
    expect(chats.filter((chat) => (counts.get(chat) ?? 0) > 1)).toEqual([]); // none twice
    expect(byA).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(byA).toBeLessThan(GROUPS);
    const sentByB = await store.db.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "BriefingLedger" WHERE "day" = '2026-11-24' AND "claimedBy" = 'b' AND "status" = 'sent'`,
    );
    expect(Number(sentByB?.n)).toBe(GROUPS - byA);
  }, 90_000);
});
