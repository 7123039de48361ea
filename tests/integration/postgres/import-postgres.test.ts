/**
 * Issue 14, item 2: imports into PostgreSQL through COPY into a staging table and one upsert, in
 * one transaction. The same files go into a SQLite store and a PostgreSQL store holding the same
 * customers: the reports (counts, issues, their order) and the rows written must be the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { SqliteApp as App } from "../../../src/app.js";
import {
  type ImportKind,
  type ImportReport,
  importFile,
  importFileToPostgres,
} from "../../../src/import/index.js";
import { XLSX_LIMITS } from "../../../src/import/limits.js";
import { describePostgres, type ScratchDatabase, scratchPostgres } from "../../setup/postgres.js";
import { runCli } from "../../setup/run-cli.js";
import { createTestApp } from "../../setup/test-app.js";

const TODAY = "2026-06-30";
const CUSTOMERS = ["C1", "C2", "C3"];

let app: App;
let database: ScratchDatabase;
let pool: pg.Pool;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "retainbot-pg-import-"));
  app = createTestApp({ asOf: TODAY });
  database = await scratchPostgres({ migrated: true });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const seed: [string, string[]][] = [
    ['INSERT INTO "Team" ("id", "name") VALUES (?, ?)', ["T1", "城东一组"]],
    [
      'INSERT INTO "Manager" ("id", "name", "teamId", "role") VALUES (?, ?, ?, ?)',
      ["M1", "吴经理", "T1", "manager"],
    ],
    ...CUSTOMERS.map((id): [string, string[]] => [
      'INSERT INTO "Customer" ("id", "name", "phone", "managerId", "joinDate") VALUES (?, ?, ?, ?, ?)',
      [id, `客户${id}`, "13800000000", "M1", "2020-01-01"],
    ]),
  ];
  for (const [text, params] of seed) await runBoth(text, params);
});
afterEach(async () => {
  await pool.end();
  await app.store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Waits until a statement like `query` (a LIKE pattern) waits on a lock, e.g. another transaction's row. */
async function waitForLock(query: string): Promise<void> {
  for (let waited = 0; ; waited += 50) {
    const locked = await pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
      [query],
    );
    if (locked.rowCount) return;
    if (waited > 20_000) throw new Error("the import never waited on the other transaction");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One statement (`?` placeholders) on both stores. */
async function runBoth(text: string, params: readonly (string | null)[]): Promise<void> {
  app.store.sql.prepare(text).run(...params);
  let n = 0;
  await pool.query(
    text.replace(/\?/g, () => `$${++n}`),
    [...params],
  );
}

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/** The same file into both stores; the reports, without what differs by nature (time). */
async function importBoth(
  path: string,
  kind: ImportKind,
  maxIssues?: number,
): Promise<{ sqlite: unknown; postgres: unknown }> {
  const options = { today: TODAY, ...(maxIssues ? { maxIssues } : {}) };
  const strip = (r: ImportReport) => ({ ...r, durationMs: 0 });
  const sqlite = await importFile(app.store, path, kind, options);
  const postgres = await importFileToPostgres(pool, path, kind, options);
  return {
    sqlite: sqlite.ok ? strip(sqlite.value) : sqlite.error,
    postgres: postgres.ok ? strip(postgres.value) : postgres.error,
  };
}

async function rowsBoth(table: string, columns: string[], order: string[]) {
  const list = columns.map((c) => `"${c}"`).join(", ");
  const by = order.map((c) => `"${c}"`).join(", ");
  const sqlite = app.store.sql.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${by}`).all();
  const postgres = (await pool.query(`SELECT ${list} FROM "${table}" ORDER BY ${by}`)).rows;
  return { sqlite, postgres };
}

const MANAGER_HEADER = "manager_id,name,team_id,team_name,role,telegram_user_id,slack_user_id";
const CUSTOMER_HEADER =
  "customer_id,name,phone,manager_id,vip_level,arpu,join_date,contract_end,lunar_birthday";
const CUSTOMER_COLUMNS = [
  "id",
  "name",
  "phone",
  "managerId",
  "segment",
  "vipLevel",
  "arpu",
  "joinDate",
  "contractEnd",
  "lunarBirthday",
  "status",
  "points",
];

/** SQLite keeps booleans as 0/1. */
const withBooleans = (row: unknown) => {
  const r = row as Record<string, unknown>;
  return { ...r, lunarBirthday: r.lunarBirthday === 1 };
};

async function xlsx(name: string, rows: unknown[][]): Promise<string> {
  const path = join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("data");
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
  return path;
}

const USAGE_HEADER =
  "customer_id,date,calls,call_minutes,data_mb,spend,competitor_hotline_seconds,forwarded_to_competitor";

describePostgres("importing into PostgreSQL", () => {
  it("gives the SQLite import's report and rows: unknown customers, in-file duplicates, bad cells, re-imports", async () => {
    const first = csv("usage.csv", [
      USAGE_HEADER,
      "C1,2026-06-01,5,30.5,100.25,12.5,0,0",
      "C2,2026-06-01,0,0,0,0,75,1",
      "C9,2026-06-01,1,1,1,1,0,0", // no such customer
      "C1,2026-06-01,9,9,9,9,0,0", // the key of line 2 again
      "C3,2026-13-01,1,1,1,1,0,0", // no such date
      "C3,2026-06-02,1,,2,3,0,0",
      "",
      "C2,2026-06-02,4,4,4,4,0,0",
    ]);
    const once = await importBoth(first, "usage");
    expect(once.postgres).toEqual(once.sqlite);
    expect(once.postgres).toMatchObject({ rows: 7, inserted: 4, updated: 0, unchanged: 0, rejected: 3 });
    expect((once.postgres as ImportReport).issues.map((i) => [i.line, i.code])).toEqual([
      [4, "unknown_customer"],
      [5, "duplicate_key"],
      [6, expect.any(String)],
    ]);

    const again = await importBoth(first, "usage");
    expect(again.postgres).toEqual(again.sqlite);
    expect(again.postgres).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 3 });
    // With room for one issue, the same one is kept and the same others counted.
    const limited = await importBoth(first, "usage", 1);
    expect(limited.postgres).toEqual(limited.sqlite);
    expect(limited.postgres).toMatchObject({ issuesOmitted: 2 });

    // A correction: one value changed, one row as it was, a new day; columns absent stay as they were.
    const corrected = csv("usage-corrected.csv", [
      "customer_id,date,calls,call_minutes,data_mb,spend",
      "C1,2026-06-01,5,30.5,100.25,13",
      "C2,2026-06-01,0,0,0,0",
      "C3,2026-06-03,1,1,1,7",
    ]);
    const fixed = await importBoth(corrected, "usage");
    expect(fixed.postgres).toEqual(fixed.sqlite);
    expect(fixed.postgres).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, rejected: 0 });

    const columns = [
      "customerId",
      "date",
      "calls",
      "callMinutes",
      "dataMb",
      "spend",
      "competitorHotlineSeconds",
    ];
    const rows = await rowsBoth("DailyUsage", columns, ["customerId", "date"]);
    expect(rows.postgres).toEqual(rows.sqlite);
    expect(rows.postgres).toHaveLength(5);
    const forwarded = await pool.query(
      `SELECT "forwardedToCompetitor" AS f FROM "DailyUsage" WHERE "customerId" = 'C2' AND "date" = '2026-06-01'`,
    );
    expect(forwarded.rows).toEqual([{ f: true }]);
  }, 60_000);

  it("keeps free text exactly: tabs, backslashes, line breaks and quotes in an event's note", async () => {
    const events = csv("events.csv", [
      "customer_id,date,type,note",
      'C1,2026-06-20,complaint,"网速慢\t晚上\\n尤其"',
      'C1,2026-06-21,complaint,"两行\n的备注 ""引号"""',
      "C2,2026-06-22,portability_inquiry,",
      'C1,2026-06-20,complaint,"网速慢\t晚上\\n尤其"',
    ]);
    const result = await importBoth(events, "events");
    expect(result.postgres).toEqual(result.sqlite);
    expect(result.postgres).toMatchObject({ inserted: 3, rejected: 1 });
    const rows = await rowsBoth("Event", ["customerId", "date", "type", "note"], ["customerId", "date"]);
    expect(rows.postgres).toEqual(rows.sqlite);
    expect(rows.postgres.map((r) => r.note)).toEqual(["网速慢\t晚上\\n尤其", '两行\n的备注 "引号"', ""]);
  }, 60_000);

  it("writes bills with their empty paid dates as null", async () => {
    const bills = csv("bills.csv", [
      "customer_id,month,amount,due_date,paid_date",
      "C1,2026-05,300,2026-06-15,2026-06-10",
      "C2,2026-05,80.5,2026-06-15,",
    ]);
    const result = await importBoth(bills, "bills");
    expect(result.postgres).toEqual(result.sqlite);
    const rows = await rowsBoth(
      "Bill",
      ["customerId", "month", "amount", "dueDate", "paidDate"],
      ["customerId"],
    );
    expect(rows.postgres).toEqual(rows.sqlite);
    expect(rows.postgres[1]).toMatchObject({ paidDate: null, amount: 80.5 });
  }, 60_000);

  it("refuses a file that breaks at its end and leaves the store as it was, through the parser thread too", async () => {
    const good = csv("good.csv", [USAGE_HEADER, "C1,2026-06-01,5,30,100,12,0,0"]);
    expect((await importFileToPostgres(pool, good, "usage", { today: TODAY })).ok).toBe(true);
    const lines = [USAGE_HEADER];
    for (let d = 1; d <= 28; d++) lines.push(`C2,2026-05-${String(d).padStart(2, "0")},1,1,1,1,0,0`);
    lines.push('C3,2026-06-01,1,1,1,1,0,"0');
    const broken = csv("broken.csv", lines);
    // In one batch, and in batches of 8 (COPY is open when the break is found).
    for (const pipeline of [{ use: true }, { use: true, batchRows: 8 }]) {
      const result = await importFileToPostgres(pool, broken, "usage", { today: TODAY, pipeline });
      expect(result.ok ? "imported" : result.error.code).toBe("malformed");
      const count = await pool.query<{ n: string }>('SELECT count(*) AS n FROM "DailyUsage"');
      expect(count.rows[0]?.n).toBe("1");
    }
  }, 60_000);

  it("refuses an all-new usage file whose key another transaction commits meanwhile, keeping that row", async () => {
    // No key of the file is stored when the import counts them, so it writes with a plain INSERT;
    // another transaction's uncommitted row with one of its keys makes that INSERT wait, and its
    // commit makes it fail on the unique key: the import is refused and rolled back, nothing lost.
    const file = csv("new-day.csv", [
      USAGE_HEADER,
      "C1,2026-06-05,5,30,100,12,0,0",
      "C2,2026-06-05,1,1,1,1,0,0",
    ]);
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        `INSERT INTO "DailyUsage" ("customerId", "date", "calls") VALUES ('C2', '2026-06-05', 77)`,
      );
      const importing = importFileToPostgres(pool, file, "usage", { today: TODAY });
      await waitForLock('INSERT INTO "DailyUsage"%');
      await other.query("COMMIT");
      const result = await importing;
      expect(result.ok ? "imported" : result.error.code).toBe("write_failed");
      const stored = await pool.query(`SELECT "customerId", "calls" FROM "DailyUsage" ORDER BY "customerId"`);
      expect(stored.rows).toEqual([{ customerId: "C2", calls: 77 }]);
      // Run again, it finds C2's key stored and upserts: C1 inserted, C2 updated to the file's values.
      const again = await importFileToPostgres(pool, file, "usage", { today: TODAY });
      expect(again.ok && again.value).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    } finally {
      await other.end();
    }
  }, 60_000);

  it("counts a key another transaction commits during the upsert as updated or unchanged, not inserted", async () => {
    // C1's bill is stored, so the import upserts. Another transaction inserts C2's key (not stored
    // when the import counts the stored keys) and commits while the upsert waits on that row: the
    // upsert then updates it (another amount) or leaves it (the file's amount).
    const header = "customer_id,month,amount,due_date,paid_date";
    const stored = csv("stored.csv", [header, "C1,2026-05,300,2026-06-15,"]);
    expect((await importFileToPostgres(pool, stored, "bills", { today: TODAY })).ok).toBe(true);
    const file = csv("bills.csv", [
      header,
      "C1,2026-05,301,2026-06-15,", // changed: updated
      "C2,2026-05,80.5,2026-06-15,", // raced
      "C3,2026-05,99,2026-06-15,", // new: inserted
    ]);
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      for (const [amount, expected] of [
        [77, { inserted: 1, updated: 2, unchanged: 0 }],
        [80.5, { inserted: 1, updated: 1, unchanged: 1 }],
      ] as const) {
        await pool.query(`DELETE FROM "Bill" WHERE "customerId" IN ('C2', 'C3')`);
        await pool.query(`UPDATE "Bill" SET "amount" = 300 WHERE "customerId" = 'C1'`);
        await other.query("BEGIN");
        await other.query(
          `INSERT INTO "Bill" ("customerId", "month", "amount", "dueDate") VALUES ('C2', '2026-05', $1, '2026-06-15')`,
          [amount],
        );
        const importing = importFileToPostgres(pool, file, "bills", { today: TODAY });
        await waitForLock('%INSERT INTO "Bill"%ON CONFLICT%');
        await other.query("COMMIT");
        const result = await importing;
        expect(result.ok && result.value, `C2 committed with ${amount}`).toMatchObject(expected);
        const rows = await pool.query(`SELECT "customerId", "amount" FROM "Bill" ORDER BY "customerId"`);
        expect(rows.rows).toEqual([
          { customerId: "C1", amount: 301 },
          { customerId: "C2", amount: 80.5 },
          { customerId: "C3", amount: 99 },
        ]);
      }
    } finally {
      await other.end();
    }
  }, 60_000);

  it("imports managers as SQLite does: teams created and renamed, case twins, chat ids taken, duplicates, bad cells", async () => {
    await runBoth('UPDATE "Manager" SET "telegramUserId" = ?, "slackUserId" = ? WHERE "id" = ?', [
      "7001",
      "U7001",
      "M1",
    ]);
    const first = csv("managers.csv", [
      MANAGER_HEADER,
      "M2,张伟,T2,,manager,7002,",
      "m1,李四,T1,,manager,,", // a case twin of the stored M1
      "M3,王芳,T1,城东二组,lead,7001,", // M1's Telegram id
      "M4,赵敏,T3,城西一组,boss,,", // no such role
      "M5,钱进,T3,城西组,manager,,U7005",
      "m5,孙悦,T3,,manager,,", // a case twin of line 6
      "M5,周全,T4,城北组,manager,,", // line 6's key again: T4 is not created
      "M6,吴用,T2,城南组,manager,,U7001", // M1's Slack id
      "M6,吴用,T2,城南组,manager,,", // line 9 had a problem: this one is the first M6
      "M7,郑和,T5,,manager,,",
    ]);
    const once = await importBoth(first, "managers");
    expect(once.postgres).toEqual(once.sqlite);
    expect(once.postgres).toMatchObject({ rows: 10, inserted: 4, rejected: 6, teamsCreated: 3 });
    expect((once.postgres as ImportReport).issues.map((i) => [i.line, i.code, i.detail])).toEqual([
      [3, "case_twin_store", "M1"],
      [4, "chat_id_taken", "M1"],
      [5, "bad_enum", expect.any(String)],
      [7, "case_twin_file", "6|M5"],
      [8, "duplicate_key", "6"],
      [9, "chat_id_taken", "M1"],
    ]);
    const limited = await importBoth(first, "managers", 2);
    expect(limited.postgres).toEqual(limited.sqlite);
    expect(limited.postgres).toMatchObject({ issuesOmitted: 4 });
    expect(await rowsBoth("Team", ["id"], ["id"])).toMatchObject({ postgres: [{}, {}, {}, {}] });
    const again = await importBoth(first, "managers");
    expect(again.postgres).toEqual(again.sqlite);
    expect(again.postgres).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, teamsCreated: 0 });

    // A correction: a new name, a move to another team, the Telegram id M3 could not take now free.
    await runBoth('UPDATE "Manager" SET "telegramUserId" = NULL WHERE "id" = ?', ["M1"]);
    const corrected = csv("managers-corrected.csv", [
      "manager_id,name,team_id,team_name,telegram_user_id",
      "M2,张伟伟,T2,城南新组,7002",
      "M3,王芳,T1,,7001",
      "M5,钱进,T2,,",
      "M1,吴经理,T1,,",
    ]);
    const fixed = await importBoth(corrected, "managers");
    expect(fixed.postgres).toEqual(fixed.sqlite);
    expect(fixed.postgres).toMatchObject({ inserted: 1, updated: 2, unchanged: 1, rejected: 0 });
    const managers = await rowsBoth(
      "Manager",
      ["id", "name", "teamId", "role", "telegramUserId", "slackUserId"],
      ["id"],
    );
    expect(managers.postgres).toEqual(managers.sqlite);
    expect(managers.postgres.map((m) => m.id)).toEqual(["M1", "M2", "M3", "M5", "M6", "M7"]);
    const teams = await rowsBoth("Team", ["id", "name"], ["id"]);
    expect(teams.postgres).toEqual(teams.sqlite);
    expect(teams.postgres).toEqual([
      { id: "T1", name: "城东一组" },
      { id: "T2", name: "城南新组" },
      { id: "T3", name: "城西组" },
      { id: "T5", name: "T5" },
    ]);
  }, 60_000);

  it("refuses a managers file whose new rows share a chat id, leaving managers and teams as they were", async () => {
    const clash = csv("managers-clash.csv", [
      MANAGER_HEADER,
      "M2,张伟,T2,城南组,manager,7002,",
      "M3,王芳,T2,城南组,manager,7002,",
    ]);
    const result = await importFileToPostgres(pool, clash, "managers", { today: TODAY });
    expect(result.ok ? "imported" : result.error.code).toBe("write_failed");
    const sqlite = await importFile(app.store, clash, "managers", { today: TODAY });
    expect(sqlite.ok ? "imported" : sqlite.error.code).toBe("write_failed");
    const teams = await rowsBoth("Team", ["id"], ["id"]);
    expect(teams.postgres).toEqual([{ id: "T1" }]);
    expect(teams.postgres).toEqual(teams.sqlite);
  }, 60_000);

  it("imports customers as SQLite does: unknown managers, case twins, duplicates, bad cells, re-imports, limits", async () => {
    const first = csv("customers.csv", [
      CUSTOMER_HEADER,
      "C4,客户四,13900000004,M1,gold,300.5,2021-03-04,2027-03-31,1",
      "c1,客户一,13900000001,M1,,,2021-01-01,,", // a case twin of the stored C1
      "C5,客户五,13900000005,M9,,,2021-01-01,,", // no such manager
      "c6,客户六,13900000006,M9,,,2021-01-01,,", // no such manager, and a twin of nothing yet
      "C6,客户六,13900000006,M1,silver,,2021-01-01,,",
      "c6,客户六,13900000006,M1,,,2021-01-01,,", // a twin of line 6
      "C6,客户六,13900000006,M1,,,2021-01-01,,", // line 6's key again
      "C6,客户六,13900000006,M9,,,2021-01-01,,", // line 6's key, but no such manager
      "C7,客户七,13900000007,M1,platinum,,2021-01-01,,", // no such level
      "C8,客户八,13900000008,M1,diamond,1000,2021-02-30,,", // no such day
      "C2,客户二改,13900000002,M1,gold,88,2020-01-01,,",
    ]);
    const once = await importBoth(first, "customers");
    expect(once.postgres).toEqual(once.sqlite);
    expect(once.postgres).toMatchObject({ rows: 11, inserted: 2, updated: 1, unchanged: 0, rejected: 8 });
    expect((once.postgres as ImportReport).issues.map((i) => [i.line, i.code, i.detail ?? null])).toEqual([
      [3, "case_twin_store", "C1"],
      [4, "unknown_manager", null],
      [5, "unknown_manager", null],
      [7, "case_twin_file", "6|C6"],
      [8, "duplicate_key", "6"],
      [9, "unknown_manager", null],
      [10, "bad_enum", expect.any(String)],
      [11, "bad_date", null],
    ]);
    // With room for fewer issues, checks come before duplicates, as on SQLite.
    for (const maxIssues of [1, 5, 6]) {
      const limited = await importBoth(first, "customers", maxIssues);
      expect(limited.postgres).toEqual(limited.sqlite);
    }
    const again = await importBoth(first, "customers");
    expect(again.postgres).toEqual(again.sqlite);
    expect(again.postgres).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });

    // Without the optional columns: what the file lacks stays as it is.
    const corrected = csv("customers-corrected.csv", [
      "customer_id,name,phone,manager_id,join_date",
      "C4,客户四,13900000044,M1,2021-03-04",
      "C6,客户六,13900000006,M1,2021-01-01",
    ]);
    const fixed = await importBoth(corrected, "customers");
    expect(fixed.postgres).toEqual(fixed.sqlite);
    expect(fixed.postgres).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const rows = await rowsBoth("Customer", CUSTOMER_COLUMNS, ["id"]);
    expect(rows.postgres).toEqual(rows.sqlite.map(withBooleans));
    expect(rows.postgres.map((r) => r.id)).toEqual(["C1", "C2", "C3", "C4", "C6"]);
    expect(rows.postgres[3]).toMatchObject({ phone: "13900000044", vipLevel: "gold", lunarBirthday: true });
  }, 60_000);

  it("lets one of two concurrent customers imports have an id, the other a case twin of it, never both", async () => {
    const file = (name: string, id: string, prefix: string) => {
      const lines = [CUSTOMER_HEADER, `${id},客户九,13900000009,M1,,,2021-01-01,,`];
      for (let i = 0; i < 20_000; i++) lines.push(`${prefix}${i},客户,13900000000,M1,,,2021-01-01,,`);
      return csv(name, lines);
    };
    const [upper, lower] = await Promise.all([
      importFileToPostgres(pool, file("upper.csv", "C9", "CA"), "customers", { today: TODAY }),
      importFileToPostgres(pool, file("lower.csv", "c9", "CB"), "customers", { today: TODAY }),
    ]);
    const codes = [upper, lower].map((r) => (r.ok ? r.value.issues.map((i) => i.code) : r.error.code));
    expect(codes.flat().sort()).toEqual(["case_twin_store"]);
    const nine = await pool.query(`SELECT "id" FROM "Customer" WHERE lower("id") = 'c9'`);
    expect(nine.rows).toHaveLength(1);
  }, 60_000);

  it("refuses a customers file that breaks at its end, leaving the customers as they were", async () => {
    const broken = csv("customers-broken.csv", [
      CUSTOMER_HEADER,
      "C4,客户四,13900000004,M1,gold,300.5,2021-03-04,,",
      "C1,客户一改,13900000001,M1,,,2020-01-01,,",
      'C5,"客户五,13900000005,M1,,,2021-01-01,,',
    ]);
    const before = await rowsBoth("Customer", CUSTOMER_COLUMNS, ["id"]);
    const result = await importFileToPostgres(pool, broken, "customers", { today: TODAY });
    expect(result.ok ? "imported" : result.error.code).toBe("malformed");
    const after = await rowsBoth("Customer", CUSTOMER_COLUMNS, ["id"]);
    expect(after.postgres).toEqual(before.postgres);
  }, 60_000);

  it("imports XLSX files of every kind as SQLite does", async () => {
    const managers = await xlsx("managers.xlsx", [
      ["manager_id", "name", "team_id", "team_name", "telegram_user_id"],
      ["M2", "张伟", "T2", "城南组", 7002],
      ["m1", "李四", "T1", null, null],
    ]);
    const customers = await xlsx("customers.xlsx", [
      ["customer_id", "name", "phone", "manager_id", "arpu", "join_date", "lunar_birthday"],
      ["C4", "客户四", 13900000004, "M2", 300.5, new Date(Date.UTC(2021, 2, 4)), true],
      ["C5", "客户五", 13900000005, "M9", 10, new Date(Date.UTC(2021, 2, 4)), false],
      [],
      ["C4", "客户四", 13900000004, "M2", 300.5, "2021-03-04", 0],
    ]);
    const bills = await xlsx("bills.xlsx", [
      ["customer_id", "month", "amount", "due_date", "paid_date"],
      ["C4", "2026-05", 300, new Date(Date.UTC(2026, 5, 15)), null],
      ["C9", "2026-05", 80, "2026-06-15", null],
    ]);
    for (const [path, kind] of [
      [managers, "managers"],
      [customers, "customers"],
      [bills, "bills"],
    ] as const) {
      const result = await importBoth(path, kind);
      expect(result.postgres, kind).toEqual(result.sqlite);
      expect(result.postgres, kind).toMatchObject({ inserted: 1, rejected: kind === "customers" ? 2 : 1 });
    }
    const rows = await rowsBoth("Customer", CUSTOMER_COLUMNS, ["id"]);
    expect(rows.postgres).toEqual(rows.sqlite.map(withBooleans));
    const billRows = await rowsBoth(
      "Bill",
      ["customerId", "month", "amount", "dueDate", "paidDate"],
      ["month"],
    );
    expect(billRows.postgres).toEqual(billRows.sqlite);
    expect(billRows.postgres).toEqual([
      { customerId: "C4", month: "2026-05", amount: 300, dueDate: "2026-06-15", paidDate: null },
    ]);
    // A sheet beyond the cell limit is refused by the parser thread, naming the limit, as on SQLite.
    const xlsxLimits = { ...XLSX_LIMITS, maxCells: 20 };
    const big = await importFileToPostgres(pool, customers, "customers", { today: TODAY, xlsxLimits });
    const small = await importFile(app.store, customers, "customers", { today: TODAY, xlsxLimits });
    expect(big.ok ? "imported" : big.error).toEqual(small.ok ? "imported" : small.error);
    expect(big.ok ? "imported" : big.error.code).toBe("too_large");
  }, 60_000);

  it("runs as `import` from the CLI on a PostgreSQL DATABASE_URL", async () => {
    const usage = csv("cli.csv", [
      USAGE_HEADER,
      "C1,2026-06-01,5,30,100,12,0,0",
      "C9,2026-06-01,1,1,1,1,0,0",
    ]);
    const env = { DATABASE_URL: database.url, RETAINBOT_AS_OF: TODAY };
    const run = await runCli(["import", usage, "--kind", "usage", "--json"], { env });
    expect(run.code, run.stderr).toBe(1); // some rows rejected
    const printed = JSON.parse(run.stdout) as { report: ImportReport };
    expect(printed.report).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
    // Managers, then their customers from a workbook.
    const managers = csv("cli-managers.csv", [MANAGER_HEADER, "M2,张伟,T2,城南组,manager,7002,"]);
    const customers = await xlsx("cli-customers.xlsx", [
      ["客户编号", "客户名称", "手机号码", "客户经理工号", "入网日期"],
      ["C4", "客户四", "13900000004", "M2", "2021-03-04"],
    ]);
    const people = await runCli(["import", managers, "--kind", "managers"], { env });
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toContain("新建团队 1 个");
    const workbook = await runCli(["import", customers, "--kind", "customers", "--json"], { env });
    expect(workbook.code, workbook.stderr).toBe(0);
    expect((JSON.parse(workbook.stdout) as { report: ImportReport }).report).toMatchObject({ inserted: 1 });
    const stored = await pool.query(
      `SELECT c."id", m."teamId" FROM "Customer" c JOIN "Manager" m ON m."id" = c."managerId" WHERE c."id" = 'C4'`,
    );
    expect(stored.rows).toEqual([{ id: "C4", teamId: "T2" }]);
  }, 120_000);
});
