/**
 * RULES_CONFIG is read once at start-up: a bad file stops createApp with one line per problem
 * naming the file and the setting; a good one changes what the rules find, end to end.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { createApp, loadConfig, UsageError } from "../../src/create-app.js";
import { importFile } from "../../src/import/index.js";
import { openStore } from "../../src/store/database.js";
import { createTestApp, createTestDb } from "../setup/test-app.js";

const D = "2026-06-30";
const FIXTURES = join(import.meta.dirname, "../fixtures/risk");
const dir = mkdtempSync(join(tmpdir(), "retainbot-rules-"));
let db: { path: string; url: string };

function rulesFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  db = createTestDb();
  const store = openStore(db.url);
  for (const kind of ["managers", "customers", "usage", "bills", "events"] as const) {
    const report = await importFile(store, join(FIXTURES, `${kind}.csv`), kind);
    if (!report.ok) throw new Error(report.error.code);
  }
  await store.close();
}, 60_000);

/** One message through createApp (which reads RULES_CONFIG) and the command layer. */
async function riskIds(rulesConfig?: string): Promise<string[]> {
  const env = { LOG_LEVEL: "silent", ...(rulesConfig ? { RULES_CONFIG: rulesConfig } : {}) };
  const app = createApp(loadConfig({ db: db.path, asOf: D }, env), { migrate: false });
  try {
    const { reply } = await handleMessage(
      app,
      { platform: "console", userId: "M1", chatType: "private", text: "/risk 20" },
      commands,
    );
    return (reply.data as { customers: { customerId: string }[] }).customers.map((c) => c.customerId);
  } finally {
    await app.store.close();
  }
}

describe("RULES_CONFIG", () => {
  it("refuses a bad file at start-up with one line per problem, naming the file and the setting", () => {
    const path = rulesFile(
      "bad.json",
      JSON.stringify({
        signals: { contractExpiring: { withinDays: -3 }, spendDrop: { maxPercent: 150 }, complaintt: {} },
        responseDeadlineHours: { level1: "24" },
      }),
    );
    let error: unknown;
    try {
      createApp(loadConfig({ db: db.path }, { LOG_LEVEL: "silent", RULES_CONFIG: path }), { migrate: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("Invalid rules configuration:");
    expect(lines.slice(1).sort()).toEqual(
      [
        `  RULES_CONFIG ${path}: responseDeadlineHours.level1: Invalid input: expected number, received string`,
        `  RULES_CONFIG ${path}: signals.complaintt: unknown setting (misspelt or misplaced?)`,
        `  RULES_CONFIG ${path}: signals.contractExpiring.withinDays: Too small: expected number to be >=0`,
        `  RULES_CONFIG ${path}: signals.spendDrop.maxPercent: Too big: expected number to be <=100`,
      ].sort(),
    );
  });

  it("refuses a file that is missing or not JSON, naming it", () => {
    const missing = join(dir, "nope.json");
    expect(() =>
      createApp(loadConfig({ db: db.path }, { RULES_CONFIG: missing }), { migrate: false }),
    ).toThrow(`RULES_CONFIG ${missing}: no such file`);
    const broken = rulesFile("broken.json", "{ signals: ");
    expect(() =>
      createApp(loadConfig({ db: db.path }, { RULES_CONFIG: broken }), { migrate: false }),
    ).toThrow(`RULES_CONFIG ${broken}: `);
  });

  it("changes a threshold end to end: a 20-day contract window drops the customer whose contract ends in 30", async () => {
    expect(await riskIds()).toContain("C01"); // contract ends 2026-07-30, 30 days after D
    const narrow = rulesFile(
      "narrow.json",
      JSON.stringify({ signals: { contractExpiring: { withinDays: 20 } } }),
    );
    expect(await riskIds(narrow)).not.toContain("C01");
    const wide = rulesFile(
      "wide.json",
      JSON.stringify({ signals: { contractExpiring: { withinDays: 30 } } }),
    );
    expect(await riskIds(wide)).toContain("C01");
  });

  it("reaches the test App too", async () => {
    const path = rulesFile("care.json", JSON.stringify({ care: { lookaheadDays: 9 } }));
    const app = createTestApp({ env: { RULES_CONFIG: path } });
    expect(app.rules.care.lookaheadDays).toBe(9);
    expect(app.rules.signals.contractExpiring.withinDays).toBe(60);
    await app.store.close();
  });
});
