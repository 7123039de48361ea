import { afterEach, describe, expect, it } from "vitest";
import type { BriefingTicket } from "../../../src/briefings/briefing-ticket.js";
import { BriefingScheduler, CLAIM_LOST, type DeliverBriefing } from "../../../src/briefings/scheduler.js";
import type { SubscribedGroup } from "../../../src/briefings/slots.js";
import { manualClock } from "../../../src/clock.js";
import { createLogger } from "../../../src/logger.js";
import { openStore, type Store } from "../../../src/store/database.js";
import { createTestDb } from "../../setup/test-app.js";

const logger = createLogger("silent");
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function storeWithGroups(groups: { id: string; timeZone: string; briefTime: string }[]) {
  const db = createTestDb();
  const store = openStore(db.url);
  stores.push(store);
  await store.prisma.team.create({ data: { id: "T1", name: "一组" } });
  for (const g of groups) {
    const [platform, chatId] = g.id.split(":");
    await store.prisma.chatGroup.create({
      data: {
        id: g.id,
        platform: platform ?? "",
        chatId: chatId ?? "",
        teamId: "T1",
        timeZone: g.timeZone,
        briefTime: g.briefTime,
      },
    });
  }
  return { store, url: db.url };
}

/** A deliver function that claims, as the real one does before its first post, and records each (group, day) it posted. */
function recordingDeliver(): DeliverBriefing & { posts: string[] } {
  const posts: string[] = [];
  const deliver = (async (group: SubscribedGroup, day: string, ticket: BriefingTicket) => {
    if (!(await ticket.beforePost("text")))
      return { ok: false as const, error: { code: CLAIM_LOST, message: "lost" } };
    posts.push(`${group.id}|${day}`);
    return { ok: true as const, value: { detail: "" } };
  }) as DeliverBriefing & { posts: string[] };
  deliver.posts = posts;
  return deliver;
}

const ledgerRows = (store: Store) =>
  store.prisma.briefingLedger.findMany({ orderBy: [{ groupId: "asc" }, { day: "asc" }] });

describe("briefing scheduler", () => {
  it("fires each group at its own local time in two time zones, once", async () => {
    const { store } = await storeWithGroups([
      { id: "telegram:-100", timeZone: "Asia/Shanghai", briefTime: "08:30" },
      { id: "slack:C1", timeZone: "Europe/Berlin", briefTime: "08:30" },
    ]);
    // 08:29 in Shanghai on 24 Nov = 00:29Z; Berlin is UTC+1 in November.
    const clock = manualClock(new Date("2026-11-24T00:29:00Z"));
    const deliver = recordingDeliver();
    const scheduler = new BriefingScheduler({
      store,
      clock,
      logger,
      deliver,
      instanceId: "a",
      graceMs: 3_600_000,
    });
    await store.prisma.briefingLedger.createMany({
      data: ["telegram:-100", "slack:C1"].map((groupId) => ({
        groupId,
        day: "2026-11-23",
        status: "sent",
        claimedBy: "old",
      })),
    });

    await scheduler.tick();
    expect(deliver.posts).toEqual([]);
    clock.set(new Date("2026-11-24T00:30:00Z"));
    await scheduler.tick();
    expect(deliver.posts).toEqual(["telegram:-100|2026-11-24"]);
    clock.set(new Date("2026-11-24T07:29:30Z"));
    await scheduler.tick();
    expect(deliver.posts).toHaveLength(1);
    clock.set(new Date("2026-11-24T07:30:00Z"));
    await scheduler.tick();
    clock.advance(60_000);
    await scheduler.tick();
    expect(deliver.posts).toEqual(["telegram:-100|2026-11-24", "slack:C1|2026-11-24"]);
    const rows = await ledgerRows(store);
    expect(rows.filter((r) => r.day === "2026-11-24").map((r) => [r.groupId, r.status])).toEqual([
      ["slack:C1", "sent"],
      ["telegram:-100", "sent"],
    ]);
  });

  it("never double-posts when two instances on one store tick at the same moment", async () => {
    const groups = Array.from({ length: 20 }, (_, i) => ({
      id: `telegram:-${i}`,
      timeZone: "Asia/Shanghai",
      briefTime: "08:30",
    }));
    const { store, url } = await storeWithGroups(groups);
    const other = openStore(url);
    stores.push(other);
    const clock = manualClock(new Date("2026-11-24T00:31:00Z"));
    const posts: string[] = [];
    const deliver: DeliverBriefing = async (group, day, ticket) => {
      if (!(await ticket.beforePost("text")))
        return { ok: false, error: { code: CLAIM_LOST, message: "lost" } };
      posts.push(`${group.id}|${day}`);
      await new Promise((r) => setTimeout(r, 2));
      return { ok: true, value: { detail: "" } };
    };
    const a = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "a" });
    const b = new BriefingScheduler({ store: other, clock, logger, deliver, instanceId: "b" });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);

    const today = posts.filter((p) => p.endsWith("2026-11-24"));
    expect(today).toHaveLength(20);
    expect(new Set(today).size).toBe(20);
    expect(ra.sent.length + rb.sent.length).toBe(20);
    // Both instances really competed (the split differs run to run; the total never does).
    expect(ra.lostClaims.length + rb.lostClaims.length).toBeGreaterThanOrEqual(20);
  });

  it("after a crash between claim and post: never re-sent, the stale claim is marked failed", async () => {
    const { store, url } = await storeWithGroups([
      { id: "telegram:-7", timeZone: "Asia/Shanghai", briefTime: "08:30" },
    ]);
    const clock = manualClock(new Date("2026-11-24T00:30:00Z"));
    // Instance A claims (its first post is going out), then "dies": its deliver never returns and it is never stopped.
    const crashed = new BriefingScheduler({
      store,
      clock,
      logger,
      deliver: (_group, _day, ticket) => ticket.beforePost("text").then(() => new Promise(() => {})),
      instanceId: "crashed",
    });
    void crashed.tick();
    await waitFor(async () => (await ledgerRows(store)).some((r) => r.status === "posting"));

    // The restarted process opens its own handle on the same file.
    const restarted = openStore(url);
    stores.push(restarted);
    const deliver = recordingDeliver();
    const b = new BriefingScheduler({
      store: restarted,
      clock,
      logger,
      deliver,
      instanceId: "b",
      staleClaimMs: 30 * 60_000,
    });
    clock.advance(5 * 60_000);
    const first = await b.start();
    expect(first.lostClaims).toEqual([]);
    expect(deliver.posts).toEqual([]);
    const today = async () => (await ledgerRows(restarted)).find((r) => r.day === "2026-11-24");
    expect((await today())?.status).toBe("posting");

    clock.advance(26 * 60_000);
    const later = await b.tick();
    await b.stop();
    expect(later.staleFailed).toEqual(["telegram:-7|2026-11-24"]);
    expect(deliver.posts).toEqual([]);
    const row = await today();
    expect(row?.status).toBe("failed");
    expect(row?.detail).toContain("not re-sent");
  });

  it("overlapping ticks start each briefing once, a dead instance's waiting one included", async () => {
    const { store } = await storeWithGroups(
      [1, 2, 3].map((i) => ({ id: `telegram:-${i}`, timeZone: "Asia/Shanghai", briefTime: "08:30" })),
    );
    // Another instance's 429 handed telegram:-1 back before it died: nothing of it is in flight.
    await store.prisma.briefingLedger.create({
      data: { groupId: "telegram:-1", day: "2026-11-24", status: "waiting", claimedBy: "dead" },
    });
    const clock = manualClock(new Date("2026-11-24T00:31:00Z"));
    const calls: string[] = [];
    const deliver: DeliverBriefing = async (group, day, ticket) => {
      calls.push(`${group.id}|${day}`);
      await new Promise((r) => setTimeout(r, 20));
      if (!(await ticket.beforePost("text")))
        return { ok: false, error: { code: CLAIM_LOST, message: "lost" } };
      return { ok: true, value: { detail: "" } };
    };
    const scheduler = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "a" });
    const [first, second] = await Promise.all([scheduler.tick(), scheduler.tick()]);
    expect(calls.filter((c) => c.endsWith("2026-11-24")).sort()).toEqual([
      "telegram:-1|2026-11-24",
      "telegram:-2|2026-11-24",
      "telegram:-3|2026-11-24",
    ]);
    expect([...first.resumed, ...second.resumed]).toEqual(["telegram:-1|2026-11-24"]);
    const today = (await ledgerRows(store)).filter((r) => r.day === "2026-11-24");
    expect(today.map((r) => `${r.groupId}:${r.claimedBy}:${r.status}`)).toEqual([
      "telegram:-1:a:sent",
      "telegram:-2:a:sent",
      "telegram:-3:a:sent",
    ]);
  });

  it("catches up at start-up inside the grace window and skips (logged in the ledger) outside it", async () => {
    const { store } = await storeWithGroups([
      { id: "telegram:-1", timeZone: "Asia/Shanghai", briefTime: "08:30" },
      { id: "telegram:-2", timeZone: "Asia/Shanghai", briefTime: "06:00" },
    ]);
    await store.prisma.briefingLedger.createMany({
      data: ["telegram:-1", "telegram:-2"].map((groupId) => ({
        groupId,
        day: "2026-11-23",
        status: "sent",
        claimedBy: "old",
      })),
    });
    // Started at 09:10 Shanghai: 08:30 is 40 min late (inside 3 h); 06:00 is 3 h 10 min late (outside).
    const clock = manualClock(new Date("2026-11-24T01:10:00Z"));
    const deliver = recordingDeliver();
    const scheduler = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "a" });
    const report = await scheduler.start();
    await scheduler.stop();
    expect(deliver.posts).toEqual(["telegram:-1|2026-11-24"]);
    expect(report.skipped).toEqual(["telegram:-2|2026-11-24"]);
    const skipped = (await ledgerRows(store)).find(
      (r) => r.groupId === "telegram:-2" && r.day === "2026-11-24",
    );
    expect(skipped?.status).toBe("skipped");
    expect(skipped?.detail).toContain("190 min");
    // A later tick does not revisit either.
    clock.advance(60_000);
    await scheduler.tick();
    expect(deliver.posts).toHaveLength(1);
  });

  it("marks a briefing that could not be posted as failed and does not retry it", async () => {
    const { store } = await storeWithGroups([{ id: "slack:C9", timeZone: "UTC", briefTime: "07:00" }]);
    const clock = manualClock(new Date("2026-11-24T07:00:00Z"));
    let calls = 0;
    const deliver: DeliverBriefing = async () => {
      calls++;
      return { ok: false, error: { code: "failed", message: "channel_not_found" } };
    };
    const scheduler = new BriefingScheduler({ store, clock, logger, deliver, instanceId: "a" });
    await scheduler.tick();
    clock.advance(60_000);
    await scheduler.tick();
    expect(calls).toBe(1);
    const row = (await ledgerRows(store)).find((r) => r.day === "2026-11-24");
    expect(row?.status).toBe("failed");
    expect(row?.detail).toContain("channel_not_found");
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}
