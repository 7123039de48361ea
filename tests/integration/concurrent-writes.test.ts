/**
 * Issue 9, item 8: writers wait instead of failing. Another process holds the store's write lock
 * (a real CLI import of a big usage file, or a plain long transaction) while a manager's /done runs
 * through the command layer and a `warnings` run starts: nothing fails, nothing is lost.
 */
import { spawn } from "node:child_process";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SqliteApp as App } from "../../src/app.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { importFile } from "../../src/import/index.js";
import { runCli } from "../setup/run-cli.js";
import { projectRoot } from "../setup/template-db.js";
import { createTestApp } from "../setup/test-app.js";

const AS_OF = "2026-11-23";
let app: App;
afterEach(async () => {
  await app?.store.close();
});

/** A store with manager M1 (console user) and `customers` customers C0…; returns its file path. */
async function seededApp(dir: string, customers: number): Promise<string> {
  app = createTestApp({ asOf: AS_OF });
  const managers = join(dir, "managers.csv");
  writeFileSync(managers, "manager_id,name,team_id,role\nM1,王丽,T1,lead\n");
  const people = join(dir, "customers.csv");
  const lines = ["customer_id,name,phone,manager_id,join_date"];
  for (let c = 0; c < customers; c++)
    lines.push(`C${c},客户${c},138${String(c).padStart(8, "0")},M1,2020-01-01`);
  writeFileSync(people, `${lines.join("\n")}\n`);
  for (const [file, kind] of [
    [managers, "managers"],
    [people, "customers"],
  ] as const) {
    const r = await importFile(app.store, file, kind, { today: AS_OF });
    if (!r.ok || r.value.rejected > 0) throw new Error(`seed ${kind} failed`);
  }
  return app.store.path;
}

const done = (customer: string) =>
  handleMessage(
    app,
    { platform: "console", userId: "M1", chatType: "private", text: `/done ${customer} contacted 并发测试` },
    commands,
  );

/** Another process that takes the write lock, says so on stdout, and keeps it for `ms`. */
function holdWriteLock(path: string, ms: number): Promise<{ exited: Promise<number | null> }> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(path)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare("UPDATE Team SET name = name").run();
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { cwd: projectRoot });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("locked")) resolve({ exited });
    });
    child.on("error", reject);
    child.stderr.on("data", (d: Buffer) => reject(new Error(d.toString())));
  });
}

describe("writers wait instead of failing (9.8)", () => {
  it("a /done sent while another process holds the write lock longer than the old 5 s timeout is logged", async () => {
    const dir = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "rb-lock-"));
    const path = await seededApp(dir, 3);
    const holder = await holdWriteLock(path, 6_500);
    const started = Date.now();
    const reply = await done("C1");
    expect(reply.reply.errorCode).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThan(3_000); // it really waited for the lock
    expect(await holder.exited).toBe(0);
    const outcomes = await app.store.prisma.outcome.findMany({ where: { customerId: "C1" } });
    expect(outcomes.map((o) => [o.kind, o.note])).toEqual([["contacted", "并发测试"]]);
  }, 60_000);

  it("a real import in another process and a warnings run go on while /done keeps being logged", async () => {
    const dir = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "rb-import-"));
    const customers = 1000;
    const path = await seededApp(dir, customers);
    const usage = join(dir, "usage.csv");
    const out = createWriteStream(usage);
    out.write("customer_id,date,calls,call_minutes,data_mb,spend\n");
    for (let c = 0; c < customers; c++) {
      let chunk = "";
      for (let d = 0; d < 100; d++) {
        const day = new Date(Date.UTC(2026, 7, 1) + d * 86_400_000).toISOString().slice(0, 10);
        chunk += `C${c},${day},${d % 9},${d % 7}.5,${d},${(d % 50) / 10}\n`;
      }
      out.write(chunk);
    }
    await new Promise((resolve) => out.end(resolve));
    const env = { DATABASE_URL: `file:${path}`, RETAINBOT_AS_OF: AS_OF };
    const importing = runCli(["import", usage, "--kind", "usage", "--json"], { env });
    const warnings = runCli(["warnings", "--json"], { env });
    let sent = 0;
    let failed = 0;
    let finished = false;
    void importing.then(() => {
      finished = true;
    });
    while (!finished || sent < 5) {
      const reply = await done(`C${sent % 10}`);
      sent++;
      if (reply.reply.errorCode) failed++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const run = await importing;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).report).toMatchObject({ inserted: customers * 100, rejected: 0 });
    const warned = await warnings;
    expect(warned.stderr).toBe("");
    expect(warned.code).toBe(0);
    expect(failed).toBe(0);
    expect(await app.store.prisma.outcome.count()).toBe(sent);
  }, 180_000);
});
