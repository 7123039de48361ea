import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { importFile } from "../../../src/import/index.js";
import type { ImportKind } from "../../../src/import/types.js";
import {
  BILLS,
  CUSTOMERS,
  dumpStore,
  EVENTS,
  importOk,
  MANAGERS,
  type Rows,
  seedPeople,
  tempDir,
  USAGE,
  useFreshStores,
  writeFile,
} from "./helpers.js";

const open = useFreshStores();

const ALL: [ImportKind, Rows][] = [
  ["managers", MANAGERS],
  ["customers", CUSTOMERS],
  ["usage", USAGE],
  ["bills", BILLS],
  ["events", EVENTS],
];

async function importAll(shape: "utf8" | "bom" | "gbk" | "xlsx") {
  const store = open();
  const dir = tempDir();
  for (const [kind, rows] of ALL) {
    const report = await importOk(store, await writeFile(dir, kind, rows, shape), kind);
    expect(report, `${kind} ${shape}`).toMatchObject({
      rows: rows.length - 1,
      inserted: rows.length - 1,
      rejected: 0,
    });
    // An all-ASCII file is the same bytes in GBK and UTF-8, and is read as UTF-8.
    const ascii = rows.flat().every((cell) => /^[\x20-\x7e]*$/.test(String(cell)));
    const expected = { utf8: "utf8", bom: "utf8-bom", gbk: ascii ? "utf8" : "gbk", xlsx: "xlsx" }[shape];
    expect(report.encoding).toBe(expected);
  }
  return dumpStore(store);
}

describe("importing every kind in every encoding", () => {
  it("UTF-8 stores the values of the canonical columns", async () => {
    const dump = await importAll("utf8");
    expect(dump.Team).toEqual([{ _rowid: 1, id: "T1", name: "T1" }]);
    expect(dump.Manager[0]).toMatchObject({ id: "M1", teamId: "T1", role: "lead", telegramUserId: "1001" });
    expect(dump.Customer[1]).toMatchObject({
      id: "C2",
      segment: "group",
      groupId: "G1",
      vipLevel: "diamond",
      birthday: "1978-02-30", // a lunar 30th
      lunarBirthday: 1,
      contractEnd: null,
      status: "suspended",
    });
    expect(dump.Customer[2]).toMatchObject({
      sensitivity: null,
      personality: null,
      points: 0,
      status: "left",
    });
    expect(dump.DailyUsage[1]).toMatchObject({
      customerId: "C1",
      date: "2026-11-21",
      calls: 3,
      callMinutes: 12,
      dataMb: 900.25,
      spend: 2.1,
      competitorHotlineSeconds: 240,
      forwardedToCompetitor: 1,
    });
    expect(dump.Bill).toMatchObject([{ paidDate: null }, { paidDate: "2026-11-02" }]);
    expect(dump.Event.map((e) => (e as { note: string }).note)).toEqual([
      "咨询携号转网",
      "",
      "宽带断线，两次",
    ]);
  });

  it.each(["bom", "gbk", "xlsx"] as const)("%s gives exactly the same store as UTF-8", async (shape) => {
    expect(await importAll(shape)).toEqual(await importAll("utf8"));
  });
});

describe("Chinese exports", () => {
  it("reads a GBK customers file with Chinese headers and Chinese enum values", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const rows = [
      [
        "客户编号",
        "客户名称",
        "手机号码",
        "客户经理工号",
        "客户类型",
        "集团编号",
        "VIP等级",
        "ARPU",
        "入网日期",
        "协议到期日",
        "生日",
        "农历生日",
        "敏感类型",
        "性格",
        "状态",
        "积分",
      ],
      [
        "C9",
        "周芳",
        "13900000101",
        "M1",
        "集团",
        "G1",
        "钻石",
        "228.50",
        "2018/4/2",
        "20270131",
        "1982-09-09",
        "否",
        "服务敏感型",
        "完美型",
        "停机",
        "8600",
      ],
    ];
    const path = join(dir, "gbk.csv");
    writeFileSync(path, iconv.encode(`${rows.map((r) => r.join(",")).join("\r\n")}\r\n`, "gbk"));
    const report = await importOk(store, path, "customers");
    expect(report).toMatchObject({ encoding: "gbk", inserted: 1, rejected: 0 });
    expect(store.sql.prepare(`SELECT * FROM Customer WHERE id = 'C9'`).get()).toMatchObject({
      name: "周芳",
      segment: "group",
      vipLevel: "diamond",
      joinDate: "2018-04-02",
      contractEnd: "2027-01-31",
      sensitivity: "service",
      personality: "perfect",
      status: "suspended",
      lunarBirthday: 0,
    });
  });

  it("detects GBK even when the first 64 KB are plain ASCII", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const lines = ["customer_id,date,type,note"];
    for (let i = 0; i < 3000; i++)
      lines.push(`C1,2026-01-01,complaint,ascii note number ${i} padding padding`);
    lines.push("C1,2026-01-02,投诉,网络差");
    const path = join(dir, "late-gbk.csv");
    writeFileSync(path, iconv.encode(`${lines.join("\n")}\n`, "gbk"));
    const report = await importOk(store, path, "events");
    expect(report).toMatchObject({ encoding: "gbk", inserted: 3001, rejected: 0 });
    expect(store.sql.prepare(`SELECT type, note FROM Event WHERE date = '2026-01-02'`).get()).toEqual({
      type: "complaint",
      note: "网络差",
    });
  });

  it("reads typed XLSX cells: numbers, dates, booleans, only the first sheet", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("话单");
    sheet.addRow([
      "客户编号",
      "日期",
      "通话次数",
      "通话分钟",
      "流量(MB)",
      "话费",
      "竞品热线秒数",
      "呼转竞品",
    ]);
    sheet.addRow(["C1", new Date("2026-11-22T00:00:00Z"), 4, 20.5, 1024, 3.3, 60, true]);
    sheet.addRow(["C2", new Date("2026-11-22T00:00:00Z"), 0, 0, 0, 0]); // trailing cells left empty
    sheet.getColumn(2).numFmt = "yyyy-mm-dd";
    workbook.addWorksheet("second").addRow(["customer_id", "date"]);
    const path = join(dir, "usage.xlsx");
    await workbook.xlsx.writeFile(path);
    const report = await importOk(store, path, "usage");
    expect(report).toMatchObject({ encoding: "xlsx", inserted: 2, rejected: 0 });
    expect(store.sql.prepare(`SELECT * FROM DailyUsage ORDER BY customerId`).all()).toEqual([
      expect.objectContaining({
        customerId: "C1",
        date: "2026-11-22",
        calls: 4,
        dataMb: 1024,
        forwardedToCompetitor: 1,
      }),
      expect.objectContaining({ customerId: "C2", competitorHotlineSeconds: 0, forwardedToCompetitor: 0 }),
    ]);
  });
});

describe("files in no supported encoding", () => {
  it("refuses bytes that are neither UTF-8 nor GBK, and changes nothing", async () => {
    const store = open();
    const dir = tempDir();
    await seedPeople(store, dir);
    const before = dumpStore(store);
    const path = join(dir, "latin.csv");
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from("customer_id,date,type,note\nC1,2026-01-01,complaint,"),
        Buffer.from([0xff, 0xff, 0x0a]),
      ]),
    );
    const result = await importFile(store, path, "events");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: "encoding", file: path });
    expect(dumpStore(store)).toEqual(before);
  });

  it("refuses a GBK file forced to UTF-8, and UTF-16", async () => {
    const store = open();
    const dir = tempDir();
    const gbk = await writeFile(
      dir,
      "m",
      [
        ["工号", "姓名", "团队编号"],
        ["M7", "王五", "T7"],
      ],
      "gbk",
    );
    const forced = await importFile(store, gbk, "managers", { encoding: "utf8" });
    expect(forced.ok ? null : forced.error.code).toBe("encoding");
    const utf16 = join(dir, "utf16.csv");
    writeFileSync(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("manager_id,name,team_id\n", "utf16le")]),
    );
    const refused = await importFile(store, utf16, "managers");
    expect(refused.ok ? null : refused.error.code).toBe("encoding");
    expect(dumpStore(store).Manager).toEqual([]);
  });

  it("--encoding gbk reads a GBK file whose sample is ASCII-only", async () => {
    const store = open();
    const dir = tempDir();
    const path = await writeFile(
      dir,
      "m",
      [
        ["manager_id", "name", "team_id"],
        ["M7", "王五", "T7"],
      ],
      "gbk",
    );
    const report = await importOk(store, path, "managers", { encoding: "gbk" });
    expect(report.encoding).toBe("gbk");
    expect(store.sql.prepare(`SELECT name FROM Manager`).pluck().get()).toBe("王五");
  });
});
