/**
 * The churn card of `/customer` and the customer-id probe of the answer filter, on each store:
 * the stored score of today or of a recent day, or why there is none; ids found in any case.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { customerChurn } from "../../../src/services/churn/customer-churn.js";
import { existingCustomerIds } from "../../../src/store/customer-ids.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";

const TODAY = "2026-06-30";
const REASONS = [
  { feature: "recent_calls", value: 0, contribution: 0.5 },
  { feature: "arrears", value: 2, contribution: 0.25 },
];

describe.each(eachStore)("the churn card and customer ids on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    await seedPeople(store.db, {
      ...TEAM_T1,
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
        ["c3", "M2"],
      ],
    });
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  const model = (version: string, leavers: number, json: string | null) =>
    store.db.run(
      `INSERT INTO "ChurnModel" ("version", "trainedAt", "dataFrom", "dataTo", "holdoutDay", "rows", "leavers", "metrics", "model")
       VALUES (?, ?, '2026-01-01', '2026-05-01', '2026-06-01', 100, ?, '{}', ?)`,
      [version, new Date("2026-06-02T00:00:00Z"), leavers, json],
    );
  const score = (day: string, customerId: string, probability: number) =>
    store.db.run(
      `INSERT INTO "ChurnScore" ("day", "customerId", "probability", "reasons", "modelVersion") VALUES (?, ?, ?, ?, 'v2')`,
      [day, customerId, probability, JSON.stringify(REASONS)],
    );

  it("says why there is no score: no model, too few leavers, a damaged model", async () => {
    expect(await customerChurn(store.db, "C1", TODAY)).toEqual({ scored: false, why: "no_model" });
    await model("v1", 3, null);
    expect(await customerChurn(store.db, "C1", TODAY)).toEqual({
      scored: false,
      why: "too_few_leavers",
      leavers: 3,
    });
    await model("v2", 40, "{not json");
    expect(await customerChurn(store.db, "C1", TODAY)).toEqual({ scored: false, why: "model_invalid" });
  });

  it("shows today's score, else the newest of the last week with its day, for a customer scored", async () => {
    await model("v1", 3, null);
    await score("2026-06-20", "C1", 0.9);
    // Ten days old: not shown; the model's problem is said instead.
    expect(await customerChurn(store.db, "C1", TODAY)).toMatchObject({
      scored: false,
      why: "too_few_leavers",
    });
    await score("2026-06-27", "C1", 0.625);
    await score("2026-06-27", "C2", 0.125);
    expect(await customerChurn(store.db, "C1", TODAY)).toEqual({
      scored: true,
      day: "2026-06-27",
      probability: 0.625,
      reasons: REASONS,
      modelVersion: "v2",
    });
    await score(TODAY, "C2", 0.75);
    expect(await customerChurn(store.db, "C2", TODAY)).toMatchObject({
      scored: true,
      day: TODAY,
      probability: 0.75,
    });
    // Today is scored, but not this customer.
    expect(await customerChurn(store.db, "C1", TODAY)).toEqual({ scored: false, why: "customer_not_scored" });
    // A later score is not read on an earlier day.
    expect(await customerChurn(store.db, "C2", "2026-06-28")).toMatchObject({
      day: "2026-06-27",
      probability: 0.125,
    });
  });

  it("finds customer ids as written or upper-cased, each as given", async () => {
    expect(await existingCustomerIds(store.db, [])).toEqual(new Set());
    expect(await existingCustomerIds(store.db, ["C1", "c2", "C3", "c3", "C99", "M1"])).toEqual(
      new Set(["C1", "c2", "c3"]),
    );
  });
});
