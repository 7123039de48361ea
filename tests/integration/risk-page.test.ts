/**
 * `/risk` pages in SQL (risk-page.ts): every page, its total and the hidden counts equal the whole
 * list cut the old way (openEntries of riskList), for a manager and a team, with and without the
 * do-not-chase customers, with outcomes logged (handled today, snoozed, lost); the order is stable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { DEFAULT_RULES_CONFIG as config } from "../../src/domain/rules-config.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { openEntries, riskList } from "../../src/services/warnings/risk-list.js";
import { riskPage } from "../../src/services/warnings/risk-page.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-30";
let app: App;
let managerIds: string[];

const deps = () => ({
  db: app.store.db,
  config,
  now: app.clock.now(),
  timeZone: "Asia/Shanghai",
});

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  await loadDemo(app.store, { seed: 3, asOf: D, customers: 600 });
  app.store.sql.exec("UPDATE Customer SET arpu = 5, vipLevel = 'standard' WHERE rowid % 10 = 0");
  managerIds = app.store.sql.prepare("SELECT id FROM Manager ORDER BY id").pluck().all() as string[];
  materialiseWarnings(app.store.sql, D, config);
  // Outcomes of every kind on some customers at risk: handled today, snoozed, lost, and older ones.
  const atRisk = app.store.sql
    .prepare("SELECT customerId, managerId FROM WarningRank WHERE day = ? ORDER BY customerId")
    .all(D) as { customerId: string; managerId: string }[];
  const log = app.store.sql.prepare(
    "INSERT INTO Outcome (customerId, managerId, kind, day, snoozeUntil, lostReason, note) VALUES (?, ?, ?, ?, ?, ?, '')",
  );
  atRisk.forEach((c, i) => {
    if (i % 7 === 0) log.run(c.customerId, c.managerId, "contacted", D, null, null);
    else if (i % 7 === 1) log.run(c.customerId, c.managerId, "snoozed", "2026-06-28", "2026-07-05", null);
    else if (i % 7 === 2) log.run(c.customerId, c.managerId, "lost", "2026-06-20", null, "price");
    else if (i % 7 === 3) log.run(c.customerId, c.managerId, "contacted", "2026-06-25", null, null);
  });
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("the risk list, one page at a time", () => {
  it("equals the whole list cut into pages, for each manager and a team, with and without do-not-chase", async () => {
    let compared = 0;
    for (const scope of [managerIds.slice(0, 5), ...managerIds.map((m) => [m])]) {
      const list = await riskList(deps(), scope, D);
      expect(list.source).toBe("materialised");
      for (const includeDoNotChase of [false, true]) {
        const open = openEntries(list, { includeDoNotChase });
        for (const offset of [0, 7, 30]) {
          const page = await riskPage(deps(), scope, D, { limit: 7, offset, includeDoNotChase });
          expect(page.total).toBe(open.length);
          expect(page.entries).toEqual(open.slice(offset, offset + 7));
          expect(page.hidden).toEqual({
            handledToday: list.entries.filter((e) => e.followUp.state === "handled_today").length,
            snoozed: list.entries.filter((e) => e.followUp.state === "snoozed").length,
            doNotChase: includeDoNotChase
              ? 0
              : openEntries(list, { includeDoNotChase: true }).length - open.length,
          });
          compared += page.entries.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("hides those handled today, snoozed or lost, and counts them", async () => {
    const page = await riskPage(deps(), managerIds.slice(0, 5), D, { limit: 200 });
    expect(page.hidden.handledToday).toBeGreaterThan(0);
    expect(page.hidden.snoozed).toBeGreaterThan(0);
    expect(page.hidden.doNotChase).toBeGreaterThan(0);
    expect(page.entries.every((e) => e.followUp.state === "open" && e.doNotChase.length === 0)).toBe(true);
    const scores = page.entries.map((e) => e.priority.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("falls back to the whole list for a day the job has not ranked", async () => {
    const page = await riskPage(deps(), [managerIds[1]!], "2026-06-29", { limit: 5 });
    const list = await riskList(deps(), [managerIds[1]!], "2026-06-29");
    expect(page.source).toBe("computed");
    expect(page.entries).toEqual(openEntries(list).slice(0, 5));
  });
});
