import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { demoContentHash } from "../setup/demo-tables.js";
import { runCli } from "../setup/run-cli.js";

const AS_OF = "2026-11-23";

function inspect(path: string): { customers: number; hash: string } {
  const db = new Database(path, { readonly: true });
  try {
    const customers = db.prepare(`SELECT COUNT(*) FROM "Customer"`).pluck().get() as number;
    return { customers, hash: demoContentHash(db) };
  } finally {
    db.close();
  }
}

describe("setup and demo on the command line", () => {
  const path = join(mkdtempSync(join(tmpdir(), "retainbot-demo-cli-")), "store.db");
  const cli = (...args: string[]) => runCli([...args, "--db", path, "--as-of", AS_OF]);

  it("setup loads the demo into an empty store, and a second setup changes nothing", async () => {
    const first = await cli("setup");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("demo data loaded");
    const loaded = inspect(path);
    expect(loaded.customers).toBe(2000);

    const second = await cli("setup");
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("demo data loaded");
    expect(inspect(path)).toEqual(loaded);
    // The default demo holds 180 days of history since the churn model (was 120): 1.5× the rows.
  }, 180_000);

  it("demo refuses a store with data and leaves it as it was", async () => {
    const before = inspect(path);
    const run = await cli("demo", "--customers", "100");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("already has data");
    expect(run.stderr).toContain("--replace");
    expect(inspect(path)).toEqual(before);
  }, 60_000);

  it("demo --replace clears the customers and loads the demo with the given size and seed", async () => {
    const run = await cli("demo", "--replace", "--customers", "150", "--seed", "9", "--days", "40");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Cleared 2000 customers");
    expect(run.stdout).toContain("seed 9");
    expect(run.stdout).toMatch(/customers 150, daily usage \d+/);
    expect(inspect(path).customers).toBe(150);
  }, 60_000);

  it("demo rejects a bad --customers with a clear line", async () => {
    const run = await cli("demo", "--customers", "lots");
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('--customers must be a whole number from 1 to 10000000 (got "lots")');
  }, 60_000);
});
