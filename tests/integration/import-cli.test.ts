import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "../setup/run-cli.js";
import { createTestDb } from "../setup/test-app.js";

// Each run is a real child process that also migrates the store: allow for a busy machine.
const CLI_TIMEOUT = 180_000;

describe("retainbot import", () => {
  it(
    "imports the examples in README order, then reports rejected rows (exit 1) and refused files (exit 2)",
    async () => {
      const db = createTestDb();
      const env = { DATABASE_URL: db.url, RETAINBOT_LOCALE: "en" };
      const run = (...args: string[]) => runCli(["import", ...args], { env });

      const managers = await run("examples/managers.csv", "--kind", "managers");
      expect(managers.stderr).toBe("");
      expect(managers.code).toBe(0);
      expect(managers.stdout).toContain("3 rows read: 3 inserted, 0 updated, 0 unchanged, 0 rejected");

      const gbk = await run("examples/customers-gbk.csv", "--kind", "customers", "--json");
      expect(gbk.code).toBe(0);
      const report = JSON.parse(gbk.stdout);
      expect(report).toMatchObject({ ok: true, report: { encoding: "gbk", inserted: 3, rejected: 0 } });

      const dir = mkdtempSync(join(tmpdir(), "retainbot-import-cli-"));
      const bad = join(dir, "customers.csv");
      writeFileSync(
        bad,
        "客户编号,客户名称,手机号码,客户经理工号,入网日期\nC0201,好,13700000001,E1001,2024-01-01\nC0202,坏,13700000002,E9999,2024-01-01\n",
      );
      const rejected = await run(bad, "--kind", "customers");
      expect(rejected.code).toBe(1);
      expect(rejected.stdout).toContain("2 rows read: 1 inserted, 0 updated, 0 unchanged, 1 rejected");
      expect(rejected.stdout).toContain(
        `${bad}:3 客户经理工号 (manager_id) = "E9999": no manager with this id`,
      );

      const missing = join(dir, "usage.csv");
      writeFileSync(missing, "customer_id,date,calls\nC0201,2024-01-01,1\n");
      const refused = await run(missing, "--kind", "usage");
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("required column(s) missing: call_minutes");

      const sql = new Database(db.path, { readonly: true });
      expect(sql.prepare(`SELECT id FROM Customer ORDER BY id`).pluck().all()).toEqual([
        "C0101",
        "C0102",
        "C0103",
        "C0201",
      ]);
      expect(sql.prepare(`SELECT count(*) FROM DailyUsage`).pluck().get()).toBe(0);
      sql.close();
    },
    CLI_TIMEOUT,
  );
});
