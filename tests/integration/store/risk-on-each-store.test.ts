/**
 * `/risk`, the whole risk list and the team view on either store: for the same seeded rows (the
 * daily job's warnings and ranks written directly, as its writes are still SQLite-only), riskPage's
 * first and later pages, total and hidden counts, riskList and teamView give the same answers on
 * SQLite and PostgreSQL, each checked against what the seed makes them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreBriefingFacts } from "../../../src/briefings/store-facts.js";
import type { Clock } from "../../../src/clock.js";
import { addDays } from "../../../src/domain/dates.js";
import { priorityOf } from "../../../src/domain/priority.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { makeSignal } from "../../../src/domain/signals/types.js";
import { openEntries, riskList, type WarningDeps } from "../../../src/services/warnings/risk-list.js";
import { riskPage } from "../../../src/services/warnings/risk-page.js";
import { teamView } from "../../../src/services/warnings/team-view.js";
import { customersByIds } from "../../../src/store/customers.js";
import { countRankedDay } from "../../../src/store/ranked-counts.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";
import { warningDepsAt } from "../../setup/warning-deps.js";

const D = "2026-06-30";
const ids = Array.from({ length: 18 }, (_, i) => `C${String(i + 1).padStart(2, "0")}`);
const managerOf = (id: string) => (Number(id.slice(1)) <= 14 ? "M1" : "M2");
/** Do-not-chase on D (the job's verdict, stored beside the warning). */
const DO_NOT_CHASE = new Set(["C02", "C11", "C16"]);
/** Not at risk on D: no warning, no rank. */
const NOT_AT_RISK = new Set(["C12", "C18"]);

describe.each(eachStore)("the risk list on $name", (kind) => {
  let store: TestStore;
  const deps = (): WarningDeps => warningDepsAt(store.db, D, config);

  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, { ...TEAM_T1, customers: ids.map((id) => [id, managerOf(id)] as const) });
    // Contracts ending 10…27 days after D (contract_expiring, level 1); ARPU and VIP level spread
    // the priorities. C13 is a group customer with a left member (C17 under M2 stays current).
    for (const [i, id] of ids.entries()) {
      await db.run(
        `UPDATE "Customer" SET "contractEnd" = ?, "arpu" = ?, "vipLevel" = ?, "lunarBirthday" = ? WHERE "id" = ?`,
        [addDays(D, 10 + i), 40 + ((i * 37) % 200), i % 4 === 0 ? "gold" : "standard", i === 3, id],
      );
    }
    await db.run(`UPDATE "Customer" SET "contractEnd" = NULL WHERE "id" IN ('C12', 'C18')`);
    await db.run(`UPDATE "Customer" SET "status" = 'left' WHERE "id" = 'C18'`);
    // Some usage, a bill and an event: the computed fallback reads all three on either store.
    await db.run(
      `INSERT INTO "DailyUsage" ("customerId", "date", "calls", "dataMb", "spend", "competitorHotlineSeconds", "forwardedToCompetitor")
       VALUES ('C01', ?, 3, 120.5, 4.25, 200, ?), ('C01', ?, 0, 10, 1.1, 0, ?)`,
      [addDays(D, -1), true, addDays(D, -40), false],
    );
    await db.run(
      `INSERT INTO "Bill" ("customerId", "month", "amount", "dueDate", "paidDate") VALUES ('C01', '2026-05', 88.5, '2026-06-15', NULL)`,
    );
    await db.run(
      `INSERT INTO "Event" ("customerId", "date", "type", "note") VALUES ('C01', ?, 'complaint', 'slow')`,
      [addDays(D, -2)],
    );
    // The daily job's rows of D (and of D-1 for C01 and C04: their warnings were raised yesterday).
    const customers = await customersByIds(db, ids);
    for (const c of customers) {
      if (NOT_AT_RISK.has(c.id)) continue;
      const signal = makeSignal("contract_expiring", 1, {
        contractEnd: c.contractEnd!,
        daysLeft: 10 + ids.indexOf(c.id),
      });
      const doNotChase = DO_NOT_CHASE.has(c.id) ? [{ code: "low_value", arpu: c.arpu }] : [];
      const days = c.id === "C01" || c.id === "C04" ? [addDays(D, -1), D] : [D];
      for (const day of days)
        await db.run(
          `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence", "stage", "doNotChase", "sinceDay") VALUES (?, ?, ?, 1, ?, 'C', ?, ?)`,
          [day, c.id, signal.code, JSON.stringify(signal.evidence), JSON.stringify(doNotChase), days[0]!],
        );
      await db.run(
        `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "rulesPriority", "doNotChase") VALUES (?, ?, ?, ?, ?, ?)`,
        [
          D,
          c.id,
          c.managerId,
          priorityOf(c, [signal], "C", config).score,
          priorityOf(c, [signal], "C", config).score,
          doNotChase.length > 0,
        ],
      );
    }
    await countRankedDay(db, D);
    await db.run(
      `INSERT INTO "WarningRun" ("day", "status", "startedAt", "heartbeatAt", "finishedAt") VALUES (?, 'complete', ?, ?, ?)`,
      [D, "2026-06-30T00:10:00.000Z", "2026-06-30T00:20:00.000Z", "2026-06-30T00:20:00.000Z"],
    );
    // A churn model too small to use: the list is ranked by the rules and says why.
    await db.run(
      `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model")
       VALUES ('2026-06-01#1', ?, '2026-01-01', '2026-05-01', '2026-06-01', 100, 3, '{}', NULL)`,
      [new Date("2026-06-02T00:00:00Z")],
    );
    // Outcomes: C03 handled today, C05 snoozed two days ago (until D+5; the same signal then, computed
    // as D-2 has no rows), C07 lost, C09 contacted earlier (open again); C10 moved to M2 after ranking.
    const outcome = (customerId: string, kindOf: string, day: string, snoozeUntil: string | null) =>
      db.run(
        `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "snoozeUntil", "lostReason", "note") VALUES (?, 'M1', ?, ?, ?, ?, '')`,
        [customerId, kindOf, day, snoozeUntil, kindOf === "lost" ? "price" : null],
      );
    await outcome("C03", "contacted", D, null);
    await outcome("C05", "snoozed", addDays(D, -2), addDays(D, 5));
    await outcome("C07", "lost", addDays(D, -10), null);
    await outcome("C09", "contacted", addDays(D, -3), null);
    await db.run(`UPDATE "Customer" SET "managerId" = 'M2' WHERE "id" = 'C10'`);
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  /** M1's open customers on D by the seed: at risk, not hidden, not do-not-chase, not moved away. */
  const m1Open = async (includeDoNotChase: boolean) => {
    const customers = await customersByIds(store.db, ids);
    const hidden = new Set(["C03", "C05", "C07", "C10"]);
    return customers
      .filter((c) => managerOf(c.id) === "M1" && !NOT_AT_RISK.has(c.id) && !hidden.has(c.id))
      .filter((c) => includeDoNotChase || !DO_NOT_CHASE.has(c.id))
      .map((c) => ({
        id: c.id,
        score: priorityOf(
          c,
          [makeSignal("contract_expiring", 1, { contractEnd: c.contractEnd!, daysLeft: 0 })],
          "C",
          config,
        ).score,
      }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((c) => c.id);
  };

  it("gives a manager's first page, its total and what is hidden", async () => {
    const page = await riskPage(deps(), ["M1"], D, { limit: 4 });
    const open = await m1Open(false);
    expect(open).toHaveLength(7);
    expect(page.source).toBe("materialised");
    expect(page.listDay).toBe(D);
    expect(page.total).toBe(7);
    expect(page.entries.map((e) => e.customer.id)).toEqual(open.slice(0, 4));
    expect(page.hidden).toEqual({ handledToday: 1, snoozed: 1, doNotChase: 2 });
    expect(page.ranking).toEqual({ mode: "blend", scored: false, why: "too_few_leavers", leavers: 3 });
    // C04 (on a later page): the flag converted on either store, its warning raised yesterday and overdue.
    const c04 = (await riskPage(deps(), ["M1"], D, { limit: 20 })).entries.find(
      (e) => e.customer.id === "C04",
    );
    expect(c04?.customer.lunarBirthday).toBe(true);
    expect(c04?.deadlines[0]).toMatchObject({ raisedDay: addDays(D, -1), overdue: true });
  });

  it("gives later pages, with and without the do-not-chase customers", async () => {
    const second = await riskPage(deps(), ["M1"], D, { limit: 4, offset: 4 });
    expect(second.entries.map((e) => e.customer.id)).toEqual((await m1Open(false)).slice(4, 7));
    const all = await riskPage(deps(), ["M1"], D, { limit: 3, offset: 6, includeDoNotChase: true });
    expect(all.total).toBe(9);
    expect(all.entries.map((e) => e.customer.id)).toEqual((await m1Open(true)).slice(6, 9));
    expect(all.hidden.doNotChase).toBe(0);
  });

  it("lists the same customers as the pages, with each one's follow-up", async () => {
    const list = await riskList(deps(), ["M1"], D);
    expect(list.source).toBe("materialised");
    expect(openEntries(list).map((e) => e.customer.id)).toEqual(await m1Open(false));
    const state = new Map(list.entries.map((e) => [e.customer.id, e.followUp.state]));
    expect(state.get("C03")).toBe("handled_today");
    expect(state.get("C05")).toBe("snoozed");
    expect(state.get("C07")).toBe("lost");
    expect(state.get("C09")).toBe("open");
    expect(list.entries.find((e) => e.customer.id === "C09")?.lastOutcome?.kind).toBe("contacted");
  });

  it("reads each entry's outcomes and snoozes with the list's rows, whatever the number snoozed on one day", async () => {
    const { db } = store;
    // Snoozed yesterday (D-1 has the job's rows): C04 had today's warning then and stays snoozed;
    // C06 had none then, so today's warning is new and brings them back.
    for (const id of ["C04", "C06"])
      await db.run(
        `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "snoozeUntil", "lostReason", "note") VALUES (?, 'M1', 'snoozed', ?, ?, NULL, 'later')`,
        [id, addDays(D, -1), addDays(D, 7)],
      );
    const list = await riskList(deps(), ["M1"], D);
    const entry = (id: string) => list.entries.find((e) => e.customer.id === id)!;
    expect(entry("C04").followUp).toEqual({ state: "snoozed", until: addDays(D, 7) });
    expect(entry("C06").followUp).toEqual({ state: "open", newSignalsSinceSnooze: ["contract_expiring"] });
    // Every field of the outcome, as the store holds it (the id a number, the nulls kept).
    expect(entry("C07").lastOutcome).toMatchObject({
      customerId: "C07",
      managerId: "M1",
      kind: "lost",
      day: addDays(D, -10),
      snoozeUntil: null,
      lostReason: "price",
      note: "",
    });
    expect(typeof entry("C07").lastOutcome?.id).toBe("number");
    expect(entry("C06").lastOutcome).toMatchObject({ kind: "snoozed", note: "later", lostReason: null });
    // The same follow-up on a page, whose rows come by customer id.
    const page = await riskPage(deps(), ["M1"], D, { limit: 20 });
    expect(page.entries.map((e) => e.customer.id)).toContain("C06");
    expect(page.entries.map((e) => e.customer.id)).not.toContain("C04");
    expect(page.hidden.snoozed).toBe(2);
  });

  it("gives a lead the team: counts per manager and the overdue warnings", async () => {
    const view = await teamView(deps(), "T1", D);
    expect(view.source).toBe("materialised");
    const m1 = view.managers.find((m) => m.managerId === "M1")!;
    const m2 = view.managers.find((m) => m.managerId === "M2")!;
    expect(m1).toMatchObject({ open: 7, openLevel1: 7, handledToday: 1, overdueLevel1: 2, overdueLevel2: 0 });
    expect(m1.overdue.map((o) => o.customer.id).sort()).toEqual(["C01", "C04"]);
    // M2: C15 and C17 (C16 do-not-chase, C18 not at risk) and C10, moved to M2 with its warning.
    expect(m2).toMatchObject({ open: 3, handledToday: 0, overdueLevel1: 0 });
  });

  it("answers from the latest complete day while the job computes today, and computes a day it never ran", async () => {
    const next = addDays(D, 1);
    const beat = new Date().toISOString();
    await store.db.run(
      `INSERT INTO "WarningRun" ("day", "status", "startedAt", "heartbeatAt") VALUES (?, 'running', ?, ?)`,
      [next, beat, beat],
    );
    const earlier = await riskPage(deps(), ["M1"], next, { limit: 20 });
    expect(earlier).toMatchObject({ source: "earlier_day", listDay: D });
    const computed = await riskList(deps(), ["M1"], addDays(D, 2));
    expect(computed.source).toBe("computed");
    // Every current M1 customer with a contract ending within 60 days (C12 has none, C10 moved).
    expect(computed.entries.map((e) => e.customer.id).sort()).toEqual(
      ids.filter((id) => managerOf(id) === "M1" && id !== "C12" && id !== "C10"),
    );
    const c01 = computed.entries.find((e) => e.customer.id === "C01")!;
    expect(c01.signals.map((s) => s.code)).toContain("complaint");
  });

  it("ranks by the day's churn scores and lists the customer the model added", async () => {
    const { db } = store;
    const reasons = JSON.stringify([{ feature: "recent_calls", value: 0, contribution: 0.5 }]);
    for (const [id, p] of [
      ["C06", 0.9],
      ["C08", 0.1],
      ["C12", 0.8],
    ] as const)
      await db.run(
        `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, ?, '2026-06-01#2')`,
        [D, id, p, reasons],
      );
    // The job's rank step added C12 (no rule caught them) as a model-only row.
    await db.run(
      `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "rulesPriority", "doNotChase", "churnProbability", "modelOnly")
       VALUES (?, 'C12', 'M1', 1, 1, ?, 0.8, ?)`,
      [D, false, true],
    );
    await countRankedDay(db, D);
    const list = await riskList(deps(), ["M1"], D);
    expect(list.ranking).toEqual({ mode: "blend", scored: true, modelVersion: "2026-06-01#2" });
    const churn = new Map(list.entries.map((e) => [e.customer.id, e.churn]));
    expect(churn.get("C06")).toMatchObject({
      probability: 0.9,
      modelOnly: false,
      reasons: [{ feature: "recent_calls" }],
    });
    expect(churn.get("C12")).toMatchObject({ probability: 0.8, modelOnly: true });
    expect(churn.get("C09")).toBeNull();
    const c12 = list.entries.find((e) => e.customer.id === "C12")!;
    expect(c12.signals).toEqual([]);
    const page = await riskPage(deps(), ["M1"], D, { limit: 20 });
    expect(page.entries.map((e) => e.customer.id)).toContain("C12");
    expect(page.entries.find((e) => e.customer.id === "C12")?.churn?.modelOnly).toBe(true);
  });

  it("gathers the team's briefing facts (the day's job already ran)", async () => {
    const clock = { now: () => new Date(`${D}T02:00:00Z`), today: () => D };
    const facts = await new StoreBriefingFacts(
      store.db,
      config,
      clock as Clock,
      "Asia/Shanghai",
      async () => {},
    ).gather("T1", D);
    expect(facts.teamName).toBe("team");
    expect(facts.hasYesterday).toBe(true);
    expect(facts.counts).toEqual([{ code: "contract_expiring", level: 1, today: 16, yesterday: 2 }]);
    const m1 = facts.managers.find((m) => m.managerId === "M1")!;
    expect(m1.top.map((t) => t.id)).toEqual(await m1Open(false));
    expect(m1.overdue.map((o) => o.id).sort()).toEqual(["C01", "C04"]);
    expect(m1.outcomes).toEqual({ retained: 0, lost: 0, contacted: 0 });
  });
});
