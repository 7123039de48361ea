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
});
