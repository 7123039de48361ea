import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  issueBindCode,
  isWrongCode,
  redeemBindCode,
  revokeBindCode,
} from "../../../src/services/identity/bind-codes.js";
import { BIND_MAX_FAILURES, throttledBind } from "../../../src/services/identity/bind-throttle.js";
import { failedBindsSince } from "../../../src/store/bind-attempts.js";
import { managerBy, managerWithChatIds, teamLeads } from "../../../src/store/managers.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

const T0 = new Date("2026-06-30T08:00:00.000Z");
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);

describe.each(eachStore)("bind codes on $name", (kind) => {
  let store: TestStore;
  let other: { db: SqlHandle; close(): Promise<void> };
  beforeEach(async () => {
    store = await kind.open();
    other = kind.connect(store.url);
    await seedPeople(store.db, {
      teams: [["T1", "team"]],
      managers: [
        ["M001", "Wang", "T1"],
        ["M002", "Li", "T1"],
        ["L001", "Zhao", "T1"],
      ],
      customers: [],
    });
    await store.db.run(`UPDATE "Manager" SET "role" = 'lead', "slackUserId" = 'U-LEAD' WHERE "id" = 'L001'`);
  }, 60_000);
  afterEach(async () => {
    await other.close();
    await store.close();
  });

  /**
   * The handle a second instance races with. PostgreSQL: its own pool. SQLite: the same connection,
   * whose transactions queue: better-sqlite3 blocks its thread while waiting for another
   * connection's write lock, so two connections in one thread would wait on each other (two
   * processes take turns on the lock, BEGIN IMMEDIATE).
   */
  const racer = () => (kind.name === "postgres" ? other.db : store.db);

  const issue = async (db: SqlHandle, managerId: string, at = T0, validHours = 24) => {
    const issued = await issueBindCode(db, managerId, at, validHours);
    if (!issued.ok) throw new Error(issued.error.message);
    return issued.value;
  };
  const redeem = (db: SqlHandle, managerId: string, code: string, user: string, now = hours(1)) =>
    redeemBindCode(db, { managerId, code, platform: "telegram", platformUserId: user, now });

  it("issues a code on one instance that another redeems, once, even when two redeem at once", async () => {
    const { code, expiresAt, managerName } = await issue(store.db, "M001");
    expect(code).toMatch(/^\d{10}$/);
    expect(expiresAt).toEqual(hours(24));
    expect(managerName).toBe("Wang");

    const both = await Promise.all([
      redeem(store.db, "M001", code, "tg-1"),
      redeem(racer(), "m001", `${code.slice(0, 5)}-${code.slice(5)}`, "tg-2"),
    ]);
    const won = both.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(["used"]);
    const winner = won[0]?.ok ? won[0].value : null;
    expect(winner).toMatchObject({ managerId: "M001", name: "Wang", rebound: false });
    const bound = await managerWithChatIds(store.db, "M001");
    expect(["tg-1", "tg-2"]).toContain(bound?.telegramUserId);
    // Used is used, on either instance.
    const again = await redeem(other.db, "M001", code, "tg-3");
    expect(again.ok || again.error.code).toBe("used");
  });

  it("refuses an expired, a revoked, an unknown code and one of another manager", async () => {
    const { code } = await issue(store.db, "M001", T0, 2);
    const expired = await redeem(other.db, "M001", code, "tg-1", hours(2));
    expect(expired.ok || expired.error.code).toBe("expired");
    expect((await redeem(other.db, "M001", "0000000000", "tg-1")).ok).toBe(false);

    const fresh = await issue(store.db, "M001");
    const ofAnother = await redeem(store.db, "M002", fresh.code, "tg-1");
    expect(ofAnother.ok || ofAnother.error.code).toBe("invalid_code");
    await revokeBindCode(other.db, `${fresh.code.slice(0, 5)} ${fresh.code.slice(5)}`, hours(1));
    const revoked = await redeem(store.db, "M001", fresh.code, "tg-1", hours(1));
    expect(revoked.ok || revoked.error.code).toBe("expired");
    // Revoking a used code leaves it as it is.
    const used = await issue(store.db, "M002");
    expect((await redeem(store.db, "M002", used.code, "tg-2")).ok).toBe(true);
    await revokeBindCode(store.db, used.code, hours(2));
    const reused = await redeem(store.db, "M002", used.code, "tg-9", hours(1));
    expect(reused.ok || reused.error.code).toBe("used");
  });

  it("refuses an account bound to another manager and moves a binding only when confirmed", async () => {
    const first = await issue(store.db, "M001");
    expect((await redeem(store.db, "M001", first.code, "tg-1")).ok).toBe(true);
    const taken = await issue(store.db, "M002");
    const refused = await redeem(store.db, "M002", taken.code, "tg-1");
    expect(refused.ok || refused.error).toEqual({ code: "account_taken", managerId: "M001" });

    const move = await issue(store.db, "M001");
    const asked = await redeem(other.db, "M001", move.code, "tg-new");
    expect(asked.ok || asked.error).toEqual({ code: "confirm_rebind", managerId: "M001" });
    const moved = await redeemBindCode(other.db, {
      managerId: "M001",
      code: move.code,
      platform: "telegram",
      platformUserId: "tg-new",
      now: hours(1),
      confirmRebind: true,
    });
    expect(moved.ok && moved.value).toEqual({ managerId: "M001", name: "Wang", rebound: true });
    expect((await managerBy(store.db, "telegramUserId", "tg-new"))?.id).toBe("M001");
    expect(await managerBy(store.db, "telegramUserId", "tg-1")).toBeUndefined();
  });

  it("holds the lockout when wrong codes arrive at once on two instances, and alerts once", async () => {
    const key = { platform: "telegram", platformUserId: "guesser", managerId: "m001" };
    const guess = (db: SqlHandle, n: number) =>
      throttledBind(db, key, hours(1), async (tx) => {
        const value = await redeem(tx, "m001", String(1_000_000_000 + n), "guesser");
        return { value, wrongCode: !value.ok && isWrongCode(value.error.code) };
      });
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, n) => guess(n % 2 === 0 ? store.db : racer(), n)),
    );
    const tried = attempts.filter((a) => !a.locked);
    expect(tried).toHaveLength(BIND_MAX_FAILURES);
    expect(attempts.filter((a) => a.locked)).toHaveLength(12 - BIND_MAX_FAILURES);
    expect(tried.map((a) => !a.locked && a.lockedAt).filter((n) => n !== null)).toEqual([BIND_MAX_FAILURES]);
    expect(await failedBindsSince(store.db, key, T0)).toEqual({
      byUser: BIND_MAX_FAILURES,
      byManager: BIND_MAX_FAILURES,
    });
    // Locked even with the right code, until the window has passed.
    const { code } = await issue(store.db, "M001");
    const right = (at: Date) =>
      throttledBind(other.db, key, at, async (tx) => ({
        value: await redeem(tx, "M001", code, "guesser", at),
        wrongCode: false,
      }));
    expect((await right(hours(1))).locked).toBe(true);
    const later = await right(hours(2));
    expect(!later.locked && later.value.ok).toBe(true);
  }, 60_000);

  it("finds a team's leads with their chat accounts", async () => {
    expect(await teamLeads(other.db, "T1")).toEqual([
      {
        id: "L001",
        name: "Zhao",
        teamId: "T1",
        role: "lead",
        telegramUserId: null,
        slackUserId: "U-LEAD",
        wecomUserId: null,
        feishuUserId: null,
        dingtalkUserId: null,
      },
    ]);
    expect(await teamLeads(store.db, "T9")).toEqual([]);
  });
});
