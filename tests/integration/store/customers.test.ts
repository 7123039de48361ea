import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { billsForCare, currentCustomersOf, matchingCustomers } from "../../../src/store/customers.js";
import { eachStore, type TestStore } from "../../setup/each-store.js";

describe.each(eachStore)("customers on $name", (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const { db } = store;
    await db.run(`INSERT INTO "Team" ("id", "name") VALUES ('T1', 'team')`);
    await db.run(
      `INSERT INTO "Manager" ("id", "name", "teamId") VALUES ('M1', 'm', 'T1'), ('M2', 'n', 'T1'), ('M3', 'o', 'T1')`,
    );
    const customer = (id: string, name: string, managerId: string, status: string, joinDate: string) =>
      db.run(
        `INSERT INTO "Customer" ("id", "name", "phone", "managerId", "status", "joinDate", "arpu", "points",
           "birthday", "lunarBirthday", "vipLevel")
         VALUES (?, ?, '13800000000', ?, ?, ?, 88.5, 120, '1980-08-15', ?, 'gold')`,
        [id, name, managerId, status, joinDate, id === "C2"],
      );
    await customer("C3", "张三丰", "M1", "active", "2020-01-01");
    await customer("C1", "张三", "M1", "active", "2026-05-01");
    await customer("C2", "李四", "M2", "suspended", "2020-01-01");
    await customer("C4", "王五", "M1", "left", "2020-01-01");
    await customer("C5", "张三", "M3", "active", "2020-01-01");
    const bill = (customerId: string, month: string, dueDate: string, paidDate: string | null) =>
      db.run(
        `INSERT INTO "Bill" ("customerId", "month", "amount", "dueDate", "paidDate") VALUES (?, ?, 58.5, ?, ?)`,
        [customerId, month, dueDate, paidDate],
      );
    await bill("C1", "2026-05", "2026-06-15", "2026-06-10");
    await bill("C1", "2026-06", "2026-07-15", null);
    await bill("C3", "2026-04", "2026-05-15", "2026-05-10");
    await bill("C3", "2026-05", "2026-06-15", "2026-07-02");
    await bill("C3", "2026-06", "2026-07-15", null);
    await bill("C5", "2026-06", "2026-07-15", null);
  }, 60_000);
  afterEach(async () => {
    await store.close();
  });

  it("lists the managers' current customers in id order, with the profile's types", async () => {
    const customers = await currentCustomersOf(store.db, ["M1", "M2"]);
    expect(customers.map((c) => c.id)).toEqual(["C1", "C2", "C3"]);
    expect(customers[1]).toEqual({
      id: "C2",
      name: "李四",
      phone: "13800000000",
      managerId: "M2",
      segment: "personal",
      groupId: null,
      vipLevel: "gold",
      arpu: 88.5,
      joinDate: "2020-01-01",
      contractEnd: null,
      birthday: "1980-08-15",
      lunarBirthday: true,
      sensitivity: null,
      personality: null,
      status: "suspended",
      points: 120,
    });
    expect(customers[0]?.lunarBirthday).toBe(false);
    expect(await currentCustomersOf(store.db, [])).toEqual([]);
  });

  it("matches by id in any case, whole name or part of it, among the managers' customers only", async () => {
    const ids = async (match: "id" | "name" | "name_part", text: string, managers = ["M1", "M2"]) =>
      (await matchingCustomers(store.db, managers, match, text, 5)).map((c) => c.id);
    expect(await ids("id", "c3")).toEqual(["C3"]);
    expect(await ids("id", "C5")).toEqual([]);
    expect(await ids("name", "张三")).toEqual(["C1"]);
    expect(await ids("name", "张三", ["M1", "M3"])).toEqual(["C1", "C5"]);
    expect(await ids("name_part", "三")).toEqual(["C1", "C3"]);
    expect(await ids("name_part", "王")).toEqual(["C4"]);
    expect(await ids("name_part", "%")).toEqual([]);
    expect((await matchingCustomers(store.db, ["M1"], "name_part", "", 2)).map((c) => c.id)).toEqual([
      "C1",
      "C3",
    ]);
  });

  it("reads the bills unpaid on the day, and every bill of a customer who joined recently", async () => {
    const bills = await billsForCare(store.db, ["C1", "C3", "C2"], "2026-06-30", "2026-03-01");
    expect(bills.map((b) => `${b.customerId} ${b.month}`)).toEqual([
      "C1 2026-05",
      "C1 2026-06",
      "C3 2026-05",
      "C3 2026-06",
    ]);
    expect(bills[0]).toEqual({
      customerId: "C1",
      month: "2026-05",
      amount: 58.5,
      dueDate: "2026-06-15",
      paidDate: "2026-06-10",
    });
    expect(await billsForCare(store.db, ["C1"], "2026-06-30", "2026-06-01")).toHaveLength(1);
  });
});
