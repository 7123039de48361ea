import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue, importFile } from "../../../src/import/index.js";
import {
  BILLS,
  CUSTOMERS,
  dumpStore,
  EVENTS,
  importOk,
  MANAGERS,
  seedPeople,
  tempDir,
  USAGE,
  useFreshStores,
  writeFile,
} from "./helpers.js";

const open = useFreshStores();
const brief = (i: { line: number; column: string | null; code: string }) => [i.line, i.column, i.code];

describe("rows that are rejected", () => {
  it("reports each bad customer row with line, column and reason, keeps the good rows, changes nothing else", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const before = dumpStore(store);
    const path = join(dir, "customers-bad.csv");
    writeFileSync(
      path,
      [
        "customer_id,name,phone,manager_id,join_date,vip_level,arpu",
        "N1,好客户,13811112222,M1,2024-01-31,gold,100", // line 2: good
        "N2,坏日期,13811112223,M1,2024-02-30,gold,100", // 3: no such day
        "N3,无经理,13811112224,M404,2024-01-05,gold,100", // 4: unknown manager
        "N1,重复,13811112225,M1,2024-01-05,gold,100", // 5: duplicate of line 2
        "N4,负数,13811112226,M1,2024-01-05,gold,-5", // 6: negative ARPU
        "N5,坏枚举,13811112227,M1,2024-01-05,platinum,5", // 7: bad enum
        "",
        "N6,好客户二,13811112228,M2,2024/3/1,银卡,", // 9 (after a blank line): good
      ].join("\n"),
    );
    const report = await importOk(store, path, "customers");
    expect(report).toMatchObject({ rows: 7, inserted: 2, updated: 0, unchanged: 0, rejected: 5 });
    expect(report.issues.map(brief)).toEqual([
      [3, "join_date", "bad_date"],
      [4, "manager_id", "unknown_manager"],
      [5, "customer_id", "duplicate_key"],
      [6, "arpu", "negative"],
      [7, "vip_level", "bad_enum"],
    ]);
    expect(report.issues[2]).toMatchObject({ file: path, detail: "2", value: "N1" });
    expect(formatIssue(report.issues[0]!, "en")).toBe(
      `${path}:3 join_date = "2024-02-30": not a valid date (YYYY-MM-DD, a day that exists)`,
    );
    expect(formatIssue(report.issues[4]!, "zh")).toContain("可选：diamond|gold|silver|standard");
    const after = dumpStore(store);
    expect(after.Customer.slice(before.Customer.length)).toEqual([
      expect.objectContaining({ id: "N1", name: "好客户", joinDate: "2024-01-31", vipLevel: "gold" }),
      expect.objectContaining({ id: "N6", joinDate: "2024-03-01", vipLevel: "silver", arpu: 0 }),
    ]);
    expect({ ...after, Customer: before.Customer }).toEqual(before);
  });

  it("rejects negative spend, unknown customers and in-file duplicates of usage", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const path = await writeFile(
      dir,
      "usage-bad",
      [
        USAGE[0]!,
        ["C1", "2026-11-01", "1", "1", "1", "-0.5", "0", "0"],
        ["C404", "2026-11-01", "1", "1", "1", "1", "0", "0"],
        ["C1", "2026-11-02", "1.5", "1", "1", "1", "0", "maybe"],
        ["C2", "2026-11-02", "1", "1", "1", "1", "0", "是"],
        ["C2", "2026-11-02", "2", "1", "1", "1", "0", "0"],
      ],
      "utf8",
    );
    const report = await importOk(store, path, "usage");
    expect(report).toMatchObject({ inserted: 1, rejected: 4 });
    expect(report.issues.map(brief)).toEqual([
      [2, "spend", "negative"],
      [3, "customer_id", "unknown_customer"],
      [4, "calls", "not_integer"],
      [4, "forwarded_to_competitor", "bad_boolean"],
      [6, "customer_id", "duplicate_key"],
    ]);
    expect(store.sql.prepare(`SELECT calls, forwardedToCompetitor FROM DailyUsage`).all()).toEqual([
      { calls: 1, forwardedToCompetitor: 1 },
    ]);
  });

  it("counts physical lines across quoted fields with newlines, and reports field-count mismatches", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const path = join(dir, "events.csv");
    writeFileSync(
      path,
      'customer_id,date,type,note\r\nC1,2026-11-01,complaint,"line one\r\nline two, with a comma"\r\nC1,2026-11-02,complaint\r\nC1,2026-13-01,投诉,x\r\n',
    );
    const report = await importOk(store, path, "events");
    expect(report.issues.map(brief)).toEqual([
      [4, null, "field_count"],
      [5, "date", "bad_date"],
    ]);
    expect(store.sql.prepare(`SELECT note FROM Event`).pluck().get()).toBe(
      "line one\r\nline two, with a comma",
    );
  });

  it("reports a chat id already used by another manager instead of failing the file", async () => {
    const store = open();
    const dir = tempDir();
    await importOk(store, await writeFile(dir, "m", MANAGERS, "utf8"), "managers");
    const path = await writeFile(dir, "m2", [MANAGERS[0]!, ["M3", "新人", "T2", "组长", "1001", ""]], "utf8");
    const report = await importOk(store, path, "managers");
    expect(report.issues.map(brief)).toEqual([[2, "telegram_user_id", "chat_id_taken"]]);
    expect(report.issues[0]!.detail).toBe("M1");
    expect(dumpStore(store).Team).toHaveLength(1); // no team T2 left behind
  });
});

describe("files that are refused as a whole", () => {
  it("names a missing required column (by its canonical name) and writes nothing", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const before = dumpStore(store);
    const path = await writeFile(
      dir,
      "bills",
      [
        ["客户编号", "账期", "金额"],
        ["C1", "202611", "10"],
      ],
      "utf8",
    );
    const result = await importFile(store, path, "bills");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "missing_columns", columns: ["due_date"] });
    expect(result.error.message).toContain("due_date");
    expect(dumpStore(store)).toEqual(before);
  });

  it("refuses two headers meaning the same column, an empty file and a missing file", async () => {
    const store = open();
    const dir = tempDir();
    const dup = await writeFile(dir, "dup", [["工号", "manager_id", "name", "team_id"]], "utf8");
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    const codes = [];
    for (const path of [dup, empty, join(dir, "nope.csv")]) {
      const r = await importFile(store, path, "managers");
      codes.push(r.ok ? "ok" : r.error.code);
    }
    expect(codes).toEqual(["duplicate_columns", "empty", "not_found"]);
  });
});

describe("re-importing and updating", () => {
  it("re-importing the same files changes nothing at all", async () => {
    const store = open();
    const dir = tempDir();
    const files = [
      ["managers", MANAGERS],
      ["customers", CUSTOMERS],
      ["usage", USAGE],
      ["bills", BILLS],
      ["events", EVENTS],
    ] as const;
    for (const [kind, rows] of files)
      await importOk(store, await writeFile(dir, kind, [...rows], "utf8"), kind);
    const before = dumpStore(store);
    for (const [kind, rows] of files) {
      const report = await importOk(store, join(dir, `${kind}.csv`), kind);
      expect(report, kind).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: rows.length - 1,
        rejected: 0,
      });
      expect(report.teamsCreated).toBe(0);
    }
    expect(dumpStore(store)).toEqual(before);
  });

  it("updates changed rows by natural key, only the columns the file has", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const path = await writeFile(
      dir,
      "c2",
      [
        ["customer_id", "name", "phone", "manager_id", "join_date", "vip_level"],
        ["C1", "张伟", "13800000001", "M1", "2019-03-12", "diamond"],
        ["C2", "刘洋", "13800000002", "M2", "2016-08-01", "diamond"],
      ],
      "utf8",
    );
    const report = await importOk(store, path, "customers");
    expect(report).toMatchObject({ updated: 1, unchanged: 1 });
    // Columns not in the file keep their values.
    expect(store.sql.prepare(`SELECT vipLevel, arpu, points FROM Customer WHERE id = 'C1'`).get()).toEqual({
      vipLevel: "diamond",
      arpu: 168.5,
      points: 5200,
    });
    // A key twice in one file: the second is rejected, whether the first was new or already stored.
    const twice = await writeFile(
      dir,
      "twice",
      [BILLS[0]!, BILLS[1]!, ["C1", "2026-10", "1", "2026-11-15", ""]],
      "utf8",
    );
    const fresh = await importOk(store, twice, "bills");
    expect(fresh).toMatchObject({ inserted: 1, rejected: 1 });
    expect(fresh.issues.map(brief)).toEqual([[3, "customer_id", "duplicate_key"]]);
    const again = await importOk(store, twice, "bills");
    expect(again).toMatchObject({ unchanged: 1, rejected: 1 });
    expect(again.issues[0]).toMatchObject({ line: 3, code: "duplicate_key", detail: "2" });
    expect(store.sql.prepare(`SELECT amount FROM Bill`).pluck().all()).toEqual([172.5]);
  });
});
