import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBriefingTime } from "../../../src/briefings/subscription.js";
import { manualClock } from "../../../src/clock.js";
import { bindGroup } from "../../../src/services/identity/group-binding.js";
import { BriefingLedger } from "../../../src/store/briefing-ledger.js";
import { chatGroup, setGroupTimeZone, subscribedGroupRows } from "../../../src/store/chat-groups.js";
import { chatGroupTeamId } from "../../../src/store/managers.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

const T0 = new Date("2026-06-30T08:00:00.000Z"); // 16:00 in Shanghai

describe.each(eachStore)("group chats on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    await seedPeople(store.db, {
      teams: [
        ["T1", "East"],
        ["T2", "West"],
      ],
      managers: [],
      customers: [],
    });
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const bind = (teamId: string, extra: { replace?: boolean; webhookSecret?: string } = {}) =>
    bindGroup(store.db, { platform: "telegram", chatId: "-100", teamId, now: T0, ...extra });

  it("binds a group once, never moves it to another team unasked, and moves it when replacing", async () => {
    expect(await bind("T1")).toEqual({
      ok: true,
      value: { status: "bound", teamName: "East", previousTeamId: null },
    });
    expect(await chatGroupTeamId(store.db, "telegram:-100")).toBe("T1");
    expect(await bind("T1")).toEqual({ ok: true, value: { status: "already_bound", teamName: "East" } });
    expect(await bind("T2")).toEqual({
      ok: false,
      error: { code: "bound_elsewhere", teamId: "T1", teamName: "East" },
    });
    expect(await bind("T9")).toEqual({ ok: false, error: { code: "unknown_team", teamId: "T9" } });
    expect(await chatGroupTeamId(store.db, "telegram:-100")).toBe("T1");

    expect(await bind("T2", { replace: true, webhookSecret: "SEC1" })).toEqual({
      ok: true,
      value: { status: "bound", teamName: "West", previousTeamId: "T1" },
    });
    // A rebinding without a secret keeps the one stored.
    await bind("T1", { replace: true });
    expect(await chatGroup(store.db, "telegram:-100")).toEqual({
      id: "telegram:-100",
      platform: "telegram",
      chatId: "-100",
      title: "",
      teamId: "T1",
      teamName: "East",
      timeZone: "Asia/Shanghai",
      briefTime: null,
      webhookSecret: "SEC1",
    });
    expect(await chatGroup(store.db, "telegram:-999")).toBeUndefined();
  });

  it("binds a group to one team when two leads bind it at once", async () => {
    const both = await Promise.all([bind("T1"), bind("T2")]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const bound = await chatGroupTeamId(store.db, "telegram:-100");
    const refused = both.find((r) => !r.ok);
    expect(refused?.ok === false && refused.error).toMatchObject({ code: "bound_elsewhere", teamId: bound });
  });

  it("sets the briefing time, skipping the slots already passed, and the time zone", async () => {
    await bind("T1");
    const clock = manualClock(T0);
    // 09:00 Shanghai has passed today: today's slot is skipped; 18:00 has not.
    expect(await setBriefingTime(store.db, clock, "telegram:-100", "09:00", "test")).toEqual({
      skippedToday: true,
    });
    const ledger = new BriefingLedger(store.db, "test");
    expect((await ledger.row("telegram:-100", "2026-06-30"))?.status).toBe("skipped");
    expect(await setBriefingTime(store.db, clock, "telegram:-100", "18:00", "test")).toEqual({
      skippedToday: false,
    });
    expect(await subscribedGroupRows(store.db)).toMatchObject([
      { id: "telegram:-100", teamId: "T1", briefTime: "18:00", timeZone: "Asia/Shanghai" },
    ]);
    expect(await setGroupTimeZone(store.db, "telegram:-100", "Europe/Berlin")).toBe(true);
    expect(await setGroupTimeZone(store.db, "telegram:-999", "Europe/Berlin")).toBe(false);
    expect(await setBriefingTime(store.db, clock, "telegram:-100", null, "test")).toEqual({
      skippedToday: false,
    });
    expect(await subscribedGroupRows(store.db)).toEqual([]);
    expect((await chatGroup(store.db, "telegram:-100"))?.timeZone).toBe("Europe/Berlin");
    await expect(setBriefingTime(store.db, clock, "telegram:-999", "08:00", "test")).rejects.toThrow(
      "No chat group telegram:-999",
    );
  });
});
