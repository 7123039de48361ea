/**
 * Issue 14, item 2: imports into PostgreSQL through COPY into a staging table and one upsert, in
 * one transaction. The same files go into a SQLite store and a PostgreSQL store holding the same
 * customers: the reports (counts, issues, their order) and the rows written must be the same.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import {
  type ImportKind,
  type ImportReport,
  importFile,
  importFileToPostgres,
} from "../../../src/import/index.js";
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
  for (const [text, params] of seed) {
    app.store.sql.prepare(text).run(...params);
    let n = 0;
    await pool.query(
      text.replace(/\?/g, () => `$${++n}`),
      [...params],
    );
  }
});
afterEach(async () => {
  await pool.end();
  await app.store.close();
  await database.drop();
});

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

  it("says plainly which kinds and formats PostgreSQL imports, and imports nothing else", async () => {
    const managers = csv("managers.csv", ["manager_id,name,team_id,role", "M2,张伟,T1,manager"]);
    const result = await importFileToPostgres(pool, managers, "managers", { today: TODAY });
    expect(result.ok ? "imported" : result.error.code).toBe("unsupported_on_postgres");
    const count = await pool.query<{ n: string }>('SELECT count(*) AS n FROM "Manager"');
    expect(count.rows[0]?.n).toBe("1");
  });

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
    const refused = await runCli(["import", usage, "--kind", "customers"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("PostgreSQL 数据库目前只支持导入使用量、账单、事件的 CSV 文件");
  }, 120_000);
});
