/**
 * Writes the example import files under examples/ (committed; run again to reproduce them):
 * UTF-8 CSVs of every kind with canonical headers, consistent with each other (import managers,
 * then customers, then usage, bills, events), plus a GBK CSV of customers with Chinese headers
 * and Chinese enum values, and an XLSX of bills. `npx tsx scripts/make-examples.ts`
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

const dir = resolve(import.meta.dirname, "../examples");

const csv = (rows: (string | number)[][]) => `${rows.map((r) => r.join(",")).join("\n")}\n`;

const managers = [
  ["manager_id", "name", "team_id", "team_name", "role", "telegram_user_id", "slack_user_id"],
  ["E1001", "王丽", "T01", "城东政企一组", "lead", "", ""],
  ["E1002", "李强", "T01", "城东政企一组", "manager", "", ""],
  ["E1003", "陈静", "T02", "城西公众二组", "manager", "", ""],
];

const customers = [
  [
    "customer_id",
    "name",
    "phone",
    "manager_id",
    "segment",
    "group_id",
    "vip_level",
    "arpu",
    "join_date",
    "contract_end",
    "birthday",
    "lunar_birthday",
    "sensitivity",
    "personality",
    "status",
    "points",
  ],
  [
    "C0001",
    "张伟",
    "13800000001",
    "E1002",
    "personal",
    "",
    "gold",
    168,
    "2019-03-12",
    "2026-12-31",
    "1985-06-18",
    0,
    "price",
    "powerful",
    "active",
    5200,
  ],
  [
    "C0002",
    "刘洋",
    "13800000002",
    "E1002",
    "group",
    "G001",
    "diamond",
    388,
    "2016-08-01",
    "2027-03-31",
    "1978-02-30",
    1,
    "service",
    "perfect",
    "active",
    12800,
  ],
  [
    "C0003",
    "赵敏",
    "13800000003",
    "E1003",
    "personal",
    "",
    "standard",
    58,
    "2023-11-20",
    "",
    "1996-10-05",
    0,
    "",
    "lively",
    "active",
    300,
  ],
  [
    "C0004",
    "孙磊",
    "13800000004",
    "E1003",
    "personal",
    "",
    "silver",
    98,
    "2021-05-09",
    "2026-12-15",
    "",
    0,
    "brand",
    "peaceful",
    "suspended",
    1500,
  ],
];

const days = ["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"];
const usage = [
  [
    "customer_id",
    "date",
    "calls",
    "call_minutes",
    "data_mb",
    "spend",
    "competitor_hotline_seconds",
    "forwarded_to_competitor",
  ],
  ...days.flatMap((date, d) => [
    [
      "C0001",
      date,
      6 - d,
      32.5 - d * 5,
      1800 - d * 300,
      (5.6 - d * 0.8).toFixed(2),
      d >= 3 ? 240 : 0,
      d === 4 ? 1 : 0,
    ],
    ["C0002", date, 12, 85, 2600, 12.9, 0, 0],
    ["C0003", date, 2, 8.5, 900, 1.9, 0, 0],
  ]),
];

const bills = [
  ["customer_id", "month", "amount", "due_date", "paid_date"],
  ["C0001", "2026-09", 168, "2026-10-15", "2026-10-08"],
  ["C0001", "2026-10", 172.5, "2026-11-15", ""],
  ["C0002", "2026-10", 388, "2026-11-15", "2026-11-02"],
  ["C0004", "2026-10", 98, "2026-11-15", ""],
];

const events = [
  ["customer_id", "date", "type", "note"],
  ["C0001", "2026-11-19", "portability_inquiry", "到营业厅咨询携号转网"],
  ["C0001", "2026-11-21", "competitor_offer", "称友商推出 59 元不限量套餐"],
  ["C0003", "2026-11-10", "broadband_fault", "宽带断线两次"],
  ["C0004", "2026-11-05", "complaint", "对停机通知不满"],
];

/** Customers as a Chinese Excel export (GBK, Chinese headers and values) would have them. */
const customersGbk = [
  [
    "客户编号",
    "客户名称",
    "手机号码",
    "客户经理工号",
    "客户类型",
    "集团编号",
    "客户级别",
    "月均消费(元)",
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
    "C0101",
    "周芳",
    "13900000101",
    "E1001",
    "集团",
    "G001",
    "金卡",
    "228.50",
    "2018/4/2",
    "2027/1/31",
    "1982/9/9",
    "否",
    "服务敏感型",
    "完美型",
    "在网",
    "8600",
  ],
  [
    "C0102",
    "吴刚",
    "13900000102",
    "E1001",
    "个人",
    "",
    "普通",
    "45",
    "2024/2/29",
    "",
    "",
    "否",
    "价格敏感型",
    "活泼型",
    "在网",
    "120",
  ],
  [
    "C0103",
    "郑华",
    "13900000103",
    "E1003",
    "个人",
    "",
    "银卡",
    "99",
    "2020/7/15",
    "2026/12/20",
    "1990/1/30",
    "是",
    "安全敏感型",
    "和平型",
    "停机",
    "2300",
  ],
];

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "managers.csv"), csv(managers));
  writeFileSync(join(dir, "customers.csv"), csv(customers));
  writeFileSync(join(dir, "usage.csv"), csv(usage));
  writeFileSync(join(dir, "bills.csv"), csv(bills));
  writeFileSync(join(dir, "events.csv"), csv(events));
  writeFileSync(
    join(dir, "customers-gbk.csv"),
    iconv.encode(csv(customersGbk).replace(/\n/g, "\r\n"), "gbk"),
  );
  await writeBillsXlsx(join(dir, "bills-2026-11.xlsx"));
  console.log(`examples written to ${dir}`);
}

/** November bills as an XLSX with Chinese headers, real date cells and a number month cell. */
async function writeBillsXlsx(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  // A fixed timestamp keeps the file byte-for-byte reproducible.
  workbook.created = workbook.modified = new Date(Date.UTC(2026, 10, 23));
  const sheet = workbook.addWorksheet("账单");
  sheet.addRow(["客户编号", "账期", "金额", "缴费截止日", "缴费日期"]);
  const day = (s: string) => new Date(`${s}T00:00:00Z`);
  sheet.addRow(["C0001", "202611", 175.3, day("2026-12-15"), null]);
  sheet.addRow(["C0002", "202611", 388, day("2026-12-15"), day("2026-12-01")]);
  sheet.addRow(["C0101", "202611", 228.5, day("2026-12-15"), null]);
  for (const c of [4, 5]) sheet.getColumn(c).numFmt = "yyyy-mm-dd";
  await workbook.xlsx.writeFile(path);
}

await main();
