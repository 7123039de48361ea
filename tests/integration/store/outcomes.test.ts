import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RULES_CONFIG } from "../../../src/domain/rules-config.js";
import { loadCustomerSituation } from "../../../src/services/talk-tracks/customer-situation.js";
import { logOutcome } from "../../../src/services/warnings/outcomes.js";
import { appendAudit } from "../../../src/store/audit-log.js";
import { outcomesUpTo } from "../../../src/store/follow-up-rows.js";
import { storedDate } from "../../../src/store/stored-date.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";

const T0 = new Date("2026-06-30T08:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(eachStore)("outcomes, notes and the audit log on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    await seedPeople(store.db, {
      ...TEAM_T1,
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
      ],
    });
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const log = (
    customerId: string,
    day: string,
    outcome: Parameters<typeof logOutcome>[1]["outcome"],
    at = T0,
    details?: Parameters<typeof logOutcome>[1]["details"],
  ) =>
    logOutcome(store.db, {
      customerId,
      managerId: "M1",
      day,
      now: at,
      outcome,
      ...(details ? { details } : {}),
    });

  it("logs an outcome with its details and warning context, and each kind's own column", async () => {
    const retained = await log("C1", "2026-06-30", { kind: "retained", note: "agreed" }, T0, {
      method: "value",
      objectionId: "price",
      objectionKind: "real",
      signals: "spend_drop,complaint",
      stage: "mature",
    });
    const snoozed = await log("C1", "2026-06-30", { kind: "snoozed", days: 7, note: "" }, minutes(1));
    const lost = await log("C2", "2026-06-29", { kind: "lost", reason: "moved away", note: "" }, minutes(2));
    expect(retained).toEqual({
      id: retained.id,
      customerId: "C1",
      managerId: "M1",
      kind: "retained",
      day: "2026-06-30",
      snoozeUntil: null,
      lostReason: null,
      note: "agreed",
    });
    expect(snoozed).toMatchObject({ kind: "snoozed", snoozeUntil: "2026-07-07", lostReason: null });
    expect(lost).toMatchObject({ kind: "lost", lostReason: "moved away", snoozeUntil: null });
    expect(new Set([retained.id, snoozed.id, lost.id]).size).toBe(3);
    // The follow-up reads what was logged, as it was returned.
    expect(await outcomesUpTo(store.db, ["C1", "C2"], "2026-06-30")).toEqual([lost, retained, snoozed]);
    const details = await store.db.get<Record<string, unknown>>(
      `SELECT "method", "objectionId", "objectionKind", "signals", "stage", "createdAt" FROM "Outcome" WHERE "id" = ?`,
      [retained.id],
    );
    expect({ ...details, createdAt: storedDate(details?.createdAt) }).toEqual({
      method: "value",
      objectionId: "price",
      objectionKind: "real",
      signals: "spend_drop,complaint",
      stage: "mature",
      createdAt: T0,
    });
    const plain = await store.db.get<Record<string, unknown>>(
      `SELECT "method", "objectionId", "signals" FROM "Outcome" WHERE "id" = ?`,
      [lost.id],
    );
    expect(plain).toEqual({ method: null, objectionId: null, signals: null });
  });

  it("appends one audit row per customer shown, with the chat it was shown in", async () => {
    const entry = {
      actorId: "M1",
      action: "outcome retained",
      channel: "telegram",
      chatId: "-100",
      chatType: "group" as const,
      at: T0,
    };
    await appendAudit(store.db, entry, ["C1", "C2"]);
    await appendAudit(store.db, { ...entry, chatId: null, chatType: "private", at: minutes(1) }, ["C2"]);
    await appendAudit(store.db, entry, []);
    const rows = await store.db.all<Record<string, unknown>>(
      `SELECT "actorId", "customerId", "action", "channel", "chatId", "chatType", "at" FROM "AuditLog" ORDER BY "id"`,
    );
    expect(rows.map((r) => ({ ...r, at: storedDate(r.at) }))).toEqual([
      { ...entry, customerId: "C1" },
      { ...entry, customerId: "C2" },
      { ...entry, customerId: "C2", chatId: null, chatType: "private", at: minutes(1) },
    ]);
    // The log is append-only on both stores.
    await expect(store.db.run(`DELETE FROM "AuditLog"`)).rejects.toThrow();
  });

  it("gives a talk track the customer's event and outcome notes up to the day, newest first", async () => {
    const event = (date: string, type: string, note: string) =>
      store.db.run(`INSERT INTO "Event" ("customerId", "date", "type", "note") VALUES ('C1', ?, ?, ?)`, [
        date,
        type,
        note,
      ]);
    await event("2026-06-10", "complaint", " slow broadband ");
    await event("2026-06-20", "competitor_offer", "");
    await event("2026-06-25", "competitor_offer", "offer from another operator");
    await event("2026-07-02", "complaint", "after the day");
    await log("C1", "2026-06-28", { kind: "contacted", note: "will think about it" }, minutes(0));
    await log("C1", "2026-06-29", { kind: "unreachable", note: "" }, minutes(1));
    await log("C2", "2026-06-29", { kind: "contacted", note: "another customer" }, minutes(2));
    await log("C1", "2026-07-01", { kind: "contacted", note: "after the day" }, minutes(3));

    const situation = await loadCustomerSituation(store.db, "C1", "2026-06-30", DEFAULT_RULES_CONFIG);
    expect(situation?.customer).toMatchObject({ id: "C1", managerId: "M1", lunarBirthday: false });
    expect(situation?.notes).toEqual([
      "2026-06-28 contacted: will think about it",
      "2026-06-25 competitor_offer: offer from another operator",
      "2026-06-10 complaint: slow broadband",
    ]);
    expect(situation?.signals.map((s) => s.code)).toContain("complaint");
    expect(await loadCustomerSituation(store.db, "C9", "2026-06-30", DEFAULT_RULES_CONFIG)).toBeNull();
  });

  it("keeps the five newest notes", async () => {
    for (let day = 1; day <= 4; day++)
      await store.db.run(
        `INSERT INTO "Event" ("customerId", "date", "type", "note") VALUES ('C1', ?, 'complaint', ?)`,
        [`2026-06-0${day}`, `event ${day}`],
      );
    for (let day = 5; day <= 8; day++)
      await log("C1", `2026-06-0${day}`, { kind: "contacted", note: `call ${day}` }, minutes(day));
    const situation = await loadCustomerSituation(store.db, "C1", "2026-06-30", DEFAULT_RULES_CONFIG);
    expect(situation?.notes).toEqual([
      "2026-06-08 contacted: call 8",
      "2026-06-07 contacted: call 7",
      "2026-06-06 contacted: call 6",
      "2026-06-05 contacted: call 5",
      "2026-06-04 complaint: event 4",
    ]);
  });
});
