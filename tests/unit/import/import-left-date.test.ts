import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importOk, seedPeople, tempDir, useFreshStores } from "./helpers.js";

const open = useFreshStores();

describe("the day a customer left (issue 10: the churn model's label)", () => {
  it("imports 离网日期 / left_date with the status, and rejects a day that does not exist", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const path = join(dir, "leavers.csv");
    writeFileSync(
      path,
      [
        "客户编号,客户名称,手机号码,客户经理工号,入网日期,状态,离网日期",
        "L1,离网客户,13811113333,M1,2020-01-05,离网,2026-10-02",
        "L2,坏日期,13811113334,M1,2020-01-05,离网,2026-02-30",
        "L3,在网客户,13811113335,M1,2021-01-05,在网,",
      ].join("\n"),
    );
    const report = await importOk(store, path, "customers");
    expect(report).toMatchObject({ inserted: 2, rejected: 1 });
    expect(report.issues.map((i) => [i.line, i.column, i.code])).toEqual([[3, "left_date", "bad_date"]]);
    const rows = store.sql
      .prepare(`SELECT "id", "status", "leftDate" FROM "Customer" WHERE "id" IN ('L1', 'L3') ORDER BY "id"`)
      .all();
    expect(rows).toEqual([
      { id: "L1", status: "left", leftDate: "2026-10-02" },
      { id: "L3", status: "active", leftDate: null },
    ]);
  });
});
