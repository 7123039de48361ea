import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterEach } from "vitest";
import { importFile } from "../../../src/import/index.js";
import type { ImportKind, ImportReport } from "../../../src/import/types.js";
import { openStore, type Store } from "../../../src/store/database.js";
import { createTestDb } from "../../setup/test-app.js";

/** A fresh migrated store for one test. */
export function freshStore(): Store {
  return openStore(createTestDb().url);
}

/** Registers an afterEach that closes every store the returned `open()` made in the test. */
export function useFreshStores(): () => Store {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  return () => {
    const s = freshStore();
    stores.push(s);
    return s;
  };
}

export const tempDir = () => mkdtempSync(join(tmpdir(), "retainbot-import-"));

export type Rows = (string | number)[][];
export const toCsv = (rows: Rows, eol = "\n") => `${rows.map((r) => r.join(",")).join(eol)}${eol}`;

/** Writes rows as a file in one of the supported shapes; returns its path. */
export async function writeFile(
  dir: string,
  name: string,
  rows: Rows,
  shape: "utf8" | "bom" | "gbk" | "xlsx",
): Promise<string> {
  const path = join(dir, `${name}.${shape === "xlsx" ? "xlsx" : "csv"}`);
  if (shape === "utf8") writeFileSync(path, toCsv(rows));
  if (shape === "bom") writeFileSync(path, `\uFEFF${toCsv(rows, "\r\n")}`);
  if (shape === "gbk") writeFileSync(path, iconv.encode(toCsv(rows, "\r\n"), "gbk"));
  if (shape === "xlsx") {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("data");
    for (const row of rows) sheet.addRow(row);
    workbook.addWorksheet("ignored").addRow(["not", "read"]);
    await workbook.xlsx.writeFile(path);
  }
  return path;
}

/** Imports and expects a report (not a refusal). */
export async function importOk(
  store: Store,
  path: string,
  kind: ImportKind,
  options: Parameters<typeof importFile>[3] = {},
): Promise<ImportReport> {
  const result = await importFile(store, path, kind, options);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

const TABLES = ["Team", "Manager", "Customer", "DailyUsage", "Bill", "Event"] as const;
/** Every row of every imported table, for before/after comparisons. */
export function dumpStore(store: Store): Record<(typeof TABLES)[number], unknown[]> {
  const all = (t: string) => store.sql.prepare(`SELECT rowid AS _rowid, * FROM "${t}" ORDER BY rowid`).all();
  return Object.fromEntries(TABLES.map((t) => [t, all(t)])) as Record<(typeof TABLES)[number], unknown[]>;
}

export const MANAGERS: Rows = [
  ["manager_id", "name", "team_id", "role", "telegram_user_id", "slack_user_id"],
  ["M1", "王丽", "T1", "lead", "1001", "U1001"],
  ["M2", "李强", "T1", "manager", "", ""],
];

export const CUSTOMERS: Rows = [
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
    "C1",
    "张伟",
    "13800000001",
    "M1",
    "personal",
    "",
    "gold",
    "168.5",
    "2019-03-12",
    "2026-12-31",
    "1985-06-18",
    "0",
    "price",
    "powerful",
    "active",
    "5200",
  ],
  [
    "C2",
    "刘洋",
    "13800000002",
    "M2",
    "group",
    "G1",
    "diamond",
    "388",
    "2016-08-01",
    "",
    "1978-02-30",
    "1",
    "service",
    "perfect",
    "suspended",
    "0",
  ],
  [
    "C3",
    "赵敏",
    "13800000003",
    "M2",
    "personal",
    "",
    "standard",
    "0",
    "2023-11-20",
    "",
    "",
    "0",
    "",
    "",
    "left",
    "",
  ],
];

export const USAGE: Rows = [
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
  ["C1", "2026-11-20", "5", "30.5", "1800", "5.6", "0", "0"],
  ["C1", "2026-11-21", "3", "12", "900.25", "2.1", "240", "1"],
  ["C2", "2026-11-21", "12", "85", "2600", "12.9", "0", "0"],
];

export const BILLS: Rows = [
  ["customer_id", "month", "amount", "due_date", "paid_date"],
  ["C1", "2026-10", "172.5", "2026-11-15", ""],
  ["C2", "2026-10", "388", "2026-11-15", "2026-11-02"],
];

export const EVENTS: Rows = [
  ["customer_id", "date", "type", "note"],
  ["C1", "2026-11-19", "portability_inquiry", "咨询携号转网"],
  ["C1", "2026-11-21", "competitor_offer", ""],
  ["C3", "2026-11-10", "broadband_fault", "宽带断线，两次"],
];

/** Loads managers and customers so rows of the other kinds have something to refer to. */
export async function seedPeople(store: Store, dir: string): Promise<void> {
  await importOk(store, await writeFile(dir, "seed-managers", MANAGERS, "utf8"), "managers");
  await importOk(store, await writeFile(dir, "seed-customers", CUSTOMERS, "utf8"), "customers");
}
