import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { teamRetentionRates } from "../../../src/services/outcomes/what-works.js";
import { methodOutcomesOfTeam } from "../../../src/store/method-outcomes.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople } from "../../setup/store-seed.js";

describe.each(eachStore)("what works on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      teams: [
        ["T1", "team"],
        ["T2", "other"],
      ],
      managers: [
        ["M1", "m", "T1"],
        ["M2", "n", "T2"],
      ],
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
        ["C3", "M1"],
        ["C4", "M2"],
      ],
    });
    const outcome = (
      customerId: string,
      managerId: string,
      kindOf: string,
      day: string,
      method: string | null,
    ) =>
      db.run(
        `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day", "method", "signals", "stage", "note")
         VALUES (?, ?, ?, ?, ?, 'contract_expiring', 'C', '')`,
        [customerId, managerId, kindOf, day, method],
      );
    await outcome("C1", "M1", "lost", "2026-06-10", "cost"); // corrected the same day:
    await outcome("C1", "M1", "retained", "2026-06-10", "cost");
    await outcome("C2", "M1", "lost", "2026-06-12", "product");
    await outcome("C3", "M1", "retained", "2026-05-01", "cost"); // before the period
    await outcome("C3", "M1", "contacted", "2026-06-12", "cost"); // not an end
    await outcome("C4", "M2", "retained", "2026-06-12", "cost"); // another team
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("counts a team's latest retained or lost outcome of each customer's day, in the period", async () => {
    const rows = await methodOutcomesOfTeam(store.db, "T1", "2026-06-01", "2026-06-30");
    expect(rows.map((r) => [r.kind, r.method, r.signals, r.stage, r.vipLevel])).toEqual([
      ["retained", "cost", "contract_expiring", "C", "standard"],
      ["lost", "product", "contract_expiring", "C", "standard"],
    ]);
    const table = await teamRetentionRates(store.db, "T1", "2026-06-01", "2026-06-30", 1);
    const all = table.cells.filter((c) => c.signal === "*" && c.segment === "all");
    expect(all.map((c) => [c.method, c.cases, c.retained])).toEqual([
      ["cost", 1, 1],
      ["product", 1, 0],
    ]);
  });
});
