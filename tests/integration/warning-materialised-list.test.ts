/**
 * The daily job's one-pass rows give every manager the same risk list, field for field (stage,
 * priority, do-not-chase, follow-up, deadlines), as computing it from the store; rows of an older
 * run stored without stage and do-not-chase still give the same list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadDemo } from "../../src/demo/load-demo.js";
import { DEFAULT_RULES_CONFIG as config } from "../../src/domain/rules-config.js";
import { materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { type RiskList, riskList } from "../../src/services/warnings/risk-list.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-30";
let app: App;
let managerIds: string[];
const computed = new Map<string, RiskList>();

const deps = () => ({
  db: app.store.db,
  config,
  now: app.clock.now(),
  timeZone: "Asia/Shanghai",
});
const fields = (list: RiskList) => list.entries;

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  await loadDemo(app.store, { seed: 11, asOf: D, customers: 800 });
  // The demo plants no low-value customers: make some, so do-not-chase reasons are compared too.
  app.store.sql.exec("UPDATE Customer SET arpu = 5, vipLevel = 'standard' WHERE rowid % 10 = 0");
  managerIds = (app.store.sql.prepare("SELECT id FROM Manager ORDER BY id").all() as { id: string }[]).map(
    (m) => m.id,
  );
  // A lead's scope too (several managers at once), and every manager alone.
  for (const scope of [managerIds.slice(0, 5), ...managerIds.map((m) => [m])]) {
    computed.set(scope.join(","), await riskList(deps(), scope, D));
  }
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("risk list from the daily job's rows", () => {
  it("equals the computed list for every manager and a team, group customers included", async () => {
    const stats = materialiseWarnings(app.store.sql, D, config);
    expect(stats.customersAtRisk).toBeGreaterThan(50);
    let groupsWithAnomaly = 0;
    for (const [scope, expected] of computed) {
      expect(expected.source).toBe("computed");
      const stored = await riskList(deps(), scope.split(","), D);
      expect(stored.source).toBe("materialised");
      expect(fields(stored), scope).toEqual(fields(expected));
      groupsWithAnomaly += stored.entries.filter((e) =>
        e.signals.some((s) => s.code === "group_bulk_anomaly"),
      ).length;
    }
    expect(groupsWithAnomaly).toBeGreaterThan(0);
    expect([...computed.values()].some((l) => l.entries.some((e) => e.doNotChase.length > 0))).toBe(true);
  });

  it("completes rows stored without stage and do-not-chase from the store", async () => {
    materialiseWarnings(app.store.sql, D, config);
    app.store.sql.prepare("UPDATE Warning SET stage = NULL, doNotChase = NULL WHERE day = ?").run(D);
    for (const [scope, expected] of computed) {
      expect(fields(await riskList(deps(), scope.split(","), D)), scope).toEqual(fields(expected));
    }
  });
});
