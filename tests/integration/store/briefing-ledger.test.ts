import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BriefingLedger, ledgerKey } from "../../../src/store/briefing-ledger.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

const T0 = new Date("2026-06-30T00:00:00.000Z");
const GROUPS = 1_000;

describe.each(eachStore)("the briefing ledger on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    await store.db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', 'team')`);
    for (let i = 0; i < GROUPS; i += 250) {
      const ids = Array.from({ length: 250 }, (_, k) => `telegram:${i + k}`);
      await store.db.run(
        `INSERT INTO "ChatGroup" ("id", "platform", "chatId", "teamId", "title", "timeZone") VALUES ${ids.map(() => "(?, 'telegram', ?, 'T1', 'g', 'Asia/Shanghai')").join(", ")}`,
        ids.flatMap((id) => [id, id.slice(9)]),
      );
    }
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("gives each of 1,000 briefings to exactly one of two instances claiming at once", async () => {
    const a = new BriefingLedger(store.db, "A");
    const b = new BriefingLedger(store.db, "B");
    const slots = Array.from({ length: GROUPS }, (_, i) => ({ groupId: `telegram:${i}`, day: "2026-06-30" }));
    const [wonA, wonB] = await Promise.all([a.claimMany(slots, T0), b.claimMany([...slots].reverse(), T0)]);
    expect(wonA.size + wonB.size).toBe(GROUPS);
    for (const key of wonA) expect(wonB.has(key)).toBe(false);
    expect(await a.claim("telegram:0", "2026-06-30", T0)).toBe(false);

    const sentAt = new Date("2026-06-30T00:30:00.000Z");
    await a.markSentMany(
      [...wonA].map((key) => ({ groupId: key.split("|")[0]!, day: "2026-06-30", at: sentAt, detail: "ok" })),
    );
    // B marks nothing of A's: the owner check is in the statement.
    await b.markSentMany(
      [...wonA]
        .slice(0, 5)
        .map((key) => ({ groupId: key.split("|")[0]!, day: "2026-06-30", at: sentAt, detail: "stolen" })),
    );
    const rows = await a.rowsForDays(["2026-06-30"]);
    expect(rows.size).toBe(GROUPS);
    const statuses = [...rows.values()].map((r) => `${r.claimedBy}:${r.status}:${r.detail}`);
    expect(statuses.filter((s) => s === "A:sent:ok")).toHaveLength(wonA.size);
    expect(statuses.filter((s) => s === "B:claimed:")).toHaveLength(wonB.size);
  }, 60_000);

  it("fails stale claims once, never this instance's own in-flight ones, and keeps skips", async () => {
    const a = new BriefingLedger(store.db, "A");
    const b = new BriefingLedger(store.db, "B");
    await a.claim("telegram:1", "2026-06-29", T0);
    await a.claim("telegram:2", "2026-06-29", T0);
    await a.claim("telegram:3", "2026-06-29", new Date(T0.getTime() + 3_600_000));
    expect(await a.skip("telegram:4", "2026-06-29", T0, "set after the slot")).toBe(true);
    const later = new Date(T0.getTime() + 1_800_000);
    const failed = await b.failStaleClaims(later, new Set([ledgerKey("telegram:2", "2026-06-29")]));
    expect(failed.map((r) => r.groupId)).toEqual(["telegram:1"]);
    expect(failed[0]?.detail).toBe(
      "stale claim by A since 2026-06-30T00:00:00.000Z: outcome unknown, not re-sent",
    );
    expect(await b.failStaleClaims(later, new Set())).toHaveLength(1); // telegram:2 now, telegram:1 only once
    expect((await a.row("telegram:4", "2026-06-29"))?.status).toBe("skipped");
    expect((await a.row("telegram:3", "2026-06-29"))?.claimedAt.toISOString()).toBe(
      "2026-06-30T01:00:00.000Z",
    );
    expect(await a.row("telegram:9", "2026-06-29")).toBeNull();
  });

  it("moves a briefing between states only as its owner, and lets one instance take it over", async () => {
    const a = new BriefingLedger(store.db, "A");
    const b = new BriefingLedger(store.db, "B");
    const c = new BriefingLedger(store.db, "C");
    const day = "2026-06-30";
    expect(await a.claim("telegram:1", day, T0)).toBe(true);
    expect((await a.row("telegram:1", day))?.status).toBe("posting");
    // In flight: nobody else may move it, and it is not resumable.
    expect(await b.move("telegram:1", day, ["posting"], "waiting")).toBe(false);
    const inFlight = await a.row("telegram:1", day);
    expect(inFlight && (await b.takeOver(inFlight, T0))).toBe(false);
    // A 429 hands it back: now B and C race to take it over; exactly one wins.
    expect(await a.move("telegram:1", day, ["posting"], "waiting")).toBe(true);
    const waiting = await a.row("telegram:1", day);
    if (!waiting) throw new Error("no row");
    const later = new Date(T0.getTime() + 60_000);
    const won = await Promise.all([b.takeOver(waiting, later), c.takeOver(waiting, later)]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const owner = won[0] ? b : c;
    // The old owner's retry finds it gone and posts nothing.
    expect(await a.move("telegram:1", day, ["waiting"], "posting")).toBe(false);
    expect(await owner.move("telegram:1", day, ["waiting"], "posting")).toBe(true);
    const row = await a.row("telegram:1", day);
    expect(row?.claimedBy).toBe(won[0] ? "B" : "C");
    expect(row?.status).toBe("posting");
    expect(row?.claimedAt.toISOString()).toBe(later.toISOString());
  });

  it("takes over 1,000 waiting briefings from two instances at once: each exactly once", async () => {
    const dead = new BriefingLedger(store.db, "dead");
    const day = "2026-06-30";
    const slots = Array.from({ length: GROUPS }, (_, i) => ({ groupId: `telegram:${i}`, day }));
    for (const s of slots) await dead.claim(s.groupId, day, T0, "waiting");
    const rows = [...(await dead.rowsForDays([day])).values()];
    const take = async (ledger: BriefingLedger, order: typeof rows) => {
      let n = 0;
      for (const row of order) if (await ledger.takeOver(row, T0)) n++;
      return n;
    };
    const [byB, byC] = await Promise.all([
      take(new BriefingLedger(store.db, "B"), rows),
      take(new BriefingLedger(store.db, "C"), [...rows].reverse()),
    ]);
    expect(byB + byC).toBe(GROUPS);
    const owners = [...(await dead.rowsForDays([day])).values()].map((r) => r.claimedBy);
    expect(owners.filter((o) => o === "B")).toHaveLength(byB);
    expect(owners.filter((o) => o === "C")).toHaveLength(byC);
  }, 60_000);

  it("settles a dead owner's requests in doubt: the text failed, the chart's briefing sent", async () => {
    const a = new BriefingLedger(store.db, "A");
    const day = "2026-06-30";
    await a.claim("telegram:1", day, T0); // text in flight
    await a.claim("telegram:2", day, T0);
    await a.move("telegram:2", day, ["posting"], "text-sent");
    await a.move("telegram:2", day, ["text-sent"], "posting-chart"); // chart in flight
    await a.claim("telegram:3", day, T0, "waiting"); // nothing in flight: not for the sweep
    const swept = await new BriefingLedger(store.db, "B").failStaleClaims(
      new Date(T0.getTime() + 1_800_000),
      new Set(),
    );
    expect(swept.map((r) => `${r.groupId}:${r.status}`).sort()).toEqual([
      "telegram:1:failed",
      "telegram:2:sent",
    ]);
    expect((await a.row("telegram:2", day))?.detail).toContain("text posted; chart in flight");
    expect((await a.row("telegram:3", day))?.status).toBe("waiting");
  });
});
