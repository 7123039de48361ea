/**
 * The warning engine against a real store: the SQL-batched inputs give exactly the signals the
 * pure rules give from raw rows; the daily job's rows give the same risk list as computing it;
 * and the demo's planted customers carry the signals they were planted with.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { type DemoSummary, loadDemo } from "../../src/demo/load-demo.js";
import type { CustomerFacts, UsageDay } from "../../src/domain/customer.js";
import { DEFAULT_RULES_CONFIG as config } from "../../src/domain/rules-config.js";
import { computeSignals, evaluateSignals, SIGNAL_CODES } from "../../src/domain/signals/index.js";
import { assessManagers } from "../../src/services/warnings/assess.js";
import { loadSignalInputs, loadSignalInputsSqlite } from "../../src/services/warnings/load-inputs.js";
import { hasMaterialised, materialiseWarnings } from "../../src/services/warnings/materialise.js";
import { riskList } from "../../src/services/warnings/risk-list.js";
import { customersOfManagers } from "../../src/services/warnings/select-customers.js";
import { createTestApp } from "../setup/test-app.js";

const D = "2026-06-30";
let app: App;
let demo: DemoSummary;
let managerIds: string[];

beforeAll(async () => {
  app = createTestApp({ asOf: D });
  demo = await loadDemo(app.store, { seed: 7, asOf: D, customers: 600 });
  managerIds = (app.store.sql.prepare("SELECT id FROM Manager ORDER BY id").all() as { id: string }[]).map(
    (m) => m.id,
  );
}, 120_000);
afterAll(async () => {
  await app.store.close();
});

describe("warning engine on a demo store", () => {
  it("computes from SQL aggregates exactly what the rules compute from raw rows", async () => {
    const customers = customersOfManagers(app.store.sql, managerIds);
    const inputs = await loadSignalInputs(app.store.db, customers, D, config);
    // The daily job's rank step reads the same statements on its own connection.
    expect(loadSignalInputsSqlite(app.store.sql, customers, D, config)).toEqual(inputs);
    const usageOf = app.store.sql.prepare(
      "SELECT date, calls, callMinutes, dataMb, spend, competitorHotlineSeconds, forwardedToCompetitor FROM DailyUsage WHERE customerId = ? ORDER BY date",
    );
    let withSignals = 0;
    for (const input of inputs) {
      const usage = (
        usageOf.all(input.customer.id) as (Omit<UsageDay, "forwardedToCompetitor"> & {
          forwardedToCompetitor: number;
        })[]
      ).map((u) => ({
        ...u,
        forwardedToCompetitor: u.forwardedToCompetitor === 1,
      }));
      const bills = app.store.sql
        .prepare("SELECT month, amount, dueDate, paidDate FROM Bill WHERE customerId = ?")
        .all(input.customer.id);
      const events = app.store.sql
        .prepare("SELECT date, type, note FROM Event WHERE customerId = ?")
        .all(input.customer.id);
      const facts = { customer: input.customer, usage, bills, events } as CustomerFacts;
      const expected = computeSignals(facts, D, config);
      expect(evaluateSignals(input, D, config), input.customer.id).toEqual(expected);
      if (expected.length > 0) withSignals += 1;
    }
    expect(withSignals).toBeGreaterThan(20);
  });

  it("gives the planted customers their planted signals", async () => {
    const assessed = new Map(
      (await assessManagers(app.store.db, managerIds, D, config)).map((a) => [a.customer.id, a]),
    );
    for (const code of SIGNAL_CODES) {
      const planted = demo.plantedIds[code as keyof typeof demo.plantedIds] ?? [];
      for (const id of planted) {
        expect(
          assessed.get(id)?.signals.map((s) => s.code),
          `${code} ${id}`,
        ).toContain(code);
      }
    }
  });

  it("reads the same risk list from the daily job's rows as it computes", async () => {
    const deps = {
      db: app.store.db,
      config,
      now: app.clock.now(),
      timeZone: "Asia/Shanghai",
    };
    const computed = await riskList(deps, managerIds.slice(0, 2), D);
    expect(computed.source).toBe("computed");
    const stats = materialiseWarnings(app.store.sql, D, config);
    expect(hasMaterialised(app.store.sql, D)).toBe(true);
    expect(stats.customers).toBeGreaterThan(0);
    const stored = await riskList(deps, managerIds.slice(0, 2), D);
    expect(stored.source).toBe("materialised");
    const view = (l: typeof stored) =>
      l.entries.map((e) => [e.customer.id, e.priority.score, e.signals, e.stage]);
    expect(view(stored)).toEqual(view(computed));
    expect(stored.entries.length).toBeGreaterThan(0);
  });
});
