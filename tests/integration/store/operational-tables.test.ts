import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveAnswerFeedback, worstRatedPassages } from "../../../src/store/answer-feedback.js";
import { type BindAttemptKey, failedBindsSince, recordFailedBind } from "../../../src/store/bind-attempts.js";
import { storedButtonActions } from "../../../src/store/button-actions.js";
import { claimDelivery, DELIVERY_MEMORY_MS } from "../../../src/store/deliveries.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

const T0 = new Date("2026-06-30T08:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(eachStore)("operational tables on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("claims a delivery once, even when two copies race, and forgets it after the memory window", async () => {
    const racing = await Promise.all([
      claimDelivery(store.db, "telegram:1:update:9", T0),
      claimDelivery(store.db, "telegram:1:update:9", T0),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await claimDelivery(store.db, "telegram:1:update:9", minutes(60))).toBe(false);
    expect(await claimDelivery(store.db, "telegram:1:update:10", minutes(60))).toBe(true);
    const later = new Date(T0.getTime() + DELIVERY_MEMORY_MS + 60_000);
    expect(await claimDelivery(store.db, "telegram:1:update:9", later)).toBe(true);
  });

  it("counts wrong bind codes by chat user and by manager id within the window", async () => {
    const key: BindAttemptKey = { platform: "telegram", platformUserId: "u1", managerId: "m007" };
    await recordFailedBind(store.db, key, minutes(0));
    await recordFailedBind(store.db, key, minutes(5));
    await recordFailedBind(store.db, { ...key, platformUserId: "u2" }, minutes(6));
    await recordFailedBind(store.db, { ...key, managerId: "M008" }, minutes(7));
    expect(await failedBindsSince(store.db, key, minutes(0))).toEqual({ byUser: 3, byManager: 3 });
    expect(await failedBindsSince(store.db, key, minutes(5))).toEqual({ byUser: 2, byManager: 2 });
    expect(await failedBindsSince(store.db, key, minutes(8))).toEqual({ byUser: 0, byManager: 0 });
  });

  it("keeps long button actions for any instance and prunes them after 30 days", async () => {
    let now = T0;
    const first = storedButtonActions(store.db, () => now);
    const second = storedButtonActions(store.db, () => now);
    await first.save("#k1", "/objection 太贵了");
    await first.save("#k1", "/objection 太贵了");
    expect(await second.load("#k1")).toBe("/objection 太贵了");
    expect(await second.load("#nothing")).toBeNull();
    now = new Date(T0.getTime() + 31 * 86_400_000);
    // Pruning runs every 1,000th save.
    for (let i = 0; i < 999; i++) await first.save(`#n${i}`, "/risk");
    expect(await second.load("#k1")).toBeNull();
    expect(await second.load("#n0")).toBe("/risk");
  }, 60_000);

  it("stores one rating per user and answer and lists the worst-rated passages first", async () => {
    const rate = (answerId: string, managerId: string, rating: "up" | "down", passages: string[]) =>
      saveAnswerFeedback(store.db, { answerId, managerId, rating, passages, at: T0 });
    await rate("a1", "M1", "up", ["doc#price", "doc#contract"]);
    await rate("a1", "M1", "down", ["doc#price", "doc#contract"]); // replaces the 👍
    await rate("a1", "M2", "down", ["doc#price", "doc#contract"]);
    await rate("a2", "M1", "up", ["doc#family"]);
    await rate("a3", "M3", "up", ["doc#contract"]);
    expect(await worstRatedPassages(store.db, 10)).toEqual([
      { passageId: "doc#price", up: 0, down: 2 },
      { passageId: "doc#contract", up: 1, down: 2 },
      { passageId: "doc#family", up: 1, down: 0 },
    ]);
    expect(await worstRatedPassages(store.db, 1)).toHaveLength(1);
  });
});
