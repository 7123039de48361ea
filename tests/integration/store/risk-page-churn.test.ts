/**
 * `/risk` pages' churn figures on either store (issue #12): on a scored day the page reads the
 * scores with its rows (and the model's additions apart), so each entry's probability, reasons,
 * value at risk and blended priority are checked against the seeded scores and against the whole
 * list; on a day with a usable model but no scores the page is ranked by the rules and says so,
 * and a model stored afterwards by another instance (damaged, too few leavers, usable again) is
 * what the next page says, though the parsed model is kept between pages.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHURN_FEATURES } from "../../../src/domain/churn-features.js";
import { rankedPriority } from "../../../src/domain/churn-priority.js";
import { addDays } from "../../../src/domain/dates.js";
import { priorityOf } from "../../../src/domain/priority.js";
import { DEFAULT_RULES_CONFIG as config } from "../../../src/domain/rules-config.js";
import { makeSignal } from "../../../src/domain/signals/types.js";
import { latestModel } from "../../../src/services/churn/model-store.js";
import { openEntries, riskList, type WarningDeps } from "../../../src/services/warnings/risk-list.js";
import { riskPage } from "../../../src/services/warnings/risk-page.js";
import { insertChurnModel } from "../../../src/store/churn-models.js";
import { customersByIds } from "../../../src/store/customers.js";
import { countRankedDay } from "../../../src/store/ranked-counts.js";
import type { SqlHandle } from "../../../src/store/sql-handle.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";
import { warningDepsAt } from "../../setup/warning-deps.js";

const D = "2026-06-30";
/** K01–K09 caught by a rule on D; K10 by none (the model adds them when scored); K11 not at risk. */
const ids = Array.from({ length: 11 }, (_, i) => `K${String(i + 1).padStart(2, "0")}`);
const caught = ids.slice(0, 9);
/** The day's scores: K08 and K09 have none (rules' priority, no churn figures). */
const SCORES: Record<string, number> = {
  K01: 0.91,
  K02: 0.05,
  K03: 0.42,
  K04: 0.6180339887498949,
  K05: 0.33,
  K06: 0.12,
  K07: 0.77,
  K10: 0.88,
};
const VERSION = "2026-05-01#3";
const reasonsOf = (id: string) => [
  { feature: "recent_calls", value: Number(id.slice(1)), contribution: 0.5 },
  { feature: "spend_drop", value: 0.25, contribution: 0.125 },
];
/** A usable model of the store's features: one leaf. */
const VALID_MODEL = JSON.stringify({
  format: "retainbot-gbdt/1",
  featureNames: CHURN_FEATURES,
  baseMargin: -3,
  marginOffset: 0,
  trees: [
    { feature: [-1], threshold: [null], missingLeft: [0], left: [-1], right: [-1], value: [0], cover: [1] },
  ],
});

/** A training row as the churn job stores it (insertChurnModel: ms on SQLite, a timestamp on PostgreSQL). */
const storeModel = (db: SqlHandle, version: string, model: string | null, leavers = 300) =>
  insertChurnModel(db, {
    version,
    trainedAt: new Date("2026-06-29T01:00:00Z"),
    dataFrom: "2026-03-01",
    dataTo: "2026-04-24",
    holdoutDay: "2026-05-01",
    rows: 1000,
    leavers,
    metrics: "{}",
    model,
    note: model === null ? "too_few_leavers" : "trained",
  });

describe.each(eachStore)("a /risk page's churn figures on $name", (kind) => {
  let store: TestStore;
  const deps = (): WarningDeps => warningDepsAt(store.db, D, config);
  /** The rules' priority of a customer caught by the seeded rule. */
  const rulesPriority = async (id: string) => {
    const [c] = await customersByIds(store.db, [id]);
    const signal = makeSignal("contract_expiring", 1, { contractEnd: c!.contractEnd!, daysLeft: 0 });
    return priorityOf(c!, [signal], "C", config);
  };

  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, { ...TEAM_T1, customers: ids.map((id) => [id, "M1"] as const) });
    for (const [i, id] of ids.entries())
      await db.run(`UPDATE "Customer" SET "contractEnd" = ?, "arpu" = ?, "vipLevel" = ? WHERE "id" = ?`, [
        caught.includes(id) ? addDays(D, 10 + i) : null,
        40 + ((i * 37) % 200),
        i % 3 === 0 ? "gold" : "standard",
        id,
      ]);
    for (const c of await customersByIds(db, caught)) {
      const signal = makeSignal("contract_expiring", 1, { contractEnd: c.contractEnd!, daysLeft: 10 });
      await db.run(
        `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence", "stage", "doNotChase") VALUES (?, ?, ?, 1, ?, 'C', '[]')`,
        [D, c.id, signal.code, JSON.stringify(signal.evidence)],
      );
      const priority = priorityOf(c, [signal], "C", config).score;
      await db.run(
        `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "rulesPriority", "doNotChase") VALUES (?, ?, 'M1', ?, ?, ?)`,
        [D, c.id, priority, priority, false],
      );
    }
    await countRankedDay(db, D);
    await db.run(
      `INSERT INTO "WarningRun" ("day", "status", "startedAt", "heartbeatAt", "finishedAt") VALUES (?, 'complete', ?, ?, ?)`,
      [D, "2026-06-30T00:10:00.000Z", "2026-06-30T00:20:00.000Z", "2026-06-30T00:20:00.000Z"],
    );
    // K03 handled today: off the pages (its row is read apart, as a recheck).
    await db.run(
      `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "note") VALUES ('K03', 'M1', 'contacted', ?, '')`,
      [D],
    );
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("a scored day: each entry's probability, reasons, value at risk and blended priority, the model's addition too, on every page", async () => {
    const { db } = store;
    await storeModel(db, VERSION, VALID_MODEL);
    for (const [id, p] of Object.entries(SCORES))
      await db.run(
        `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, ?, ?)`,
        [D, id, p, JSON.stringify(reasonsOf(id)), VERSION],
      );
    // The rank step's rows after scoring: K10 added by the model; the stored keys follow the blend.
    await db.run(
      `INSERT INTO "WarningRank" ("day", "customerId", "managerId", "priority", "rulesPriority", "doNotChase", "churnProbability", "modelOnly")
       VALUES (?, 'K10', 'M1', 0, 0, ?, ?, ?)`,
      [D, false, SCORES.K10!, true],
    );
    await countRankedDay(db, D);
    const list = await riskList(deps(), ["M1"], D);
    for (const e of list.entries)
      await db.run(`UPDATE "WarningRank" SET "priority" = ? WHERE "day" = ? AND "customerId" = ?`, [
        e.priority.score,
        D,
        e.customer.id,
      ]);
    const open = openEntries(list);
    expect(open.map((e) => e.customer.id).sort()).toEqual(
      [...caught.filter((id) => id !== "K03"), "K10"].sort(),
    );

    const seen = [];
    for (const offset of [0, 3, 6]) {
      const page = await riskPage(deps(), ["M1"], D, { limit: 3, offset });
      expect(page.ranking).toEqual({ mode: "blend", scored: true, modelVersion: VERSION });
      expect(page.total).toBe(open.length);
      expect(page.entries).toEqual(open.slice(offset, offset + 3));
      seen.push(...page.entries);
    }
    expect(seen.map((e) => e.customer.id).sort()).toEqual(open.map((e) => e.customer.id).sort());
    // Against the seed, not only the list: the figures of each entry.
    for (const e of seen) {
      const id = e.customer.id;
      const p = SCORES[id];
      if (p === undefined) {
        expect(e.churn).toBeNull();
        expect(e.priority).toEqual(await rulesPriority(id));
        continue;
      }
      const atRisk = p * 12 * e.customer.arpu;
      expect(e.churn).toEqual({
        probability: p,
        reasons: reasonsOf(id),
        valueAtRisk: Math.round(atRisk * 100) / 100,
        modelVersion: VERSION,
        modelOnly: id === "K10",
      });
      if (id !== "K10")
        expect(e.priority).toEqual(
          rankedPriority(await rulesPriority(id), p, e.customer.arpu, "blend", config.ranking),
        );
      expect(e.priority.parts.find((part) => part.key === "churn")).toMatchObject({
        points: Math.min(60, Math.round(atRisk / 20)),
        probability: p,
      });
    }
    expect(seen.filter((e) => e.churn !== null)).toHaveLength(7);
    expect(
      seen
        .filter((e) => e.churn === null)
        .map((e) => e.customer.id)
        .sort(),
    ).toEqual(["K08", "K09"]);
  });

  it("a day with a usable model but no scores: rules only, no churn figures; a model stored since by another instance is what the next page says", async () => {
    const { db } = store;
    await storeModel(db, "2026-05-01#1", VALID_MODEL);
    const page = await riskPage(deps(), ["M1"], D, { limit: 20 });
    expect(page.ranking).toEqual({ mode: "blend", scored: false, why: "not_scored" });
    expect(page.entries.map((e) => e.customer.id).sort()).toEqual(caught.filter((id) => id !== "K03").sort());
    for (const e of page.entries) {
      expect(e.churn).toBeNull();
      expect(e.priority).toEqual(await rulesPriority(e.customer.id));
    }
    expect(page.entries).toEqual(openEntries(await riskList(deps(), ["M1"], D)));
    // The model is parsed once while it stays the newest.
    const first = await latestModel(db);
    expect(first.ok).toBe(true);
    expect(await latestModel(db)).toBe(first);

    // Another instance (its own connections) stores newer models: each is seen on the next page.
    const other = kind.connect(store.url);
    try {
      await storeModel(other.db, "2026-05-01#2", '{"format":"retainbot-gbdt/1","trees":"none"}');
      expect((await riskPage(deps(), ["M1"], D, { limit: 20 })).ranking).toEqual({
        mode: "blend",
        scored: false,
        why: "model_invalid",
      });
      await storeModel(other.db, "2026-05-01#3", null, 7);
      expect((await riskPage(deps(), ["M1"], D, { limit: 20 })).ranking).toEqual({
        mode: "blend",
        scored: false,
        why: "too_few_leavers",
        leavers: 7,
      });
      await storeModel(other.db, "2026-05-01#4", VALID_MODEL);
      expect((await riskPage(deps(), ["M1"], D, { limit: 20 })).ranking).toEqual({
        mode: "blend",
        scored: false,
        why: "not_scored",
      });
      const newest = await latestModel(db);
      expect(newest.ok && newest.value.version).toBe("2026-05-01#4");
    } finally {
      await other.close();
    }
  });
});
