/**
 * Issue 9, item 10: start-up races and atomic maintenance, through the real CLI in child processes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { compiledEntry } from "../setup/compiled-build.js";
import { runCli } from "../setup/run-cli.js";
import { projectRoot } from "../setup/template-db.js";
import { createTestDb } from "../setup/test-app.js";

const AS_OF = "2026-11-23";
const newStore = () => join(mkdtempSync(join(tmpdir(), "rb-startup-")), "store.db");
const env = (path: string) => ({ DATABASE_URL: `file:${path}`, RETAINBOT_AS_OF: AS_OF });

function facts(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const count = (t: string) => db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
    const index = db
      .prepare(`SELECT name FROM sqlite_master WHERE name = 'DailyUsage_date_idx'`)
      .pluck()
      .get();
    return {
      customers: count("Customer"),
      usage: count("DailyUsage"),
      dateIndex: index ?? null,
      integrity: db.prepare("PRAGMA integrity_check").pluck().get(),
    };
  } finally {
    db.close();
  }
}

describe("start-up and maintenance (9.10)", () => {
  it("two instances set up a new store at once: both succeed, migrations and demo happen once", async () => {
    const path = newStore();
    const [a, b] = await Promise.all([
      runCli(["setup"], { env: env(path) }),
      runCli(["setup"], { env: env(path) }),
    ]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, ""]);
    expect([a.stdout, b.stdout].filter((s) => s.includes("demo data loaded"))).toHaveLength(1);
    expect(facts(path)).toMatchObject({ customers: 2000, dateIndex: "DailyUsage_date_idx", integrity: "ok" });
  }, 180_000);

  it("demo --replace killed midway leaves the old store, index included; run again it completes", async () => {
    const { path } = createTestDb(); // migrated already
    expect((await runCli(["demo", "--customers", "300"], { env: env(path) })).code).toBe(0);
    const before = facts(path);
    expect(before).toMatchObject({ customers: 300, dateIndex: "DailyUsage_date_idx" });
    const child = spawn(
      process.execPath,
      [compiledEntry("src/cli/main.ts"), "demo", "--replace", "--customers", "30000"],
      { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: "warn", ...env(path) } },
    );
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        if (d.toString().includes("loading demo: ")) resolve();
      });
      child.on("close", () => reject(new Error("the demo finished before it could be killed")));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    expect(facts(path)).toEqual(before);
    const again = await runCli(["demo", "--replace", "--customers", "200"], { env: env(path) });
    expect(again.code).toBe(0);
    expect(facts(path)).toMatchObject({ customers: 200, dateIndex: "DailyUsage_date_idx", integrity: "ok" });
  }, 180_000);

  it("setup puts back an index the store lost", async () => {
    const { path } = createTestDb(); // migrated; a team makes it non-empty, so no demo is loaded
    const db = new Database(path);
    db.exec(
      `INSERT INTO Team (id, name) VALUES ('T1', 'x'); INSERT INTO Manager (id, name, teamId) VALUES ('M1', 'y', 'T1')`,
    );
    db.exec(
      `DROP INDEX "DailyUsage_date_idx"; DROP INDEX "Bill_paidDate_dueDate_customerId_month_amount_idx"`,
    );
    db.close();
    const repaired = await runCli(["setup"], { env: env(path) });
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain(
      "Repaired missing indexes: Bill_paidDate_dueDate_customerId_month_amount_idx, DailyUsage_date_idx",
    );
    expect(facts(path).dateIndex).toBe("DailyUsage_date_idx");
  }, 120_000);
});
