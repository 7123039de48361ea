import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../src/store/database.js";
import { OPEN_BILLS, openBillsOn } from "../../../src/store/open-bills.js";
import { seedPeople, TEAM_T1 } from "../../setup/store-seed.js";
import { createTestDb } from "../../setup/test-app.js";

describe("the bills open on a day (SQLite, the daily job)", () => {
  let store: Store;
  beforeEach(async () => {
    store = openStore(createTestDb().url);
    await seedPeople(store.db, {
      ...TEAM_T1,
      customers: [
        ["C1", "M1"],
        ["C2", "M1"],
      ],
    });
    const bill = store.sql.prepare(
      "INSERT INTO Bill (customerId, month, amount, dueDate, paidDate) VALUES (?, ?, ?, ?, ?)",
    );
    bill.run("C2", "2026-05", 58.5, "2026-06-15", null);
    bill.run("C1", "2026-06", 99, "2026-07-15", null);
    bill.run("C1", "2026-05", 88, "2026-06-15", "2026-07-02"); // paid after D: open on D
    bill.run("C1", "2026-04", 77, "2026-05-15", "2026-05-10"); // paid before D
    bill.run("C2", "2026-04", 66, "2026-05-15", "2026-06-30"); // paid on D
  });
  afterEach(() => store.close());

  it("reads the unpaid bills and those paid after the day, by customer and month", () => {
    expect(openBillsOn(store.sql, "2026-06-30")).toEqual([
      { customerId: "C1", month: "2026-05", amount: 88, dueDate: "2026-06-15", paidDate: "2026-07-02" },
      { customerId: "C1", month: "2026-06", amount: 99, dueDate: "2026-07-15", paidDate: null },
      { customerId: "C2", month: "2026-05", amount: 58.5, dueDate: "2026-06-15", paidDate: null },
    ]);
  });

  it("reads them from the index alone, never a bill's row", () => {
    const plan = store.sql.prepare(`EXPLAIN QUERY PLAN ${OPEN_BILLS}`).all("2026-06-30") as {
      detail: string;
    }[];
    const reads = plan.map((step) => step.detail).filter((detail) => /^(SCAN|SEARCH) Bill/.test(detail));
    expect(reads).toHaveLength(2);
    for (const read of reads)
      expect(read).toMatch(/USING COVERING INDEX Bill_paidDate_dueDate_customerId_month_amount_idx/);
  });
});
