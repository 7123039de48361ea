import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { amendOutcomeDetails, sameOutcomeOnDay, warningContext } from "../../../src/store/outcome-details.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";

describe.each(eachStore)("outcome details on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await seedPeople(db, {
      ...TEAM_T1,
      customers: [["C1", "M1"]],
    });
    const warn = (day: string, code: string, level: number, stage: string | null) =>
      db.run(
        `INSERT INTO "Warning" ("day", "customerId", "code", "level", "evidence", "stage") VALUES (?, 'C1', ?, ?, '', ?)`,
        [day, code, level, stage],
      );
    await warn("2026-06-20", "complaint", 1, "mature");
    await warn("2026-06-28", "spend_drop", 2, "mature");
    await warn("2026-06-28", "contract_expiring", 1, "renewal");
    await warn("2026-07-05", "zero_spend", 1, "mature");
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("takes the warning context from the latest warned day in the look-back, most urgent first", async () => {
    expect(await warningContext(store.db, "C1", "2026-06-01", "2026-06-30")).toEqual({
      signals: "contract_expiring,spend_drop",
      stage: "renewal",
    });
    expect(await warningContext(store.db, "C1", "2026-06-01", "2026-06-25")).toEqual({
      signals: "complaint",
      stage: "mature",
    });
    expect(await warningContext(store.db, "C1", "2026-06-21", "2026-06-25")).toEqual({
      signals: null,
      stage: null,
    });
  });

  it("finds the manager's latest outcome of a kind on the day and amends its details", async () => {
    const log = (kind: string, day: string, managerId = "M1") =>
      store.db.run(
        `INSERT INTO "Outcome" ("customerId", "managerId", "kind", "day") VALUES ('C1', ?, ?, ?)`,
        [managerId, kind, day],
      );
    await log("contacted", "2026-06-30");
    await log("contacted", "2026-06-30");
    await log("contacted", "2026-06-30", "M2");
    await log("retained", "2026-06-30");
    const key = { customerId: "C1", managerId: "M1", day: "2026-06-30", kind: "contacted" };
    const latest = await sameOutcomeOnDay(store.db, key);
    expect(latest).toEqual({ id: 2, method: null, objectionId: null, objectionKind: null });
    const details = { method: "value", objectionId: "price", objectionKind: "real" };
    await amendOutcomeDetails(store.db, { customerId: "C2", id: 2 }, details); // not C2's outcome
    expect(await sameOutcomeOnDay(store.db, key)).toEqual(latest);
    await amendOutcomeDetails(store.db, { customerId: "C1", id: 2 }, details);
    expect(await sameOutcomeOnDay(store.db, key)).toEqual({
      id: 2,
      method: "value",
      objectionId: "price",
      objectionKind: "real",
    });
    expect(await sameOutcomeOnDay(store.db, { ...key, day: "2026-06-29" })).toBeNull();
  });
});
