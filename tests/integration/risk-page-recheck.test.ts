/**
 * `/risk` pages count a manager's ranked rows by the index and look only at the customers
 * `RiskRecheck` names (src/store/risk-recheck.ts). This compares every page with the path it
 * replaced — each ranked customer still the manager's (joined to Customer) and every one with an
 * outcome judged — after outcomes and changes the rechecks must catch: outcomes logged by an earlier
 * manager, a snooze until tomorrow, lost last month, handled today, a customer moved, deleted, or
 * gone after the run, and a store whose rechecks were filled by the migration rather than triggers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { addDays } from "../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config } from "../../src/domain/rules-config.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { entriesOf } from "../../src/services/warnings/risk-list.js";
import { riskPage } from "../../src/services/warnings/risk-page.js";
import { rankedRechecks } from "../../src/store/risk-recheck.js";
import { assessRanked } from "../setup/assess-ranked.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-30";
let app: App;
let A: string;
let B: string;
let managerIds: string[];
/** Named customers of the scenarios below. */
const who: Record<string, string> = {};

const deps = () => ({
  db: app.store.db,
  config,
  now: app.clock.now(),
  timeZone: "Asia/Shanghai",
});
const sql = () => app.store.sql;

/** The page the way riskPage computed it before RiskRecheck (each ranked row joined and probed). */
async function oldPage(
  managers: string[],
  options: { limit: number; offset: number; includeDoNotChase: boolean },
) {
  const ranked = `FROM WarningRank r JOIN Customer c ON c.id = r.customerId AND c.managerId = r.managerId
    WHERE r.day = ? AND r.managerId IN (SELECT value FROM json_each(?))`;
  const ids = JSON.stringify(managers);
  const followedIds = sql()
    .prepare(
      `SELECT r.customerId ${ranked} AND EXISTS (SELECT 1 FROM Outcome o WHERE o.customerId = r.customerId AND o.day <= ?)`,
    )
    .pluck()
    .all(D, ids, D) as string[];
  const followed = await entriesOf(deps(), await assessRanked(app.store.db, D, followedIds, config), D, D);
  const notOpen = followed.filter((e) => e.followUp.state !== "open");
  const where = `${ranked} AND r.customerId NOT IN (SELECT value FROM json_each(?))`;
  const excluded = JSON.stringify(notOpen.map((e) => e.customer.id));
  const chase = options.includeDoNotChase ? "" : "AND r.doNotChase = 0";
  const count = (extra: string) =>
    sql().prepare(`SELECT COUNT(*) ${where} ${extra}`).pluck().get(D, ids, excluded) as number;
  return {
    total: count(chase),
    ids: sql()
      .prepare(
        `SELECT r.customerId ${where} ${chase} ORDER BY r.priority DESC, r.customerId LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(D, ids, excluded, options.limit, options.offset) as string[],
    hidden: {
      handledToday: notOpen.filter((e) => e.followUp.state === "handled_today").length,
      snoozed: notOpen.filter((e) => e.followUp.state === "snoozed").length,
      doNotChase: options.includeDoNotChase ? 0 : count("AND r.doNotChase = 1"),
    },
  };
}

async function expectSameAsOldPath(): Promise<number> {
  let compared = 0;
  for (const scope of [[A], [B], [A, B], managerIds]) {
    for (const includeDoNotChase of [false, true]) {
      for (const offset of [0, 6, 25]) {
        const options = { limit: 6, offset, includeDoNotChase };
        const page = await riskPage(deps(), scope, D, options);
        const old = await oldPage(scope, options);
        expect(page.total).toBe(old.total);
        expect(page.entries.map((e) => e.customer.id)).toEqual(old.ids);
        expect(page.hidden).toEqual(old.hidden);
        compared += old.ids.length;
      }
    }
  }
  return compared;
}

/** Every open customer on the scope's list today. */
const listed = async (scope: string[]) =>
  new Set(
    (await riskPage(deps(), scope, D, { limit: 100_000, includeDoNotChase: true })).entries.map(
      (e) => e.customer.id,
    ),
  );

const logOutcome = (customerId: string, managerId: string, kind: string, day: string, snoozeUntil?: string) =>
  sql()
    .prepare(
      "INSERT INTO Outcome (customerId, managerId, kind, day, snoozeUntil, lostReason, note) VALUES (?, ?, ?, ?, ?, ?, '')",
    )
    .run(customerId, managerId, kind, day, snoozeUntil ?? null, kind === "lost" ? "price" : null);
const moveTo = (customerId: string, managerId: string) =>
  sql().prepare("UPDATE Customer SET managerId = ? WHERE id = ?").run(managerId, customerId);

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  await loadDemo(app.store, { seed: 5, asOf: D, customers: 1200 });
  managerIds = sql().prepare("SELECT id FROM Manager ORDER BY id").pluck().all() as string[];
  materialiseWarnings(sql(), D, config);
  // The two managers with the most customers at risk.
  [A, B] = sql()
    .prepare(
      "SELECT managerId FROM WarningRank WHERE day = ? GROUP BY managerId ORDER BY COUNT(*) DESC LIMIT 2",
    )
    .pluck()
    .all(D) as [string, string];
  // Ranked customers of A and B without outcomes (so each scenario is the customer's only history).
  const fresh = (m: string) =>
    sql()
      .prepare(
        `SELECT r.customerId FROM WarningRank r WHERE r.day = ? AND r.managerId = ? AND r.doNotChase = 0
         AND NOT EXISTS (SELECT 1 FROM Outcome o WHERE o.customerId = r.customerId) ORDER BY r.priority DESC`,
      )
      .pluck()
      .all(D, m) as string[];
  const ofA = fresh(A);
  const ofB = fresh(B);
  expect(ofA.length).toBeGreaterThan(8);
  expect(ofB.length).toBeGreaterThan(8);
  // Before the run: outcomes logged by A, then the customers moved to B (their ranks will name B).
  [who.lostByEarlier, who.snoozedByEarlier, who.contactedByEarlier] = ofA.slice(0, 3) as [
    string,
    string,
    string,
  ];
  logOutcome(who.lostByEarlier!, A, "lost", addDays(D, -25));
  logOutcome(who.snoozedByEarlier!, A, "snoozed", addDays(D, -1), addDays(D, 1));
  logOutcome(who.contactedByEarlier!, A, "contacted", addDays(D, -1));
  for (const id of ofA.slice(0, 3)) moveTo(id, B);
  materialiseWarnings(sql(), D, config, { rebuild: true });
  // After the run: B's customers get outcomes (some logged by A), are moved, deleted or leave.
  const afterRun = [
    "lostLastMonth",
    "snoozedTillTomorrow",
    "handledToday",
    "snoozeEndsToday",
    "lostThenLeft",
    "movedAway",
    "deleted",
    "movedAndBack",
    "lostLater",
  ];
  afterRun.forEach((name, i) => {
    who[name] = ofB[i]!;
  });
  logOutcome(who.lostLastMonth!, A, "lost", addDays(D, -35));
  logOutcome(who.snoozedTillTomorrow!, B, "snoozed", D, addDays(D, 1));
  logOutcome(who.handledToday!, B, "contacted", D);
  logOutcome(who.snoozeEndsToday!, B, "snoozed", addDays(D, -5), D);
  logOutcome(who.lostThenLeft!, B, "lost", addDays(D, -3));
  sql().prepare("UPDATE Customer SET status = 'left' WHERE id = ?").run(who.lostThenLeft);
  moveTo(who.movedAway!, A);
  sql().pragma("foreign_keys = OFF");
  sql().prepare("DELETE FROM Customer WHERE id = ?").run(who.deleted);
  sql().pragma("foreign_keys = ON");
  moveTo(who.movedAndBack!, A);
  moveTo(who.movedAndBack!, B);
  logOutcome(who.lostLater!, B, "lost", addDays(D, 2));
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("/risk pages from the index and the rechecks", () => {
  it("equal the old path's pages, totals and hidden counts, for managers and a team", async () => {
    expect(await expectSameAsOldPath()).toBeGreaterThan(40);
  });

  it("hide what the outcomes hide, whoever logged them, and customers no longer the manager's", async () => {
    const ofB = await listed([B]);
    const everyone = await listed(managerIds);
    for (const hidden of [
      "lostByEarlier",
      "snoozedByEarlier",
      "lostLastMonth",
      "snoozedTillTomorrow",
      "handledToday",
      "lostThenLeft",
      "movedAway",
      "deleted",
    ])
      expect({ [hidden]: everyone.has(who[hidden]!) }).toEqual({ [hidden]: false });
    for (const shown of ["contactedByEarlier", "snoozeEndsToday", "movedAndBack", "lostLater"])
      expect({ [shown]: ofB.has(who[shown]!) }).toEqual({ [shown]: true });
  });

  it("looks at few customers: not those lost who left before the run", async () => {
    const lostAndGone = sql()
      .prepare(
        `SELECT c.id FROM Customer c JOIN Outcome o ON o.customerId = c.id AND o.kind = 'lost'
         WHERE c.status = 'left' AND c.managerId = ? AND c.id != ?`,
      )
      .pluck()
      .all(B, who.lostThenLeft) as string[];
    const looked = new Set((await rankedRechecks(app.store.db, D, [B], D)).map((k) => k.customerId));
    expect(looked.has(who.lostThenLeft!)).toBe(true);
    expect(lostAndGone.filter((id) => looked.has(id))).toEqual([]);
  });

  it("gives the same pages on a store whose rechecks the migration filled", async () => {
    const migrations = new URL("../../prisma/migrations/", import.meta.url);
    const folder = readdirSync(migrations).find((name) => name.endsWith("_risk_recheck"))!;
    const migration = readFileSync(new URL(`${folder}/migration.sql`, migrations), "utf8");
    const seed = migration.slice(
      migration.indexOf("CREATE TEMP TABLE"),
      migration.indexOf("-- Kept by triggers"),
    );
    sql().exec('DELETE FROM "RiskRecheck"');
    sql().exec(seed);
    expect(sql().prepare('SELECT COUNT(*) FROM "RiskRecheck"').pluck().get()).toBeGreaterThan(0);
    expect(await expectSameAsOldPath()).toBeGreaterThan(40);
  });
});
