import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { replyToPlainText } from "../../src/chat/reply.js";
import { handleMessage } from "../../src/commands/dispatch.js";
import { commands } from "../../src/commands/registry.js";
import { type DemoSummary, loadDemo } from "../../src/demo/load-demo.js";
import { CARE_CODES, SIGNAL_CODES } from "../../src/demo/plan.js";
import { LOCALES, messages } from "../../src/i18n/index.js";
import type { SqliteDatabase } from "../../src/store/database.js";
import { firstManagerId } from "../../src/store/managers.js";
import { DEMO_TABLES as TABLES } from "../setup/demo-tables.js";
import { createTestApp } from "../setup/test-app.js";
import { signalQueries } from "./demo-signal-queries.js";

const AS_OF = "2026-11-23";

const count = (db: SqliteDatabase, sql: string) => db.prepare(sql).pluck().get() as number;

describe("demo data (2,000 customers)", () => {
  let app: App;
  let summary: DemoSummary;
  let queries: ReturnType<typeof signalQueries>;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    app = createTestApp({ asOf: AS_OF });
    summary = await loadDemo(app.store, {
      seed: 42,
      asOf: AS_OF,
      customers: 2000,
      onProgress: (done, total) => progress.push([done, total]),
    });
    queries = signalQueries(app.store.sql, AS_OF);
  }, 120_000);
  afterAll(async () => app?.store.close());

  it("writes what the summary counts", () => {
    const db = app.store.sql;
    for (const table of TABLES)
      expect(count(db, `SELECT COUNT(*) FROM "${table}"`), table).toBe(
        summary.tables[table as keyof DemoSummary["tables"]],
      );
    expect(summary.tables).toMatchObject({ Team: 3, Manager: 15, Customer: 2000 });
    expect(summary.tables.DailyUsage).toBeGreaterThan(2000 * 110);
    expect(summary.tables.DailyUsage).toBeLessThanOrEqual(2000 * 120);
    expect(progress.at(-1)).toEqual([2000, 2000]);
  });

  it("has three teams of five managers with one lead each and chat identities", () => {
    const rows = app.store.sql
      .prepare(`SELECT "teamId", COUNT(*) AS n, SUM("role" = 'lead') AS leads,
        COUNT("telegramUserId") AS tg, COUNT("slackUserId") AS sl FROM "Manager" GROUP BY "teamId"`)
      .all();
    expect(rows).toEqual(["T01", "T02", "T03"].map((teamId) => ({ teamId, n: 5, leads: 1, tg: 5, sl: 5 })));
  });

  it("gives customers Chinese names and unique 11-digit mobile numbers", () => {
    const db = app.store.sql;
    const names = db.prepare(`SELECT "name" FROM "Customer"`).pluck().all() as string[];
    for (const name of names) expect(name).toMatch(/^[\u4e00-\u9fff]{2,12}$/);
    const phones = db.prepare(`SELECT "phone" FROM "Customer"`).pluck().all() as string[];
    for (const phone of phones) expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it("has group customers whose members share their group id", () => {
    const db = app.store.sql;
    const groups = count(db, `SELECT COUNT(*) FROM "Customer" WHERE "segment" = 'group'`);
    expect(groups).toBe(40);
    const sizes = db
      .prepare(`SELECT COUNT(*) FROM "Customer" m JOIN "Customer" g ON g."id" = m."groupId"
        WHERE g."segment" = 'group' GROUP BY m."groupId"`)
      .pluck()
      .all() as number[];
    expect(sizes).toHaveLength(groups);
    for (const n of sizes) expect(n).toBeGreaterThanOrEqual(8);
  });

  it("varies the profile fields", () => {
    const db = app.store.sql;
    const distinct = (col: string) =>
      db.prepare(`SELECT DISTINCT "${col}" FROM "Customer" ORDER BY 1`).pluck().all() as string[];
    expect(distinct("vipLevel")).toEqual(["diamond", "gold", "silver", "standard"]);
    expect(distinct("sensitivity")).toEqual(["brand", "price", "security", "service"]);
    expect(distinct("personality")).toEqual(["lively", "peaceful", "perfect", "powerful"]);
    expect(distinct("status")).toEqual(["active", "left", "suspended"]);
    expect(count(db, `SELECT COUNT(*) FROM "Customer" WHERE "lunarBirthday" = 1`)).toBeGreaterThan(50);
  });

  it("has a weekly pattern: fewer calls and more data at weekends", () => {
    const rows = app.store.sql
      .prepare(`SELECT strftime('%w', "date") IN ('0', '6') AS weekend, AVG("calls") AS calls, AVG("dataMb") AS data
        FROM "DailyUsage" GROUP BY weekend ORDER BY weekend`)
      .all() as { calls: number; data: number }[];
    expect(rows[1]!.calls).toBeLessThan(rows[0]!.calls * 0.8);
    expect(rows[1]!.data).toBeGreaterThan(rows[0]!.data * 1.1);
  });

  it("has mostly paid bills and no usage after the as-of day", () => {
    const db = app.store.sql;
    const unpaid = count(
      db,
      `SELECT COUNT(*) FROM "Bill" WHERE "paidDate" IS NULL AND "dueDate" < '${AS_OF}'`,
    );
    expect(unpaid).toBe(summary.planted.overdue_bill);
    expect(unpaid / summary.tables.Bill).toBeLessThan(0.02);
    expect(count(db, `SELECT COUNT(*) FROM "DailyUsage" WHERE "date" > '${AS_OF}'`)).toBe(0);
    expect(count(db, `SELECT COUNT(*) FROM "Bill" WHERE "paidDate" > '${AS_OF}'`)).toBe(0);
  });

  it.each([...SIGNAL_CODES, ...CARE_CODES])("plants %s where the data shows it", (code) => {
    const planted = summary.plantedIds[code];
    expect(planted.length).toBeGreaterThanOrEqual(code === "group_bulk_anomaly" ? 5 : 20);
    const showing = queries.showing(code);
    expect(planted.filter((id) => !showing.has(id))).toEqual([]);
  });

  it("keeps most customers healthy", () => {
    const atRisk = new Set(SIGNAL_CODES.flatMap((code) => [...queries.showing(code)]));
    expect(atRisk.size / 2000).toBeGreaterThan(0.1);
    expect(atRisk.size / 2000).toBeLessThan(0.3);
  });

  // A new user's first tries: what help suggests must work for the console's user on the demo
  // store `npm start` loads (same seed), not answer "not found" or "not understood".
  it.each(LOCALES)("answers every example the %s help suggests, as the console's user", async (locale) => {
    const userId = await firstManagerId(app.store.db);
    expect(userId).toBe("M001");
    for (const text of messages(locale).help.examples) {
      const { reply } = await handleMessage(
        app,
        { platform: "console", userId: userId!, chatType: "private", text, locale },
        commands,
      );
      expect(reply.errorCode, `${text}: ${replyToPlainText(reply)}`).toBeUndefined();
    }
  });
});
